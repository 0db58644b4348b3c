"""Boards and phases (v2, with the v1 views), activity types, lead labels and webhooks."""

from __future__ import annotations

import pytest

from tests.sandbox.seeds_admin import ADMIN_SEED

pytestmark = pytest.mark.anyio
V1, V2 = "/api/v1", "/api/v2"


async def _boards(api) -> dict[str, int]:
    return {b["name"]: b["id"] for b in await api.data("GET", f"{V2}/boards")}


async def _phases(api, board_id: int) -> list[tuple[str, int]]:
    phases = await api.data("GET", f"{V2}/phases", params={"board_id": board_id})
    return [(p["name"], p["order_nr"]) for p in phases]


async def test_order_nr_inserts_and_shifts(make_api):
    api = make_api(seed=ADMIN_SEED)
    board = (await _boards(api))["Delivery"]
    await api.data("POST", f"{V2}/phases", json={"name": "Plan", "board_id": board, "order_nr": 1})
    assert await _phases(api, board) == [("Plan", 1), ("Kickoff", 2), ("Rollout", 3), ("Done", 4)]
    too_far = {"name": "X", "board_id": board, "order_nr": 6}
    assert (await api.call("POST", f"{V2}/phases", json=too_far)).status_code == 400
    done = next(p for p in await api.data("GET", f"{V2}/phases", params={"board_id": board})
                if p["name"] == "Done")  # fmt: skip
    await api.data("PATCH", f"{V2}/phases/{done['id']}", json={"order_nr": 1})
    assert [name for name, _ in await _phases(api, board)] == ["Done", "Plan", "Kickoff", "Rollout"]
    # An update counts the phase itself: "between 1 and the total number of phases + 1".
    await api.data("PATCH", f"{V2}/phases/{done['id']}", json={"order_nr": 5})
    assert await _phases(api, board) == [("Plan", 1), ("Kickoff", 2), ("Rollout", 3), ("Done", 4)]
    too_far = {"order_nr": 6}
    assert (await api.call("PATCH", f"{V2}/phases/{done['id']}", json=too_far)).status_code == 400
    await api.data("PATCH", f"{V2}/phases/{done['id']}", json={"order_nr": 1})
    first = await api.data("POST", f"{V2}/boards", json={"name": "Intake", "order_nr": 1})
    listed = await api.data("GET", f"{V2}/boards")
    assert [(b["name"], b["order_nr"]) for b in listed] == [
        ("Intake", 1),
        ("Delivery", 2),
        ("Ops", 3),
    ]
    assert first["order_nr"] == 1


async def test_v1_reads_the_same_boards_and_phases(make_api):
    api = make_api(seed=ADMIN_SEED)
    board = (await _boards(api))["Ops"]
    await api.data("PATCH", f"{V2}/boards/{board}", json={"name": "Operations"})
    v1 = await api.data("GET", f"{V1}/projects/boards/{board}")
    assert v1["name"] == "Operations" and " " in v1["update_time"]  # v1 timestamp
    phases = await api.data("GET", f"{V1}/projects/phases", params={"board_id": board})
    assert [p["name"] for p in phases] == ["Todo"]
    assert (await api.call("POST", f"{V1}/projects/boards", json={"name": "X"})).status_code == 405


async def test_a_phase_moves_board_with_its_projects(make_api):
    api = make_api(seed=ADMIN_SEED)
    boards = await _boards(api)
    (project,) = await api.data("GET", f"{V1}/projects")
    moved = await api.data("PATCH", f"{V2}/phases/{project['phase_id']}",
                           json={"board_id": boards["Ops"]})  # fmt: skip
    assert (moved["board_id"], moved["order_nr"]) == (boards["Ops"], 2)
    assert [n for n, _ in await _phases(api, boards["Delivery"])] == ["Kickoff", "Done"]
    (project,) = await api.data("GET", f"{V1}/projects")
    assert project["board_id"] == boards["Ops"]


async def test_deleting_a_board_deletes_its_phases_and_their_projects(make_api):
    api = make_api(seed=ADMIN_SEED)
    boards = await _boards(api)
    assert await api.data("DELETE", f"{V2}/boards/{boards['Delivery']}") == {
        "id": boards["Delivery"]
    }
    assert await api.data("GET", f"{V1}/projects") == []
    deleted = await api.data("GET", f"{V1}/projects", params={"status": "deleted"})
    assert [p["title"] for p in deleted] == ["ACME"]
    assert (await api.call("GET", f"{V2}/boards/{boards['Delivery']}")).status_code == 404
    assert [(b["name"], b["order_nr"]) for b in await api.data("GET", f"{V2}/boards")] == [
        ("Ops", 1)
    ]


