"""The safety rails as pure functions: guards, protection, blocked deletes, cost ceiling."""

from __future__ import annotations

import dataclasses

import pytest

from reconciler.errors import GuardRefused, PlanError
from reconciler.kinds.pipelines.blockers import DealCounts, DealsBlock
from reconciler.planning.changes import Action, Plan
from reconciler.planning.finalise import finalise
from reconciler.planning.guards import check_apply, refusals
from reconciler.planning.protected import unknown_protected
from reconciler.render import render
from reconciler.state import LiveState
from tests.unit.planning.planning_builders import (
    DEFAULT_ID,
    desired,
    live,
    pipeline,
    plan,
    role,
    stage,
    user,
)


def roles_live(n: int) -> LiveState:
    return live(*(role(10 + i, f"R{i}") for i in range(n)))


def keep_roles(n: int, **config: object) -> dict:
    return {"prune": ["roles"], "roles": [{"name": f"R{i}"} for i in range(n)], **config}


def finalised(config: dict, state: LiveState, deals: dict[int, int] | None = None) -> Plan:
    """The plan as the workflow finishes it: blocked deletes (from these deal counts) kept,
    the guards it breaks recorded."""
    want = desired(config)
    facts = {DealsBlock(): DealCounts((), deals)} if deals is not None else {}
    return finalise(
        plan(config, state), want, state, facts, lambda kept: plan(config, state, blocked=kept)
    )


def check(config: dict, state: LiveState, **overrides: object) -> None:
    check_apply(finalised(config, state), **overrides)  # type: ignore[arg-type]


def test_mass_delete_names_the_guard_the_numbers_and_the_override():
    state = roles_live(11)  # 12 live roles with the default one
    config = keep_roles(6, guards={"max_delete_percent": 30, "min_existing": 10})
    violations = refusals(plan(config, state), desired(config), state)
    assert [v.guard for v in violations] == ["mass-delete"]
    message = violations[0].message
    assert "deletes 5 of 12 live roles (42%)" in message
    assert "max_delete_percent (30%)" in message and "min_existing (10)" in message
    assert "--allow-mass-delete" in message
    with pytest.raises(GuardRefused) as refused:
        check(config, state)
    assert refused.value.exit_code == 3 and "mass-delete guard" in str(refused.value)
    check(config, state, allow_mass_delete=True)  # the override


def test_mass_delete_only_counts_when_enough_objects_exist_and_above_the_share():
    config = keep_roles(6, guards={"max_delete_percent": 30, "min_existing": 13})
    assert refusals(plan(config, roles_live(11)), desired(config), roles_live(11)) == []
    config = keep_roles(8, guards={"max_delete_percent": 30, "min_existing": 10})
    assert refusals(plan(config, roles_live(11)), desired(config), roles_live(11)) == []


def test_stages_deleted_with_their_pipeline_count_as_stage_deletes():
    stages = [stage(20 + i, "Old", f"S{i}", i, pipeline_id=2) for i in range(4)]
    kept = [stage(30 + i, "Sales", f"T{i}", i, pipeline_id=1) for i in range(6)]
    state = live(pipeline(1, "Sales"), pipeline(2, "Old"), *stages, *kept)
    config = {
        "prune": ["pipelines"],
        "guards": {"max_delete_percent": 30, "min_existing": 2},
        "pipelines": [{"name": "Sales"}],
    }
    messages = [v.message for v in refusals(plan(config, state), desired(config), state)]
    assert any("deletes 1 of 2 live pipelines (50%)" in m for m in messages)
    assert any("deletes 4 of 10 live stages (40%)" in m for m in messages)


@pytest.mark.parametrize(
    ("config", "state", "words"),
    [
        ({"prune": ["roles"]}, roles_live(2), "declares no roles but prunes them"),
        (
            {"prune": ["pipelines"], "roles": [{"name": "R0"}]},
            live(pipeline(1, "Sales")),
            "declares no pipelines but prunes them",
        ),
        (
            {"pipelines": [{"name": "Sales", "stages": []}]},
            live(pipeline(1, "Sales"), stage(5, "Sales", "A", 1, pipeline_id=1)),
            "pipeline 'Sales' declares an empty stages list",
        ),
    ],
)
def test_an_empty_desired_list_for_a_pruned_kind_is_refused(config, state, words):
    violations = refusals(plan(config, state), desired(config), state)
    assert [v.guard for v in violations][:1] == ["empty-list"]
    assert words in violations[0].message
    with pytest.raises(GuardRefused, match="empty-list guard"):
        check(config, state)
    check(config, state, allow_mass_delete=True)


def test_refusals_are_typed_on_the_plan_and_shown_once():
    state = roles_live(11)
    config = keep_roles(2, guards={"max_delete_percent": 30, "min_existing": 10})
    finished = finalised(config, state)
    assert [(r.guard, r.override) for r in finished.refusals] == [
        ("mass-delete", "--allow-mass-delete")
    ]
    assert not finished.warnings
    text = render(finished, "text")
    assert text.count("apply will refuse: mass-delete guard") == 1


def test_protected_objects_are_kept_listed_and_do_not_count_as_deletes():
    state = live(
        role(10, "Keep"),
        role(11, "Drop"),
        role(12, "Child", parent="Keep"),
        users=(user(7, "k@x.io", 10),),
    )
    config = {"prune": ["roles"], "protected": ["role/Keep"], "roles": [{"name": "Child"}]}
    result = plan(config, state)
    assert result.protected == ("role/Keep",)
    deleted = [c.address for c in result.changes if c.action is Action.DELETE]
    assert deleted == ["role/Drop"]
    # Nothing moves out of a kept role; its sub-role keeps it as parent.
    assert all("k@x.io" not in n for c in result.changes for n in c.notes)


