"""v1 roles: tree, writes that answer only ids, assignments, settings, pipeline visibility."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


async def test_role_list_shows_the_tree_with_string_counts(api):
    roles = await api.data("GET", "/api/v1/roles")
    assert roles == [
        {"id": 1, "parent_role_id": None, "name": "(Unassigned users)", "active_flag": True,
         "assignment_count": "1", "sub_role_count": "0", "level": 1},
        {"id": 2, "parent_role_id": None, "name": "Managers", "active_flag": True,
         "assignment_count": "1", "sub_role_count": "1", "level": 1},
        {"id": 3, "parent_role_id": 2, "name": "Sellers", "active_flag": True,
         "assignment_count": "1", "sub_role_count": "0", "level": 2},
    ]  # fmt: skip


async def test_get_role_carries_settings_and_no_level(api):
    response = await api.call("GET", "/api/v1/roles/3")
    body = response.json()
    assert "level" not in body["data"]
    assert body["additional_data"]["settings"] == {
        "deal_default_visibility": 1,
        "lead_default_visibility": 1,
        "org_default_visibility": 1,
        "person_default_visibility": 1,
        "product_default_visibility": 1,
    }


async def test_writes_answer_only_the_id(api):
    created = await api.data("POST", "/api/v1/roles", json={"name": "Ops", "parent_role_id": 3})
    assert created == {"id": 4}
    assert await api.data("PUT", "/api/v1/roles/4", json={"name": "Operations"}) == {"id": 4}
    role = await api.data("GET", "/api/v1/roles/4")
    assert (role["name"], role["parent_role_id"]) == ("Operations", 3)
    assert await api.data("DELETE", "/api/v1/roles/4") == {"id": 4}
    assert (await api.call("GET", "/api/v1/roles/4")).status_code == 404
    assert [r["id"] for r in await api.data("GET", "/api/v1/roles")] == [1, 2, 3]


async def test_duplicate_names_are_allowed_and_name_is_required(api):
    assert (await api.call("POST", "/api/v1/roles", json={"name": "Managers"})).status_code == 200
    missing = await api.call("POST", "/api/v1/roles", json={"parent_role_id": 2})
    assert missing.status_code == 400
    assert missing.json()["error"] == "Parameter 'name' is required"


async def test_parent_cycles_and_unknown_parents_are_refused(api):
    cycle = await api.call("PUT", "/api/v1/roles/2", json={"parent_role_id": 3})
    assert cycle.status_code == 400 and "cycle" in cycle.json()["error"]
    itself = await api.call("PUT", "/api/v1/roles/2", json={"parent_role_id": 2})
    assert itself.status_code == 400
    unknown = await api.call("POST", "/api/v1/roles", json={"name": "X", "parent_role_id": 99})
    assert unknown.status_code == 400
    # Moving to top level with null works.
    assert await api.data("PUT", "/api/v1/roles/3", json={"parent_role_id": None}) == {"id": 3}
    assert (await api.data("GET", "/api/v1/roles/3"))["parent_role_id"] is None


async def test_default_role_cannot_be_deleted(api):
    response = await api.call("DELETE", "/api/v1/roles/1")
    assert response.status_code == 400
    assert response.json()["success"] is False


async def test_deleting_a_role_rehomes_users_and_sub_roles(api):
    await api.data("POST", "/api/v1/roles", json={"name": "Juniors", "parent_role_id": 3})
    await api.data("DELETE", "/api/v1/roles/3")
    juniors = await api.data("GET", "/api/v1/roles/4")
    assert juniors["parent_role_id"] == 2
    users = {u["id"]: u["role_id"] for u in await api.data("GET", "/api/v1/users")}
    assert users[2] == 1  # Sam moved to the default role


async def test_assignments_move_users_between_roles(api):
    assigned = await api.data("POST", "/api/v1/roles/3/assignments", json={"user_id": 3})
    assert assigned == {"user_id": 3, "role_id": 3}
    members = await api.data("GET", "/api/v1/roles/3/assignments")
    assert [m["user_id"] for m in members] == [2, 3]
    assert members[0] == {
        "user_id": 2, "role_id": 3, "parent_role_id": 2, "name": "Sellers",
        "active_flag": True, "type": "1",
    }  # fmt: skip
    # A user has one role: assigning elsewhere moves them.
    await api.data("POST", "/api/v1/roles/2/assignments", json={"user_id": 3})
    assert [m["user_id"] for m in await api.data("GET", "/api/v1/roles/3/assignments")] == [2]


async def test_removing_an_assignment_reads_the_delete_body(api):
    removed = await api.data("DELETE", "/api/v1/roles/3/assignments", json={"user_id": 2})
    assert removed == {"id": 3}
    assert await api.data("GET", "/api/v1/roles/3/assignments") == []
    assert (await api.data("GET", "/api/v1/users/2"))["role_id"] == 1
    no_body = await api.call("DELETE", "/api/v1/roles/3/assignments")
    assert no_body.status_code == 400 and "user_id" in no_body.json()["error"]
    unknown_user = await api.call("POST", "/api/v1/roles/3/assignments", json={"user_id": 42})
    assert unknown_user.status_code == 404


async def test_settings_accept_only_the_five_visibility_keys(api):
    changed = await api.data(
        "POST",
        "/api/v1/roles/2/settings",
        json={"setting_key": "deal_default_visibility", "value": 7},
    )
    assert changed == {"id": 2, "deal_default_visibility": 7}
    settings = await api.data("GET", "/api/v1/roles/2/settings")
    assert settings["deal_default_visibility"] == 7 and settings["org_default_visibility"] == 1
    bad_key = await api.call(
        "POST", "/api/v1/roles/2/settings", json={"setting_key": "deal_access_level", "value": 1}
    )
    assert bad_key.status_code == 400 and "setting_key" in bad_key.json()["error"]
    bad_value = await api.call(
        "POST",
        "/api/v1/roles/2/settings",
        json={"setting_key": "org_default_visibility", "value": 2},
    )
    assert bad_value.status_code == 400 and "value" in bad_value.json()["error"]


async def test_pipeline_visibility_is_a_delta_accepting_string_arrays(api):
    assert await api.data("GET", "/api/v1/roles/2/pipelines") == {
        "pipeline_ids": [1, 2],
        "visible": True,
    }
    body = {"visible_pipeline_ids": {"remove": "[1]"}}
    assert await api.data("PUT", "/api/v1/roles/2/pipelines", json=body) == {
        "pipeline_ids": [2],
        "visible": True,
    }
    hidden = await api.data("GET", "/api/v1/roles/2/pipelines?visible=false")
    assert hidden == {"pipeline_ids": [1], "visible": False}
    typed = await api.call("GET", "/api/v1/roles/2/pipelines?visible=0")  # a boolean, not 0/1
    assert typed.status_code == 400 and "'visible'" in typed.json()["error"]
    body = {"visible_pipeline_ids": {"add": [1], "remove": []}}
    assert (await api.data("PUT", "/api/v1/roles/2/pipelines", json=body))["pipeline_ids"] == [1, 2]
    unknown = {"visible_pipeline_ids": {"add": "[9]"}}
    assert (await api.call("PUT", "/api/v1/roles/2/pipelines", json=unknown)).status_code == 400


async def test_new_pipelines_are_visible_to_every_role(api):
    await api.data(
        "PUT", "/api/v1/roles/3/pipelines", json={"visible_pipeline_ids": {"remove": [2]}}
    )
    created = await api.data("POST", "/api/v2/pipelines", json={"name": "New"})
    visible = await api.data("GET", "/api/v1/roles/3/pipelines")
    assert visible["pipeline_ids"] == [1, created["id"]]


async def test_v1_form_bodies_are_read_as_the_document_types_them(api):
    response = await api.call("POST", "/api/v1/roles", data={"name": "Form", "parent_role_id": "2"})
    assert response.status_code == 200
    wrong = await api.call("POST", "/api/v1/roles", data={"name": "F", "parent_role_id": "two"})
    assert wrong.status_code == 400 and "'parent_role_id'" in wrong.json()["error"]
    flag = await api.call("POST", "/api/v1/stages", data={"name": "S", "pipeline_id": "1",
                                                          "rotten_flag": "1"})  # fmt: skip
    assert flag.status_code == 400 and "'rotten_flag'" in flag.json()["error"]
    role = await api.data("GET", f"/api/v1/roles/{response.json()['data']['id']}")
    assert role["parent_role_id"] == 2
