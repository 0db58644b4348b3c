"""Error responses: 401 wrong token, 404 unknown id, 400 bad field, all in Pipedrive's shape.

The shape is the operation's documented error schema where it has one (401 on /users/me),
otherwise the generic envelope of FACTS.md §2; `ContractClient.call` checks both.
"""

from __future__ import annotations

import httpx
import pytest

from .cases import PLACEHOLDERS, SUCCESS_CASES, V1, V2, Case
from .conftest import TOKEN, ContractClient, fill, make_app

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

UNKNOWN_ID = 987654
_ANY_IDS = dict.fromkeys(PLACEHOLDERS, 1)  # authentication comes before any lookup


def _one_case_per_operation_and_path() -> list[Case]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for case in SUCCESS_CASES:
        if (case.method, case.path) not in seen:
            seen.add((case.method, case.path))
            unique.append(case)
    return unique


UNIQUE_CASES = _one_case_per_operation_and_path()
ID_CASES = [case for case in UNIQUE_CASES if case.path_placeholders()]


@pytest.mark.parametrize("headers", [{"x-api-token": "wrong-token"}, {}], ids=["wrong", "none"])
@pytest.mark.parametrize("case", UNIQUE_CASES, ids=lambda case: case.id)
async def test_bad_token_is_401(anyio_backend: str, case: Case, headers: dict[str, str]) -> None:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers=headers
    ) as http:
        body = await ContractClient(http).call(
            case.method,
            fill(case.path, _ANY_IDS),
            json=fill(case.json, _ANY_IDS),
            params=fill(case.params, _ANY_IDS),
            expect=401,
            check_request=False,
        )
    assert body["success"] is False
    assert TOKEN not in str(body)


@pytest.mark.parametrize("case", ID_CASES, ids=lambda case: case.id)
async def test_unknown_id_is_404(api: ContractClient, ids: dict[str, int], case: Case) -> None:
    # Only the id in the path is unknown; ids in the body stay valid seeded ones.
    path_ids = {**ids, **dict.fromkeys(case.path_placeholders(), UNKNOWN_ID)}
    body = await api.call(
        case.method,
        fill(case.path, path_ids),
        json=fill(case.json, ids),
        params=fill(case.params, ids),
        expect=404,
    )
    assert body["success"] is False


BAD_REQUESTS: tuple[Case, ...] = (
    Case("POST", f"{V1}/roles", {}, label="name missing"),
    Case("POST", f"{V1}/roles/{{managers}}/assignments", {}, label="user_id missing"),
    Case(
        "POST",
        f"{V1}/roles/{{managers}}/settings",
        {"setting_key": "deal_access_level", "value": 1},
        label="read-only key (FACTS §5)",
    ),
    Case(
        "POST",
        f"{V1}/roles/{{managers}}/settings",
        {"setting_key": "deal_default_visibility", "value": 2},
        label="value not 1/3/5/7",
    ),
    Case("PUT", f"{V1}/roles/{{managers}}/pipelines", {}, label="visible_pipeline_ids missing"),
    Case("GET", f"{V1}/recents", label="since_timestamp missing"),
    Case("DELETE", f"{V1}/stages", label="ids missing"),
    Case("POST", f"{V1}/stages", {"name": "X"}, label="pipeline_id missing"),
    Case(
        "POST",
        f"{V1}/stages",
        {"name": "X", "pipeline_id": "{sales}", "deal_probability": 101},
        label="probability over 100 (FACTS §4)",
    ),
    Case(
        "POST",
        f"{V1}/stages",
        {"name": "X", "pipeline_id": UNKNOWN_ID},
        label="pipeline must exist (FACTS §4)",
    ),
    Case("PUT", f"{V1}/stages/{{lead}}", {"name": ""}, label="empty name (FACTS §4)"),
    Case("POST", f"{V1}/pipelines", {}, label="name missing"),
    Case("PUT", f"{V1}/pipelines/{{sales}}", {"name": ""}, label="empty name (FACTS §4)"),
    Case("POST", f"{V2}/stages", {"name": "X"}, label="pipeline_id missing"),
    Case(
        "PATCH",
        f"{V2}/stages/{{lead}}",
        {"deal_probability": "50"},
        label="no string coercion (FACTS §2)",
    ),
    Case(
        "PATCH",
        f"{V2}/stages/{{lead}}",
        {"is_deal_rot_enabled": 1},
        label="booleans only true/false (FACTS §2)",
    ),
    Case("POST", f"{V2}/pipelines", {}, label="name missing"),
    Case(
        "POST",
        f"{V2}/pipelines",
        {"name": "X", "is_deal_probability_enabled": 1},
        label="booleans only true/false (FACTS §2)",
    ),
)


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=lambda case: case.id)
async def test_bad_field_is_400(api: ContractClient, ids: dict[str, int], case: Case) -> None:
    body = await api.call(
        case.method,
        fill(case.path, ids),
        json=fill(case.json, ids),
        params=fill(case.params, ids),
        expect=400,
        check_request=False,
    )
    assert body["success"] is False