def test_protect_true_on_a_declared_entry_is_carried_as_a_protected_address():
    config = {"roles": [{"name": "A", "protect": True}], "protected": ["stage/Sales/Won"]}
    assert desired(config).protected == {"role/A", "stage/Sales/Won"}


def test_a_protected_stage_stays_in_its_declared_pipeline_and_keeps_its_pipeline_alive():
    state = live(
        pipeline(1, "Sales"),
        pipeline(2, "Old"),
        stage(5, "Sales", "Won", 1, pipeline_id=1),
        stage(6, "Sales", "Lost", 2, pipeline_id=1),
        stage(7, "Old", "Archive", 1, pipeline_id=2),
    )
    config = {
        "prune": ["pipelines"],
        "protected": ["stage/Sales/Won", "stage/Old/Archive"],
        "pipelines": [{"name": "Sales", "stages": [{"name": "Lost"}]}],
    }
    result = plan(config, state)
    assert not [c for c in result.changes if c.action is Action.DELETE]
    assert result.protected == ("pipeline/Old", "stage/Old/Archive", "stage/Sales/Won")


def test_the_default_role_is_never_deleted_nor_renamed():
    state = roles_live(1)
    result = plan({"prune": ["roles"], "roles": [{"name": "R0"}]}, state)
    assert result.changes == ()
    with pytest.raises(PlanError, match="cannot be renamed"):
        plan({"roles": [{"name": "Nobody", "id": DEFAULT_ID}]}, state)


def _stage_plan():
    state = live(
        pipeline(1, "Sales"),
        pipeline(2, "Old"),
        stage(5, "Sales", "Won", 1, pipeline_id=1),
        stage(6, "Sales", "Cold", 2, pipeline_id=1),
        stage(7, "Sales", "Gone", 3, pipeline_id=1),
        stage(8, "Old", "A", 1, pipeline_id=2),
        stage(9, "Old", "B", 2, pipeline_id=2),
    )
    config = {
        "prune": ["pipelines"],
        "pipelines": [{"name": "Sales", "stages": [{"name": "Won"}, {"name": "New"}]}],
    }
    return plan(config, state), desired(config), state


STAGE_CONFIG = {
    "prune": ["pipelines"],
    "pipelines": [{"name": "Sales", "stages": [{"name": "Won"}, {"name": "New"}]}],
}


def test_deletes_of_stages_holding_deals_move_to_blocked_with_count_and_hint():
    result, _, state = _stage_plan()
    blocked = finalised(STAGE_CONFIG, state, {6: 3, 9: 1})
    assert [b.address for b in blocked.blocked] == ["stage/Sales/Cold", "pipeline/Old"]
    cold, old = blocked.blocked
    assert "3 deals" in cold.reason and "keep the stage in the config" in cold.hint
    assert "1 deal;" in old.reason and "keep the pipeline in the config" in old.hint
    addresses = [c.address for c in blocked.changes]
    assert "stage/Sales/Gone" in addresses and "stage/Sales/New" in addresses
    assert "stage/Sales/Cold" not in addresses and "pipeline/Old" not in addresses
    assert blocked.token_cost < result.token_cost
    # Won is kept: its deals do not matter
    assert finalised(STAGE_CONFIG, state, {5: 4}).changes == result.changes
    with pytest.raises(GuardRefused, match="--skip-blocked") as refused:
        check_apply(blocked)
    assert "stage/Sales/Cold (the stage holds 3 deals" in str(refused.value)
    check_apply(blocked, skip_blocked=True)


def test_max_token_cost_refuses_a_dearer_plan():
    result, _, _ = _stage_plan()
    with pytest.raises(GuardRefused, match=f"estimated {result.token_cost} tokens"):
        check_apply(result, max_token_cost=result.token_cost - 1)
    check_apply(result, max_token_cost=result.token_cost)


def test_all_refusals_are_reported_at_once():
    state = roles_live(11)
    config = keep_roles(1, guards={"max_delete_percent": 30, "min_existing": 10})
    result = finalised(config, state)
    with pytest.raises(GuardRefused) as refused:
        check_apply(result, max_token_cost=0)
    text = str(refused.value)
    assert "mass-delete guard" in text and "token-cost guard" in text


def test_a_protected_address_that_names_nothing_is_warned_about():
    state = dataclasses.replace(
        live(role(10, "Keep"), pipeline(1, "Sales")), kinds_read=frozenset({"role"})
    )
    config = {"roles": [{"name": "New"}], "protected": ["role/Keep", "role/Kep", "role/New"]}
    config["protected"].append("pipeline/Nope")  # pipelines were not read: not judged
    assert unknown_protected(desired(config), state) == [
        "protected address 'role/Kep' matches nothing in the config or in Pipedrive"
    ]


def test_a_protected_address_under_a_former_name_is_not_warned_about():
    """After `Old` is renamed to `Sales`, `stage/Old/Won` still protects Won (the planner
    looks it up under `renamed_from`): it was warned about as naming nothing."""
    state = dataclasses.replace(
        live(pipeline(1, "Sales"), stage(5, "Sales", "Won", 1, pipeline_id=1)),
        kinds_read=frozenset({"pipeline", "stage"}),
    )
    config = {
        "pipelines": [
            {
                "name": "Sales",
                "renamed_from": ["Old"],
                "stages": [{"name": "Won"}, {"name": "Done", "renamed_from": ["Gone"]}],
            }
        ],
        "protected": ["stage/Old/Won", "pipeline/Old", "stage/Old/Lost", "stage/Old/Gone"],
    }
    assert unknown_protected(desired(config), state) == [
        "protected address 'stage/Old/Lost' matches nothing in the config or in Pipedrive"
    ]
