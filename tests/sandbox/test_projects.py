"""v1 projects: the read-only world, writes, one-way archive, soft delete, plan placement."""

from __future__ import annotations

import pytest

from reconciler.sandbox.kinds.projects import Projects
from tests.sandbox.seeds_world import WORLD_SEED

pytestmark = pytest.mark.anyio
P = "/api/v1/projects"


@pytest.fixture
async def world(make_api):
    return make_api(seed=WORLD_SEED)


async def test_boards_phases_and_templates_come_from_the_seed(world):
    boards = await world.data("GET", f"{P}/boards")
    assert [(b["id"], b["name"], b["order_nr"]) for b in boards] == [
        (1, "Delivery", 1),
        (2, "Ops", 2),
    ]
    phases = await world.data("GET", f"{P}/phases", params={"board_id": 2})
    assert [(p["name"], p["board_id"], p["order_nr"]) for p in phases] == [
        ("Todo", 2, 1),
        ("Done", 2, 2),
    ]
    assert (await world.data("GET", f"{P}/phases/1"))["name"] == "Kickoff"
    templates = await world.data("GET", "/api/v1/projectTemplates")
    assert [(t["title"], t["projects_board_id"]) for t in templates] == [("Standard onboarding", 1)]
    assert (await world.call("GET", f"{P}/phases", params={"board_id": 9})).status_code == 404
    assert (await world.call("GET", f"{P}/boards/9")).status_code == 404


async def test_boards_phases_and_templates_are_read_only(world):
    for path in (f"{P}/boards", f"{P}/phases", "/api/v1/projectTemplates"):
        response = await world.call("POST", path, json={"name": "X"})
        assert response.status_code in (404, 405), path


async def test_seeded_project_reads_back_with_references_by_id(world):
    project = await world.data("GET", f"{P}/1")
    assert project["title"] == "ACME onboarding"
    assert (project["board_id"], project["phase_id"], project["owner_id"]) == (1, 1, 2)
    assert (project["deal_ids"], project["start_date"], project["archive_time"]) == (
        [101],
        "2026-12-01",
        None,
    )


async def test_create_answers_201_with_the_project(world, wall):
    response = await world.call(
        "POST", P, json={"title": "New", "board_id": 2, "phase_id": 3, "template_id": 1}
    )
    assert response.status_code == 201
    project = response.json()["data"]
    assert (project["id"], project["status"], project["owner_id"]) == (3, "open", 1)
    assert project["add_time"] == "2023-11-14 22:13:20"


async def test_update_checks_phase_against_board_and_moves_status_time(world, wall):
    wall.advance(60)
    moved = await world.call("PUT", f"{P}/1", json={"board_id": 2})
    assert moved.status_code == 400 and "'phase_id'" in moved.json()["error"]
    updated = await world.data("PUT", f"{P}/1", json={"status": "completed", "labels": [5]})
    assert (updated["status"], updated["labels"]) == ("completed", [5])
    assert updated["status_change_time"] == updated["update_time"] == "2023-11-14 22:14:20"
    # updateProjectRequest types these as a date and a string, never null.
    for field in ("start_date", "description", "org_id"):
        cleared = await world.call("PUT", f"{P}/1", json={field: None})
        assert cleared.status_code == 400 and f"'{field}'" in cleared.json()["error"]


async def test_archive_is_one_way_and_hides_the_project(world, wall):
    listed = await world.data("GET", P)
    assert [p["title"] for p in listed] == ["ACME onboarding"]
    with_archived = await world.data("GET", P, params={"include_archived": "true"})
    assert [p["title"] for p in with_archived] == ["ACME onboarding", "Old"]
    first = await world.data("POST", f"{P}/1/archive")
    wall.advance(60)
    again = await world.data("POST", f"{P}/1/archive")
    assert again["archive_time"] == first["archive_time"] is not None
    # No documented key un-archives: an archive_time in the body is not a writable field.
    await world.data("PUT", f"{P}/1", json={"title": "Still archived", "archive_time": None})
    assert (await world.data("GET", f"{P}/1"))["archive_time"] == first["archive_time"]
    assert await world.data("GET", P) == []


