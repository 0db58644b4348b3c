"""Objects and envelopes shaped as the documents show them (issue 10, item 4).

Schema validation cannot see a key that is missing (the documents require none), so these
compare keys with the documented ones directly.
"""

from __future__ import annotations

import uuid

import pytest

from .cases import SUCCESS_CASES, V1, V2, Case
from .conftest import ContractClient, fill
from .openapi import find_operation, split_api_path
from .schemas import close_objects

pytestmark = [pytest.mark.contract, pytest.mark.anyio]


def _example_shows_null_additional_data(case: Case) -> bool:
    version, path = split_api_path(case.path.replace("{", "").replace("}", ""))
    operation = find_operation(version, case.method, path)
    response = operation.spec["responses"][str(operation.success_status)]
    example = response["content"]["application/json"].get("example", {})
    return "additional_data" in example and example["additional_data"] is None


NULL_EXTRA_CASES = [case for case in SUCCESS_CASES if _example_shows_null_additional_data(case)]


def test_the_null_additional_data_cases_are_the_projects_ones() -> None:
    # v1 projects, and of the admin kinds the v2 board and phase lists and the bulk options.
    assert len(NULL_EXTRA_CASES) >= 15
    admin = ("/api/v2/boards", "/api/v2/phases", "/options")
    assert all("/project" in case.path or case.path.endswith(admin) for case in NULL_EXTRA_CASES)


@pytest.mark.parametrize("case", NULL_EXTRA_CASES, ids=lambda case: case.id)
async def test_additional_data_is_null_where_the_examples_show_null(
    api: ContractClient, ids: dict[str, int], case: Case
) -> None:
    body = await api.call(
        case.method, fill(case.path, ids), json=fill(case.json, ids), params=fill(case.params, ids)
    )
    assert "additional_data" in body and body["additional_data"] is None


ACCESS_LEVELS = {f"{kind}_access_level" for kind in ("deal", "org", "person", "product")}


async def test_only_the_default_role_has_access_levels(
    api: ContractClient, ids: dict[str, int]
) -> None:
    default = await api.call("GET", f"{V1}/roles/{ids['default_role']}/settings")
    assert default["data"].keys() >= ACCESS_LEVELS
    assert all(isinstance(default["data"][key], int) for key in ACCESS_LEVELS)
    other = await api.call("GET", f"{V1}/roles/{ids['managers']}/settings")
    assert not ACCESS_LEVELS & other["data"].keys()
    # A user of the default role reads the same settings through /users/{id}/roleSettings.
    mine = await api.call("GET", f"{V1}/users/{ids['user_c']}/roleSettings")
    assert mine["data"] == default["data"]


async def test_user_access_names_its_permission_set(
    api: ContractClient, ids: dict[str, int]
) -> None:
    users = await api.call("GET", f"{V1}/users")
    for user in users["data"]:
        for access in user["access"]:
            assert uuid.UUID(access["permission_set_id"])


async def test_role_assignments_of_a_user_name_its_role(
    api: ContractClient, ids: dict[str, int]
) -> None:
    found = await api.call("GET", f"{V1}/users/{ids['user_a']}/roleAssignments")
    assert [(a["user_id"], a["role_id"]) for a in found["data"]] == [
        (ids["user_a"], ids["managers"])
    ]


def _documented_deal_keys() -> set[str]:
    operation = find_operation("v2", "GET", "/deals/1")
    schema = close_objects(operation.raw_response_schema(200))
    return set(schema["properties"]["data"]["properties"])


async def test_a_v2_deal_has_every_documented_key_it_has_a_value_for(
    api: ContractClient, ids: dict[str, int]
) -> None:
    linked = (await api.call("GET", f"{V2}/deals/{ids['deal_recurring']}"))["data"]
    # An open deal has not been won or lost, and sandbox deals have no expected close date:
    # those non-nullable keys are left out rather than sent as null.
    assert _documented_deal_keys() - linked.keys() == {
        "won_time",
        "lost_time",
        "expected_close_date",
    }
    assert (linked["person_id"], linked["org_id"], linked["label_ids"]) == (34, 12, [])
    unlinked = (await api.call("GET", f"{V2}/deals/{ids['deal_free']}"))["data"]
    assert {"person_id", "org_id"} & unlinked.keys() == set()
    listed = await api.call("GET", f"{V2}/deals", params={"ids": str(ids["deal_recurring"])})
    assert listed["data"] == [linked]
