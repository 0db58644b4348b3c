"""The sandbox refuses what the documents do not allow, and says which field (issue 10).

Typed query values, JSON types as they are, YYYY-MM-DD dates, and list filters that are
either honoured or refused: never silently ignored.
"""

from __future__ import annotations

from typing import Any

import pytest

from .cases import V1, V2, Case
from .conftest import ContractClient, fill

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

_RECURRING = {"deal_id": "{deal_free}", "currency": "EUR", "cadence_type": "monthly",
              "cycle_amount": 10}  # fmt: skip

REFUSED: tuple[tuple[Case, str], ...] = (
    (Case("GET", f"{V2}/deals", params={"org_id": "abc"}), "'org_id'"),
    (Case("GET", f"{V2}/deals", params={"updated_since": "garbage"}), "'updated_since'"),
    (Case("GET", f"{V2}/deals", params={"updated_since": "2026-01-01"}), "'updated_since'"),
    (Case("GET", f"{V2}/deals", params={"ids": "1,x"}), "'ids'"),
    (Case("GET", f"{V2}/deals", params={"status": "open,paused"}), "'status'"),
    (Case("GET", f"{V2}/deals", params={"filter_id": 1}), "'filter_id'"),
    (Case("GET", f"{V2}/deals", params={"include_fields": "notes_count"}), "'include_fields'"),
    (Case("GET", f"{V2}/products", params={"owner_id": "abc"}), "'owner_id'"),
    (Case("GET", f"{V2}/products", params={"updated_since": "garbage"}), "'updated_since'"),
    (Case("GET", f"{V2}/products", params={"filter_id": 1, "ids": "17"}), "'filter_id'"),
    (Case("GET", f"{V2}/stages", params={"limit": "ten"}), "'limit'"),
    (Case("GET", f"{V1}/stages/{{lead}}/deals", params={"filter_id": 1}), "'filter_id'"),
    (Case("GET", f"{V1}/stages/{{lead}}/deals", params={"everyone": "true"}), "'everyone'"),
    (Case("GET", f"{V1}/pipelines/{{sales}}/deals", params={"filter_id": 1}), "'filter_id'"),
    (Case("GET", f"{V1}/pipelines/{{sales}}/deals", params={"get_summary": 1}), "'get_summary'"),
    (Case("GET", f"{V1}/roles/{{managers}}/pipelines", params={"visible": 1}), "'visible'"),
    (
        Case("GET", f"{V1}/recents", params={"since_timestamp": "x", "items": "stage,role"}),
        "'items'",
    ),
    (Case("PATCH", f"{V2}/stages/{{lead}}", {"days_to_rotten": None}), "'days_to_rotten'"),
    (Case("PATCH", f"{V2}/stages/{{lead}}", {"is_deal_rot_enabled": 1}), "'is_deal_rot_enabled'"),
    (
        Case(
            "POST", f"{V2}/stages", {"name": "X", "pipeline_id": "{sales}", "deal_probability": "5"}
        ),
        "'deal_probability'",
    ),
    (
        Case("POST", f"{V1}/stages", {"name": "X", "pipeline_id": "{sales}", "rotten_flag": 1}),
        "'rotten_flag'",
    ),
    (Case("PUT", f"{V1}/stages/{{lead}}", {"rotten_flag": "false"}), "'rotten_flag'"),
    (
        Case("POST", f"{V1}/pipelines", {"name": "X", "deal_probability": True}),
        "'deal_probability'",
    ),
    (Case("POST", f"{V1}/roles", {"parent_role_id": "{managers}"}), "'name'"),
    (
        Case(
            "POST",
            f"{V1}/roles/{{managers}}/settings",
            {"setting_key": "deal_default_visibility", "value": 2},
        ),
        "'value'",
    ),
    (Case("PUT", f"{V1}/projects/{{onboarding}}", {"start_date": "2026-W01-1"}), "'start_date'"),
    (Case("PUT", f"{V1}/projects/{{onboarding}}", {"end_date": "20260101"}), "'end_date'"),
    (
        Case("POST", f"{V1}/subscriptions/recurring", {**_RECURRING, "start_date": "2026-W01-1"}),
        "'start_date'",
    ),
    (
        Case("PUT", f"{V1}/subscriptions/recurring/{{recurring}}/cancel", {"end_date": "2026-W05"}),
        "'end_date'",
    ),
)


@pytest.mark.parametrize(("case", "field"), REFUSED, ids=[case.id for case, _ in REFUSED])
async def test_the_sandbox_refuses_and_names_the_field(
    api: ContractClient, ids: dict[str, int], case: Case, field: str
) -> None:
    body = await api.call(
        case.method,
        fill(case.path, ids),
        json=fill(case.json, ids),
        params=fill(case.params, ids),
        expect=400,
        check_request=False,
    )
    assert field in body["error"]


async def _deal_ids(api: ContractClient, params: dict[str, Any]) -> list[int]:
    body = await api.call("GET", f"{V2}/deals", params=params)
    return [deal["id"] for deal in body["data"]]


async def test_v2_deal_filters_are_honoured(api: ContractClient, ids: dict[str, int]) -> None:
    everyone = await _deal_ids(api, {})
    assert {101, 102, 103} <= set(everyone)
    assert await _deal_ids(api, {"ids": "101,103,987654"}) == [101, 103]
    assert await _deal_ids(api, {"person_id": 34}) == [101]
    assert await _deal_ids(api, {"org_id": 12, "ids": "101,102"}) == [101]
    assert await _deal_ids(api, {"person_id": 35}) == []
    assert await _deal_ids(api, {"status": "won"}) == []
    assert await _deal_ids(api, {"updated_since": "2999-01-01T00:00:00Z"}) == []
    assert await _deal_ids(api, {"updated_until": "2000-01-01T00:00:00+02:00"}) == []
    assert await _deal_ids(api, {"updated_since": "2000-01-01T00:00:00Z"}) == everyone


async def test_v2_product_filters_are_honoured(api: ContractClient, ids: dict[str, int]) -> None:
    found = await api.call(
        "GET", f"{V2}/products", params={"updated_since": "2999-01-01T00:00:00Z"}
    )
    assert found["data"] == []
    one = await api.call("GET", f"{V2}/products/{ids['widget']}")
    assert one["data"]["name"] == "Widget"


async def test_v1_deal_lists_take_owner_stage_and_everyone(
    api: ContractClient, ids: dict[str, int]
) -> None:
    path = f"{V1}/pipelines/{ids['sales']}/deals"
    everyone = await api.call("GET", path, params={"everyone": 1})
    lead = await api.call("GET", path, params={"everyone": 1, "stage_id": ids["lead"]})
    assert len(lead["data"]) < len(everyone["data"])
    assert {deal["stage_id"] for deal in lead["data"]} == {ids["lead"]}
    # filter_id is disregarded, as documented, once everyone or user_id is given.
    also = await api.call("GET", path, params={"everyone": 1, "filter_id": 5})
    assert also["data"] == everyone["data"]