async def test_delete_is_soft(world):
    assert await world.data("DELETE", f"{P}/1") == {"id": 1}
    assert (await world.call("GET", f"{P}/1")).status_code == 404
    assert (await world.call("PUT", f"{P}/1", json={"title": "x"})).status_code == 404
    deleted = await world.data("GET", P, params={"status": "deleted"})
    assert [(p["id"], p["status"]) for p in deleted] == [(1, "deleted")]
    assert world.sandbox.store.part(Projects).projects[1].deleted is True


async def test_plan_lists_tasks_and_activities_with_their_placement(world):
    plan = await world.data("GET", f"{P}/1/plan")
    assert plan == [
        {"item_id": 1, "item_type": "task", "phase_id": 1, "group_id": 1},
        {"item_id": 2, "item_type": "task"},  # not placed: no phase, no group
        {"item_id": 9001, "item_type": "activity", "phase_id": 2},
    ]
    placed = await world.data("PUT", f"{P}/1/plan/tasks/2", json={"phase_id": 2, "group_id": 2})
    assert placed == {"item_id": 2, "item_type": "task", "phase_id": 2, "group_id": 2}
    moved = await world.data("PUT", f"{P}/1/plan/activities/9001", json={"group_id": 1})
    assert (moved["phase_id"], moved["group_id"]) == (2, 1)


async def test_plan_refuses_other_boards_groups_and_projects(world):
    wrong_phase = await world.call("PUT", f"{P}/1/plan/tasks/1", json={"phase_id": 3})
    assert wrong_phase.status_code == 400 and "'phase_id'" in wrong_phase.json()["error"]
    wrong_group = await world.call("PUT", f"{P}/1/plan/tasks/1", json={"group_id": 99})
    assert wrong_group.status_code == 400 and "'group_id'" in wrong_group.json()["error"]
    other_task = await world.call("PUT", f"{P}/1/plan/tasks/3", json={"phase_id": 1})
    assert other_task.status_code == 404
    assert (await world.call("PUT", f"{P}/1/plan/activities/1", json={})).status_code == 404


async def test_groups_tasks_and_activities_of_a_project(world):
    assert [g["name"] for g in await world.data("GET", f"{P}/1/groups")] == ["Week 1", "Week 2"]
    tasks = await world.data("GET", f"{P}/1/tasks")
    assert [(t["title"], t["done"]) for t in tasks] == [("Kickoff call", 0), ("Go live", 0)]
    # The document gives these lists no paging parameters: they come whole.
    whole = await world.call("GET", f"{P}/1/tasks", params={"limit": 1})
    assert len(whole.json()["data"]) == 2
    assert whole.json()["additional_data"] == {"next_cursor": None}
    activities = await world.data("GET", f"{P}/1/activities")
    assert [(a["id"], a["subject"]) for a in activities] == [(9001, "Call")]


async def test_list_filters_by_status_and_phase(world):
    assert await world.data("GET", P, params={"phase_id": 2}) == []
    assert [p["id"] for p in await world.data("GET", P, params={"status": "open"})] == [1]
    bad = await world.call("GET", P, params={"status": "paused"})
    assert bad.status_code == 400 and "'status'" in bad.json()["error"]


async def test_project_calls_are_charged_their_documented_costs(world):
    await world.call("GET", P)
    await world.call("POST", P, json={"title": "New", "board_id": 2, "phase_id": 3})
    stats = world.sandbox.stats.as_dict()
    assert stats["by_operation"]["GET /api/v1/projects"] == {"requests": 1, "tokens": 20}
    assert stats["by_operation"]["POST /api/v1/projects"] == {"requests": 1, "tokens": 10}
    assert stats["writes"] == 1
