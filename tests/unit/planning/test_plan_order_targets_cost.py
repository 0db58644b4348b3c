"""Execution order, --target/--exclude, and the token cost estimate."""

from __future__ import annotations

import pytest
from planning_builders import live, pipeline, plan, role, rows, stage, user, visible

from reconciler import kinds
from reconciler.errors import PlanError
from reconciler.planning.select import covers
from reconciler.state import address

MIXED_CONFIG = {
    "prune": ["roles", "pipelines"],
    "pipelines": [{"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won"}]}],
    "roles": [
        {"name": "Rep", "parent": "Boss", "members": ["ann@x.com"]},
        {"name": "Boss", "settings": {"deal_default_visibility": 3}},
    ],
}


def mixed_live():
    return live(
        pipeline(10, "Sales"),
        pipeline(11, "Legacy"),
        stage(21, "Sales", "Old", 1, pipeline_id=10),
        role(5, "Gone"),
        role(6, "GoneChild", parent="Gone"),
        users=(user(100, "ann@x.com", 5),),
    )


def test_creates_parents_first_then_deletes_children_first():
    p = plan(MIXED_CONFIG, mixed_live())
    assert [(a, act) for a, act, _ in rows(p)] == [
        ("stage/Sales/Lead", "create"),
        ("stage/Sales/Won", "create"),
        ("role/Boss", "create"),
        ("role/Rep", "create"),
        ("role_settings/Boss", "create"),
        ("role_members/Rep", "create"),
        ("role/GoneChild", "delete"),
        ("role/Gone", "delete"),
        ("stage/Sales/Old", "delete"),
        ("pipeline/Legacy", "delete"),
    ]
    orders = [c.order for c in p.changes]
    assert orders == sorted(orders)


TARGET_CASES = {
    "a kind": (["role"], [], ["role/Boss", "role/Rep", "role/GoneChild", "role/Gone"]),
    "a pipeline covers its stages": (
        ["pipeline/Sales"],
        [],
        ["stage/Sales/Lead", "stage/Sales/Won", "stage/Sales/Old"],
    ),
    "a role covers its aspects": (["role/Rep"], [], ["role/Rep", "role_members/Rep"]),
    "an exact stage": (["stage/Sales/Won"], [], ["stage/Sales/Won"]),
    "exclude a kind": (
        [],
        ["stage", "role"],
        ["role_settings/Boss", "role_members/Rep", "pipeline/Legacy"],
    ),
    "target and exclude together": (
        ["role"],
        ["role/Gone"],
        ["role/Boss", "role/Rep", "role/GoneChild"],
    ),
}


@pytest.mark.parametrize(
    "targets, excludes, expected", TARGET_CASES.values(), ids=TARGET_CASES.keys()
)
def test_targets_and_excludes(targets, excludes, expected):
    p = plan(MIXED_CONFIG, mixed_live(), targets=targets, excludes=excludes)
    assert [c.address for c in p.changes] == expected


def test_target_filters_unmanaged_and_recomputes_cost():
    config = {"pipelines": [{"name": "Sales"}], "roles": [{"name": "Rep"}]}
    state = live(pipeline(10, "Sales"), pipeline(11, "Legacy"), role(5, "Other"))
    assert plan(config, state).unmanaged == ("pipeline/Legacy", "role/Other")
    assert plan(config, state, targets=["role"]).unmanaged == ("role/Other",)
    full = plan(MIXED_CONFIG, mixed_live())
    only_roles = plan(MIXED_CONFIG, mixed_live(), targets=["role"])
    assert 0 < only_roles.token_cost < full.token_cost


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"targets": ["role/Ghost"]}, "target 'role/Ghost' matches nothing"),
        ({"targets": ["widget"]}, "target 'widget' matches nothing"),
        ({"excludes": ["stage/Sales/Nope"]}, "exclude 'stage/Sales/Nope' matches nothing"),
    ],
)
def test_targets_that_match_nothing(kwargs, message):
    with pytest.raises(PlanError) as err:
        plan(MIXED_CONFIG, mixed_live(), **kwargs)
    assert message in str(err.value)


