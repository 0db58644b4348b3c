"""Role members, pipeline visibility and settings."""

from __future__ import annotations

import pytest
from planning_builders import (
    DEFAULT_ID,
    change,
    live,
    pipeline,
    plan,
    role,
    rows,
    settings,
    user,
    visible,
)

from reconciler.errors import PlanError

ANN, BOB, CID = (user(100, "ann@x.com", 5), user(101, "bob@x.com", 5), user(102, "cid@x.com", 6))
PEOPLE = (ANN, BOB, CID)


def two_roles(*resources, users=PEOPLE):
    return live(role(5, "Sales"), role(6, "Rep"), *resources, users=users)


# --- members -----------------------------------------------------------------------------

MEMBER_CASES = {
    "in sync, email case and ids do not matter": (
        [{"name": "Sales", "members": ["ANN@x.com", 101]}],
        [],
    ),
    "adds and removes": (
        [{"name": "Sales", "members": ["ann@x.com", "cid@x.com"]}],
        [
            (
                "role_members/Sales",
                "update",
                {"members": (("ann@x.com", "bob@x.com"), ("ann@x.com", "cid@x.com"))},
            )
        ],
    ),
    "someone declared elsewhere is moved by that role, not removed": (
        [{"name": "Sales", "members": ["ann@x.com"]}, {"name": "Rep", "members": ["bob@x.com"]}],
        [
            (
                "role_members/Rep",
                "update",
                {"members": (("cid@x.com",), ("bob@x.com",))},
            )
        ],
    ),
}


@pytest.mark.parametrize("config_roles, expected", MEMBER_CASES.values(), ids=MEMBER_CASES.keys())
def test_member_rows(config_roles, expected):
    assert rows(plan({"roles": config_roles}, two_roles())) == expected


def test_member_moves_carry_ids_and_notes():
    p = plan({"roles": [{"name": "Sales", "members": ["ann@x.com", "cid@x.com"]}]}, two_roles())
    members = change(p, "role_members/Sales")
    assert members.id == 5
    assert members.payload.add_user_ids == (102,)
    assert members.payload.remove_user_ids == (101,)
    assert members.notes == ("cid@x.com moves from Rep", "bob@x.com moves to (Unassigned users)")


def test_moving_between_roles_removes_nobody():
    config = {
        "roles": [
            {"name": "Sales", "members": ["ann@x.com"]},
            {"name": "Rep", "members": ["bob@x.com", "cid@x.com"]},
        ]
    }
    p = plan(config, two_roles())
    assert [c.address for c in p.changes] == ["role_members/Rep"]
    rep = p.changes[0]
    assert (rep.payload.add_user_ids, rep.payload.remove_user_ids) == ((101,), ())
    assert rep.notes == ("bob@x.com moves from Sales",)


def test_new_role_members_are_a_create():
    p = plan({"roles": [{"name": "New", "members": ["bob@x.com"]}]}, two_roles())
    members = change(p, "role_members/New")
    assert members.action.value == "create" and members.before is None
    assert members.after["members"] == ("bob@x.com",)
    assert members.payload.add_user_ids == (101,)
    assert p.changes.index(change(p, "role/New")) < p.changes.index(members)


def test_unknown_member_names_the_entry():
    config = {"roles": [{"name": "Sales", "members": ["ann@x.com", "zed@x.com"]}]}
    with pytest.raises(PlanError) as err:
        plan(config, two_roles())
    assert str(err.value) == (
        "cfg.yaml:roles.0.members.1: member 'zed@x.com' of role 'Sales' "
        "is not a user of this company"
    )


def test_same_user_in_two_roles_by_email_and_id():
    config = {
        "roles": [{"name": "Sales", "members": ["ann@x.com"]}, {"name": "Rep", "members": [100]}]
    }
    with pytest.raises(PlanError, match="also declared in role 'Sales'"):
        plan(config, two_roles())


def test_users_without_a_known_role_belong_to_the_default_role():
    people = (user(100, "ann@x.com", None), user(101, "bob@x.com", 77), user(102, "c@x.com", 1))
    config = {"roles": [{"name": "(Unassigned users)", "members": [100, 101, 102]}]}
    assert plan(config, two_roles(users=people)).changes == ()


def test_nobody_can_be_removed_from_the_default_role():
    people = (user(100, "ann@x.com", None), user(101, "bob@x.com", DEFAULT_ID))
    config = {"roles": [{"name": "(Unassigned users)", "members": ["ann@x.com"]}]}
    with pytest.raises(PlanError, match=r"bob@x\.com cannot leave the default role"):
        plan(config, two_roles(users=people))


def test_default_role_members_may_move_elsewhere():
    people = (user(100, "ann@x.com", None), user(101, "bob@x.com", DEFAULT_ID))
    config = {
        "roles": [
            {"name": "(Unassigned users)", "members": ["ann@x.com"]},
            {"name": "Sales", "members": ["bob@x.com"]},
        ]
    }
    p = plan(config, two_roles(users=people))
    assert [c.address for c in p.changes] == ["role_members/Sales"]
    assert p.changes[0].notes == ()  # coming from the default role is not worth a note


# --- pipeline visibility -----------------------------------------------------------------

