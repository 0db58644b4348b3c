"""Planner tables for project boards and phases (pure: no sandbox)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from reconciler.errors import PlanError
from reconciler.kinds.boards.blockers import Projects, ProjectsBlock
from reconciler.kinds.boards.payloads import BoardDeleted, Placed
from reconciler.kinds.projects.payloads import ProjectWrite
from reconciler.planning.planner import build_plan
from reconciler.state import BOARD, PHASE, PROJECT, LiveState, Resource
from tests.unit.planning.planning_builders import desired


def board(bid: int, name: str, position: int) -> Resource:
    return Resource(BOARD, (name,), {"name": name, "position": position}, id=bid)


def phases(bid: int, board_name: str, *names: str, first_id: int = 100) -> tuple[Resource, ...]:
    return tuple(
        Resource(
            PHASE,
            (board_name, name),
            {"name": name, "board": board_name, "board_id": bid, "position": n},
            id=first_id + n,
        )
        for n, name in enumerate(names, start=1)
    )


DELIVERY = (board(1, "Delivery", 1), *phases(1, "Delivery", "Kickoff", "Rollout", "Done"))
INTERNAL = (board(2, "Internal", 2), *phases(2, "Internal", "Backlog", first_id=200))


def plan(config: dict[str, Any], *live: Resource, blocked: frozenset[str] = frozenset()):
    return build_plan(desired(config), LiveState(resources=live), blocked=blocked)


def rows(result) -> list[tuple[str, str, list[tuple[str, Any, Any]]]]:
    return [
        (c.action.value, c.address, [(f.path, f.before, f.after) for f in c.fields])
        for c in result.changes
    ]


def test_declared_as_live_is_no_change():
    config = {"boards": [{"name": "Delivery", "phases": ["Kickoff", "Rollout", "Done"]}]}
    result = plan(config, *DELIVERY, *INTERNAL)
    assert result.changes == ()
    assert result.unmanaged == ("board/Internal",)


def test_without_boards_nothing_is_managed_or_listed():
    result = plan({}, *DELIVERY, *INTERNAL)
    assert result.changes == () and result.unmanaged == ()


def test_renames_of_a_board_and_a_phase_are_updates():
    config = {
        "boards": [
            {
                "name": "Delivery EU",
                "renamed_from": ["Delivery"],
                "phases": ["Kickoff", {"name": "Roll-out", "renamed_from": ["Rollout"]}, "Done"],
            }
        ]
    }
    assert rows(plan(config, *DELIVERY)) == [
        ("update", "board/Delivery EU", [("name", "Delivery", "Delivery EU")]),
        ("update", "phase/Delivery EU/Roll-out", [("name", "Rollout", "Roll-out")]),
    ]


def test_appended_creates_run_in_list_order_without_positions():
    config = {"boards": [{"name": "Delivery", "phases": ["Kickoff", "Rollout", "Done", "A", "B"]}]}
    result = plan(config, *DELIVERY)
    assert [(c.address, c.level) for c in result.changes] == [
        ("phase/Delivery/A", 4),
        ("phase/Delivery/B", 5),
    ]
    assert all(c.payload == Placed(set_position=False) for c in result.changes)


def test_a_new_phase_first_is_placed():
    config = {"boards": [{"name": "Delivery", "phases": ["Intro", "Kickoff", "Rollout", "Done"]}]}
    (change,) = plan(config, *DELIVERY).changes
    assert change.address == "phase/Delivery/Intro"
    assert change.payload == Placed(set_position=True)
    assert change.after is not None and change.after["position"] == 1


def test_a_reorder_writes_only_what_is_out_of_place_when_its_turn_comes():
    config = {"boards": [{"name": "Delivery", "phases": ["Done", "Kickoff", "Rollout"]}]}
    assert rows(plan(config, *DELIVERY)) == [
        ("update", "phase/Delivery/Done", [("position", 3, 1)]),
    ]


def _replay(live: list[str], result) -> list[str]:
    """What Pipedrive does with the plan's order writes: an object written to position k
    goes there and the others move along."""
    order = list(live)
    for change in sorted(result.changes, key=lambda c: c.order):
        name = change.key[-1]
        if change.action.value == "update":
            order.remove(name)
        if change.action.value != "delete" and change.after and "position" in change.after:
            placed = change.action.value == "update" or change.payload == Placed(True)
            order.insert(change.after["position"] - 1 if placed else len(order), name)
    return order


@pytest.mark.parametrize("wanted", list(itertools.permutations(["A", "B", "C", "D"])))
def test_every_reorder_ends_in_the_declared_order(wanted: tuple[str, ...]):
    live = phases(1, "Board", "C", "B", "A", "D")
    config = {"boards": [{"name": "Board", "phases": list(wanted)}]}
    result = plan(config, board(1, "Board", 1), *live)
    assert _replay(["C", "B", "A", "D"], result) == list(wanted)
    again = plan(config, board(1, "Board", 1), *phases(1, "Board", *wanted))
    assert again.changes == ()


def test_boards_keep_their_relative_order_around_unmanaged_ones():
    live = (board(3, "X", 1), board(1, "Delivery", 2), board(2, "Internal", 3))
    assert plan({"boards": [{"name": "Delivery"}, {"name": "Internal"}]}, *live).changes == ()
    result = plan({"boards": [{"name": "Internal"}, {"name": "Delivery"}]}, *live)
    # Once the order is wrong, the declared boards go first, in their order.
    assert rows(result) == [
        ("update", "board/Internal", [("position", 3, 1)]),
        ("update", "board/Delivery", [("position", 3, 2)]),
    ]


def test_undeclared_phases_are_deleted_and_pruned_boards_take_theirs():
    config = {"prune": ["boards"], "boards": [{"name": "Delivery", "phases": ["Kickoff", "Done"]}]}
    result = plan(config, *DELIVERY, *INTERNAL)
    assert rows(result) == [
        ("delete", "phase/Delivery/Rollout", []),
        ("delete", "board/Internal", []),
    ]
    deleted_board = result.changes[-1]
    assert deleted_board.payload == BoardDeleted((201,))
    assert deleted_board.notes == ("its phases are deleted with it: Backlog",)


def test_blocked_and_protected_are_kept_and_listed():
    config = {
        "prune": ["boards"],
        "protected": ["board/Internal"],
        "boards": [{"name": "Delivery", "phases": ["Kickoff", "Done"]}],
    }
    result = plan(config, *DELIVERY, *INTERNAL, blocked=frozenset({"phase/Delivery/Rollout"}))
    assert result.changes == ()
    assert result.protected == ("board/Internal",)


def test_projects_in_deleted_phases_and_boards_block_them():
    config = {"prune": ["boards"], "boards": [{"name": "Delivery", "phases": ["Kickoff"]}]}
    result = plan(config, *DELIVERY, *INTERNAL)
    facts = Projects((), {102: frozenset({7}), 103: frozenset()}, {2: frozenset({8, 9})})
    blocked = ProjectsBlock().blocked(result, facts)
    assert [(b.address, b.reason) for b in blocked] == [
        ("phase/Delivery/Rollout", "the phase holds 1 project; deleting it would delete them"),
        ("board/Internal", "the board holds 2 projects; deleting it would delete them"),
    ]


def test_a_project_the_plan_moves_out_does_not_block():
    live_project = Resource(
        PROJECT,
        ("P",),
        {"title": "P", "board": "Delivery", "board_id": 1, "phase": "Rollout", "phase_id": 102},
        id=7,
    )
    config = {
        "boards": [{"name": "Delivery", "phases": ["Kickoff", "Done"]}],
        "projects": [{"title": "P", "phase": "Done"}],
    }
    result = plan(config, *DELIVERY, live_project)
    facts = Projects((), {102: frozenset({7})}, {1: frozenset({7})})
    assert ProjectsBlock().blocked(result, facts) == []


def test_projects_name_boards_and_phases_the_plan_creates_or_renames():
    live_project = Resource(
        PROJECT,
        ("P",),
        {"title": "P", "board": "Delivery", "board_id": 1, "phase": "Rollout", "phase_id": 102},
        id=7,
    )
    config = {
        "boards": [
            {"name": "Delivery EU", "renamed_from": ["Delivery"], "phases": ["Kickoff", "Rollout"]},
            {"name": "Ops", "phases": ["Todo"]},
        ],
        "projects": [
            {"title": "P", "board": "Delivery EU", "phase": "Rollout"},
            {"title": "Q", "board": "Ops", "phase": "Todo"},
        ],
    }
    result = plan(config, *DELIVERY, live_project)
    by_address = {c.address: c for c in result.changes}
    assert "project/P" not in by_address  # the rename keeps it where it is
    assert by_address["project/Q"].payload == ProjectWrite(
        board_id=None, phase_id=None, board_name="Ops", phase_name="Todo"
    )
    order = [c.address for c in result.changes]
    assert order.index("board/Ops") < order.index("phase/Ops/Todo") < order.index("project/Q")


def test_a_project_on_a_board_that_exists_nowhere_is_a_plan_error():
    config = {
        "boards": [{"name": "Delivery"}],
        "projects": [{"title": "Q", "board": "Ops", "phase": "Todo"}],
    }
    with pytest.raises(PlanError) as caught:
        plan(config, *DELIVERY)
    assert "board 'Ops' does not exist (there are: 'Delivery')" in str(caught.value)


def test_two_live_boards_of_one_name_need_a_pin():
    with pytest.raises(PlanError) as caught:
        plan({"boards": [{"name": "Delivery"}]}, *DELIVERY, board(5, "Delivery", 2))
    assert "2 live boards are named 'Delivery' (ids 1, 5)" in str(caught.value)


def test_look_alikes_are_warned_about_never_silently_duplicated():
    config = {
        "boards": [
            {"name": "DELIVERY", "phases": ["Kickoff", "Rollout", "done"]},
            {"name": "Inside", "phases": ["Backlog"]},
        ]
    }
    result = plan(config, *DELIVERY, *INTERNAL)
    assert [c.address for c in result.changes if c.action.value == "create"][:2] == [
        "board/DELIVERY",
        "board/Inside",
    ]
    assert result.warnings == (
        "cfg.yaml:boards.1: board/Inside is created although the live board 'Internal' "
        "(id 2) holds the same phases (1 of its 1 by name): did you mean 'Internal'? add "
        "renamed_from or id: to match it (renamed_from: [Internal] or id: 2)",
        "cfg.yaml:boards.0: board/DELIVERY is created although the live board 'Delivery' "
        "(id 1) differs from it only in case: did you mean 'Delivery'? add renamed_from or "
        "id: to match it (renamed_from: [Delivery] or id: 1)",
    )
    phase = plan({"boards": [{"name": "Delivery", "phases": ["Kickoff", "Rollout", "DONE"]}]},
                 *DELIVERY)  # fmt: skip
    assert phase.warnings == (
        "cfg.yaml:boards.0.phases.2: phase/Delivery/DONE is created although the live phase "
        "'Done' (id 103) differs from it only in case: did you mean 'Done'? add renamed_from "
        "or id: to match it (renamed_from: [Done] or id: 103)",
    )
