"""Writes return what the documents say they return (FACTS.md §12 item 8: "Writes return little").

The schemas only say which fields may appear; these values come from the operation
descriptions and examples quoted in FACTS.md §4-§7.
"""

from __future__ import annotations

from typing import Any

import pytest

from .cases import V1, V2, Case
from .conftest import ContractClient, fill

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

# (request, expected `data`); seeded Managers sees only Sales (conftest.SEED).
WRITE_RESULTS: tuple[tuple[Case, Any], ...] = (
    (Case("PUT", f"{V1}/roles/{{reps}}", {"name": "Sales reps"}), {"id": "{reps}"}),
    (Case("DELETE", f"{V1}/roles/{{reps}}"), {"id": "{reps}"}),
    (
        Case("POST", f"{V1}/roles/{{managers}}/assignments", {"user_id": "{user_c}"}),
        {"user_id": "{user_c}", "role_id": "{managers}"},
    ),
    # "Removes the assigned user from a role": returns the role id (FACTS.md §5).
    (
        Case("DELETE", f"{V1}/roles/{{managers}}/assignments", {"user_id": "{user_a}"}),
        {"id": "{managers}"},
    ),
    # Only the changed key comes back (FACTS.md §5, example {"id":2,"deal_default_visibility":1}).
    (
        Case(
            "POST",
            f"{V1}/roles/{{managers}}/settings",
            {"setting_key": "lead_default_visibility", "value": 3},
        ),
        {"id": "{managers}", "lead_default_visibility": 3},
    ),
    # visible_pipeline_ids is a delta; the response is the resulting visible list (§5).
    (
        Case(
            "PUT",
            f"{V1}/roles/{{managers}}/pipelines",
            {"visible_pipeline_ids": {"add": "[{support}]", "remove": "[{sales}]"}},
        ),
        {"pipeline_ids": ["{support}"], "visible": True},
    ),
    (
        Case(
            "PUT",
            f"{V1}/roles/{{managers}}/pipelines",
            {"visible_pipeline_ids": {"add": ["{support}"]}},
        ),
        {"pipeline_ids": ["{sales}", "{support}"], "visible": True},
    ),
    (
        Case("GET", f"{V1}/roles/{{managers}}/pipelines", params={"visible": "false"}),
        {"pipeline_ids": ["{support}"], "visible": False},
    ),
    # Bulk delete answers {"id": [1, 2]} (FACTS.md §12 item 4).
    (
        Case("DELETE", f"{V1}/stages", params={"ids": "{won},{open}"}),
        {"id": ["{won}", "{open}"]},
    ),
    (Case("DELETE", f"{V1}/stages/{{open}}"), {"id": "{open}"}),
    (Case("DELETE", f"{V1}/pipelines/{{support}}"), {"id": "{support}"}),
    (Case("DELETE", f"{V2}/stages/{{open}}"), {"id": "{open}"}),
    (Case("DELETE", f"{V2}/pipelines/{{support}}"), {"id": "{support}"}),
)


def _normalised(data: Any) -> Any:
    # Id lists are sets in meaning; the documents promise no order.
    if isinstance(data, dict):
        return {key: _normalised(value) for key, value in data.items()}
    if isinstance(data, list) and all(isinstance(item, int) for item in data):
        return sorted(data)
    return data


@pytest.mark.parametrize(
    ("case", "expected"), WRITE_RESULTS, ids=[case.id for case, _ in WRITE_RESULTS]
)
async def test_write_returns_documented_data(
    api: ContractClient, ids: dict[str, int], case: Case, expected: Any
) -> None:
    body = await api.call(
        case.method, fill(case.path, ids), json=fill(case.json, ids), params=fill(case.params, ids)
    )
    assert _normalised(body["data"]) == _normalised(fill(expected, ids))


async def test_created_objects_read_back_as_written(
    api: ContractClient, ids: dict[str, int]
) -> None:
    # v1 stage POST returns the BaseStage; v2 reads the same stage with renamed fields (§4).
    created = await api.call(
        "POST",
        f"{V1}/stages",
        json={
            "name": "Stale",
            "pipeline_id": ids["support"],
            "rotten_flag": True,
            "rotten_days": 7,
        },
    )
    stage = created["data"]
    assert (stage["name"], stage["pipeline_id"], stage["rotten_days"]) == (
        "Stale",
        ids["support"],
        7,
    )
    again = await api.call("GET", f"{V2}/stages/{stage['id']}")
    v2 = again["data"]
    assert (v2["is_deal_rot_enabled"], v2["days_to_rotten"], v2["is_deleted"]) == (True, 7, False)