PIPES = (pipeline(10, "Sales"), pipeline(11, "Support"))


def vis(*names, **extra):
    return {"roles": [{"name": "Sales", "pipelines": {"visible": list(names)}}], **extra}


VIS_CASES = {
    "in sync": (vis("Sales"), two_roles(*PIPES, visible(5, "Sales", "Sales")), []),
    "show another pipeline": (
        vis("Sales", "Support"),
        two_roles(*PIPES, visible(5, "Sales", "Sales")),
        [
            (
                "role_pipelines/Sales",
                "update",
                {"visible": (("Sales",), ("Sales", "Support"))},
            )
        ],
    ),
    "live names of renamed pipelines are config names": (
        {
            **vis("Deals"),
            "pipelines": [{"name": "Deals", "renamed_from": ["Sales"]}, {"name": "Support"}],
        },
        two_roles(*PIPES, visible(5, "Sales", "Sales")),
        [("pipeline/Deals", "update", {"name": ("Sales", "Deals")})],
    ),
    # written explicitly (Pipedrive may show it to every role), with a note, not as a removal
    "a pipeline created by the plan is written hidden from a role not to see it": (
        {**vis("Sales"), "pipelines": [{"name": "Sales"}, {"name": "New"}]},
        two_roles(*PIPES, visible(5, "Sales", "Sales")),
        [
            ("pipeline/New", "create", {}),
            ("role_pipelines/Sales", "update", {}),
        ],
    ),
    "a new pipeline the role should see is written, not assumed visible": (
        {**vis("Sales", "New"), "pipelines": [{"name": "Sales"}, {"name": "New"}]},
        two_roles(*PIPES, visible(5, "Sales", "Sales")),
        [
            ("pipeline/New", "create", {}),
            ("role_pipelines/Sales", "update", {"visible": (("Sales",), ("New", "Sales"))}),
        ],
    ),
    "a pipeline deleted by the plan is not in before": (
        {**vis("Sales"), "pipelines": [{"name": "Sales"}], "prune": ["pipelines"]},
        two_roles(*PIPES, visible(5, "Sales", "Sales", "Support")),
        [("pipeline/Support", "delete", {})],
    ),
}


@pytest.mark.parametrize("config, state, expected", VIS_CASES.values(), ids=VIS_CASES.keys())
def test_visibility_rows(config, state, expected):
    assert rows(plan(config, state)) == expected


def test_visible_pipeline_must_exist():
    with pytest.raises(PlanError) as err:
        plan(vis("Sales", "Ghost"), two_roles(*PIPES, visible(5, "Sales", "Sales")))
    assert "cfg.yaml:roles.0.pipelines.visible.1" in str(err.value)
    assert "'Ghost'" in str(err.value)


def test_visible_pipeline_deleted_by_the_plan_is_an_error():
    config = {**vis("Support"), "pipelines": [{"name": "Sales"}], "prune": ["pipelines"]}
    with pytest.raises(PlanError, match="deleted by this plan"):
        plan(config, two_roles(*PIPES, visible(5, "Sales", "Sales")))


def test_new_role_visibility_is_a_create():
    config = {"roles": [{"name": "New", "pipelines": {"visible": ["Support"]}}]}
    p = plan(config, two_roles(*PIPES))
    created = change(p, "role_pipelines/New")
    assert (created.action.value, created.before, dict(created.after)) == (
        "create",
        None,
        {"visible": ("Support",)},
    )


# --- settings ----------------------------------------------------------------------------


def test_only_declared_settings_are_compared_and_strings_are_not_drift():
    state = two_roles(settings(5, "Sales", deal="3", lead=5))
    config = {"roles": [{"name": "Sales", "settings": {"deal_default_visibility": 3}}]}
    assert plan(config, state).changes == ()
    config = {
        "roles": [
            {
                "name": "Sales",
                "settings": {"deal_default_visibility": 7, "org_default_visibility": 1},
            }
        ]
    }
    p = plan(config, state)
    assert rows(p) == [("role_settings/Sales", "update", {"deal_default_visibility": (3, 7)})]
    assert p.changes[0].id == 5


def test_new_role_settings_are_a_create_unless_empty():
    config = {
        "roles": [
            {"name": "New", "settings": {"lead_default_visibility": 3}},
            {"name": "Bare", "settings": {}},
        ]
    }
    p = plan(config, two_roles())
    assert dict(change(p, "role_settings/New").after) == {"lead_default_visibility": 3}
    assert [c.address for c in p.changes if c.kind == "role_settings"] == ["role_settings/New"]


def test_independent_errors_are_reported_together():
    config = {
        "roles": [
            {"name": "Sales", "members": ["zed@x.com"], "pipelines": {"visible": ["Ghost"]}},
        ]
    }
    with pytest.raises(PlanError) as err:
        plan(config, two_roles(*PIPES))
    assert err.value.messages == [  # in the order of the kinds
        "cfg.yaml:roles.0.pipelines.visible.0: pipeline 'Ghost' visible to role 'Sales' "
        "is neither in the config nor live",
        "cfg.yaml:roles.0.members.0: member 'zed@x.com' of role 'Sales' "
        "is not a user of this company",
    ]