async def test_activity_types_built_in_ordered_and_soft_deleted(make_api):
    api = make_api(seed=ADMIN_SEED)
    types = await api.data("GET", f"{V1}/activityTypes")
    builtin = [t["key_string"] for t in types if not t["is_custom_flag"]]
    assert builtin == ["call", "meeting", "task", "deadline", "email", "lunch"]
    call = next(t for t in types if t["key_string"] == "call")
    assert call["color"] == "00FF00"  # the seed's declaration of a built-in type
    demo = next(t for t in types if t["name"] == "Demo")
    assert (demo["icon_key"], demo["order_nr"], demo["is_custom_flag"]) == ("presentation", 7, True)
    await api.data("PUT", f"{V1}/activityTypes/{demo['id']}", json={"order_nr": 0})
    deleted = await api.data("DELETE", f"{V1}/activityTypes/{demo['id']}")
    assert deleted["active_flag"] is False
    listed = await api.data("GET", f"{V1}/activityTypes")
    assert listed[0]["id"] == demo["id"] and listed[0]["active_flag"] is False
    again = await api.call("PUT", f"{V1}/activityTypes/{demo['id']}", json={"name": "X"})
    assert again.status_code == 404
    bad = {"name": "Y", "icon_key": "call", "color": "red"}
    assert (await api.call("POST", f"{V1}/activityTypes", json=bad)).status_code == 400
    unknown_icon = {"name": "Y", "icon_key": "rocket"}
    assert (await api.call("POST", f"{V1}/activityTypes", json=unknown_icon)).status_code == 400


async def test_lead_labels_have_uuid_ids_and_are_hard_deleted(make_api):
    api = make_api(seed=ADMIN_SEED)
    (hot,) = await api.data("GET", f"{V1}/leadLabels")
    assert len(hot["id"]) == 36 and hot["id"].count("-") == 4
    patched = await api.data("PATCH", f"{V1}/leadLabels/{hot['id']}", json={"color": "purple"})
    assert (patched["name"], patched["color"]) == ("Hot", "purple")
    assert await api.data("DELETE", f"{V1}/leadLabels/{hot['id']}") == {"id": hot["id"]}
    assert await api.data("GET", f"{V1}/leadLabels") == []
    gone = await api.call("PATCH", f"{V1}/leadLabels/{hot['id']}", json={"name": "X"})
    assert gone.status_code == 404 and gone.json()["success"] is False
    bad = await api.call("POST", f"{V1}/leadLabels", json={"name": "X", "color": "cyan"})
    assert bad.status_code == 400


async def test_webhooks_answer_201_and_never_show_the_password(make_api):
    api = make_api(seed=ADMIN_SEED)
    (hook,) = await api.data("GET", f"{V1}/webhooks")
    users = {u["email"]: u["id"] for u in await api.data("GET", f"{V1}/users")}
    assert (hook["event_action"], hook["event_object"]) == ("added", "deal")
    assert (hook["user_id"], hook["version"]) == (users["bo@example.com"], "1.0")
    assert hook["http_auth_user"] == "hook" and hook["http_auth_password"] != "hunter2"
    body = {"subscription_url": "https://hooks.example.com/x", "event_action": "delete",
            "event_object": "*", "name": "Gone", "http_auth_password": "s3cret"}  # fmt: skip
    created = await api.call("POST", f"{V1}/webhooks", json=body)
    assert created.status_code == 201 and "s3cret" not in created.text
    assert created.json()["data"]["event_action"] == "deleted"
    assert "hunter2" not in (await api.call("GET", f"{V1}/webhooks")).text


async def test_webhooks_refuse_pipedrive_urls_and_cannot_be_updated(make_api):
    api = make_api(seed=ADMIN_SEED)
    body = {"subscription_url": "https://acme.pipedrive.com/api/v1/deals",
            "event_action": "create", "event_object": "deal", "name": "Loop"}  # fmt: skip
    refused = await api.call("POST", f"{V1}/webhooks", json=body)
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"subscription_url": ["cannot be a Pipedrive API endpoint"]}
    (hook,) = await api.data("GET", f"{V1}/webhooks")
    assert (await api.call("PUT", f"{V1}/webhooks/{hook['id']}", json={})).status_code == 405
    deleted = await api.call("DELETE", f"{V1}/webhooks/{hook['id']}")
    assert deleted.json() == {"status": "ok", "success": True}
    again = await api.call("DELETE", f"{V1}/webhooks/{hook['id']}")
    assert again.status_code == 404 and again.json()["errors"] == {"id": ["not found"]}


async def test_admin_kinds_survive_a_state_dump(make_api):
    api = make_api(seed=ADMIN_SEED)
    state = (await api.control.get("/_sandbox/state")).json()
    fields = await api.data("GET", f"{V2}/dealFields")
    labels = await api.data("GET", f"{V1}/leadLabels")
    restored = make_api(seed=state)
    assert await restored.data("GET", f"{V2}/dealFields") == fields
    assert await restored.data("GET", f"{V1}/leadLabels") == labels
    new = await restored.data("POST", f"{V1}/leadLabels", json={"name": "New", "color": "blue"})
    assert new["id"] not in {label["id"] for label in labels}