def test_target_of_an_object_without_changes_is_an_empty_plan():
    config = {"pipelines": [{"name": "Sales"}]}
    p = plan(config, live(pipeline(10, "Sales")), targets=["pipeline/Sales"])
    assert p.changes == () and p.token_cost == 0


# --- cost --------------------------------------------------------------------------------


def test_cost_of_creating_everything_v2():
    config = {
        "pipelines": [{"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won"}]}],
        "roles": [
            {
                "name": "Rep",
                "settings": {"deal_default_visibility": 3, "org_default_visibility": 3},
                "pipelines": {"visible": ["Sales"]},
                "members": ["ann@x.com", "bob@x.com"],
            }
        ],
    }
    people = (user(100, "ann@x.com", None), user(101, "bob@x.com", None))
    p = plan(config, live(users=people))
    # pipeline 5 + 2 stages x 5 + role 10 + 2 settings x 10 + visibility 10 + 2 adds x 10,
    # and the conflict checks: the list read before and after each group of creates (the
    # read after one group of a kind serves as the read before its next group): pipelines
    # 2 x 5, stages (two groups, one per position) 3 x 5, roles 2 x 20.
    assert p.token_cost == 5 + 10 + 10 + 20 + 10 + 20 + (2 * 5) + (3 * 5) + (2 * 20)


def test_cost_v1_stage_deletes_are_one_bulk_call_and_positions_cost_a_put():
    config = {
        "api": {"stages": "v1"},
        "pipelines": [{"name": "Sales", "stages": [{"name": "New"}, {"name": "Won"}]}],
    }
    state = live(
        pipeline(10, "Sales"),
        stage(21, "Sales", "A", 1, pipeline_id=10),
        stage(22, "Sales", "B", 2, pipeline_id=10),
        stage(23, "Sales", "Won", 3, pipeline_id=10, deal_probability=None),
    )
    p = plan(config, state)
    assert rows(p) == [
        ("stage/Sales/Won", "update", {"position": (3, 2)}),
        ("stage/Sales/New", "create", {}),
        ("stage/Sales/A", "delete", {}),
        ("stage/Sales/B", "delete", {}),
    ]
    # PUT 10 + (POST 10 + PUT 10 for its position) + one bulk DELETE 10, and the v1 stage
    # list read before and after the create (10 each)
    assert p.token_cost == 10 + 20 + 10 + 2 * 10
    delete_groups = {c.order[:-1] for c in p.changes if c.action.value == "delete"}
    assert len(delete_groups) == 1


def test_cost_of_a_role_delete_counts_moves():
    state = live(
        role(5, "Gone"),
        role(6, "Child", parent="Gone"),
        visible(5, "Gone"),
        users=(user(100, "ann@x.com", 5), user(101, "bob@x.com", 5)),
    )
    p = plan({"prune": ["roles"], "roles": [{"name": "Child"}]}, state)
    # DELETE 6 + 2 assignment DELETEs x 6 + one PUT 10 re-parenting Child
    assert p.token_cost == 6 + 12 + 10


# --- names containing "/" ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "key", "text"),
    [
        ("pipeline", ("EMEA/APAC",), "pipeline/EMEA/APAC"),
        ("role", ("Sales/Ops",), "role/Sales/Ops"),
        ("stage", ("EMEA/APAC", "Won"), "stage/EMEA%2FAPAC/Won"),
        ("stage", ("A", "B/C"), "stage/A/B%2FC"),
        ("stage", ("Sales", "100%"), "stage/Sales/100%25"),
        ("stage", ("Sales", "Won"), "stage/Sales/Won"),
    ],
)
def test_addresses_of_names_with_slashes_are_unambiguous(kind, key, text):
    assert address(kind, key) == text
    assert kinds.parse_address(text) == (kind, key)


def test_a_pipeline_target_covers_its_own_stages_only():
    assert covers("pipeline/EMEA/APAC", address("stage", ("EMEA/APAC", "Won")))
    assert not covers("pipeline/A", address("stage", ("A/B", "C")))
    assert address("stage", ("A", "B/C")) != address("stage", ("A/B", "C"))
