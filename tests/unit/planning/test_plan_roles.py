"""Roles, their hierarchy and deletes: table-driven rows plus the consequences of deletes."""

from __future__ import annotations

import pytest
from planning_builders import DEFAULT_ID, change, live, plan, role, rows, user

from reconciler.errors import PlanError


def roles(*items, prune=False):
    return {"roles": list(items), **({"prune": ["roles"]} if prune else {})}


CASES = {
    "parents are created before their children": (
        roles({"name": "Rep", "parent": "Boss"}, {"name": "Boss", "parent": None}),
        live(),
        [("role/Boss", "create", {}), ("role/Rep", "create", {})],
    ),
    "rename through renamed_from": (
        roles({"name": "Sales", "renamed_from": ["Sellers"]}),
        live(role(5, "Sellers")),
        [("role/Sales", "update", {"name": ("Sellers", "Sales")})],
    ),
    "set a parent that is a live unmanaged role": (
        roles({"name": "Rep", "parent": "Boss"}),
        live(role(5, "Rep"), role(6, "Boss")),
        [("role/Rep", "update", {"parent": (None, "Boss")})],
    ),
    "absent parent is unmanaged": (
        roles({"name": "Rep"}),
        live(role(5, "Rep", parent="Boss"), role(6, "Boss")),
        [],
    ),
    "explicit null parent makes a top-level role": (
        roles({"name": "Rep", "parent": None}),
        live(role(5, "Rep", parent="Boss"), role(6, "Boss")),
        [("role/Rep", "update", {"parent": ("Boss", None)})],
    ),
    "parent named as the default role is top level": (
        roles({"name": "Rep", "parent": "(Unassigned users)"}),
        live(role(5, "Rep")),
        [],
    ),
    "undeclared roles are deleted when pruned, the default role never": (
        roles({"name": "Rep"}, prune=True),
        live(role(5, "Rep"), role(6, "Old")),
        [("role/Old", "delete", {})],
    ),
    "undeclared roles are unmanaged otherwise": (
        roles({"name": "Rep"}),
        live(role(5, "Rep"), role(6, "Old")),
        [],
    ),
    "deletes go deepest first": (
        roles(prune=True),
        live(role(5, "Top"), role(6, "Mid", parent="Top"), role(7, "Leaf", parent="Mid")),
        [("role/Leaf", "delete", {}), ("role/Mid", "delete", {}), ("role/Top", "delete", {})],
    ),
    "the default role may be declared as it is": (
        roles({"name": "(Unassigned users)", "parent": None}, prune=True),
        live(),
        [],
    ),
}


@pytest.mark.parametrize("config, state, expected", CASES.values(), ids=CASES.keys())
def test_role_rows(config, state, expected):
    assert rows(plan(config, state)) == expected


def test_unmanaged_never_lists_the_default_role():
    p = plan(roles({"name": "Rep"}), live(role(5, "Rep"), role(6, "Old")))
    assert p.unmanaged == ("role/Old",)


ERRORS = {
    "default role renamed by pin": (
        roles({"name": "Nobody", "id": DEFAULT_ID}),
        live(),
        ["cfg.yaml:roles.0", "cannot be renamed"],
    ),
    "default role renamed by renamed_from": (
        roles({"name": "Nobody", "renamed_from": ["(Unassigned users)"]}),
        live(),
        ["cannot be renamed"],
    ),
    "default role given a parent": (
        roles({"name": "(Unassigned users)", "parent": "Boss"}, {"name": "Boss"}),
        live(),
        ["cannot have a parent"],
    ),
    "dangling parent": (
        roles({"name": "Rep", "parent": "Ghost"}),
        live(),
        ["cfg.yaml:roles.0.parent", "'Ghost'", "neither in the config nor live"],
    ),
    "parent deleted by the plan": (
        roles({"name": "Rep", "parent": "Old"}, prune=True),
        live(role(6, "Old")),
        ["cfg.yaml:roles.0.parent", "deleted by this plan"],
    ),
    "parent referred to by its old name": (
        roles({"name": "Rep", "parent": "Old"}, {"name": "New", "renamed_from": ["Old"]}),
        live(role(6, "Old")),
        ["renamed to 'New'"],
    ),
    "cycle through a live parent": (
        roles({"name": "B", "parent": "A"}, {"name": "A"}),
        live(role(5, "A", parent="B"), role(6, "B")),
        ["cycle", "A -> B -> A"],
    ),
    "two live roles with the same name": (
        roles({"name": "Rep"}),
        live(role(5, "Rep"), role(6, "Rep")),
        ["cfg.yaml:roles.0", "5", "6"],
    ),
}


@pytest.mark.parametrize("config, state, fragments", ERRORS.values(), ids=ERRORS.keys())
def test_role_plan_errors(config, state, fragments):
    with pytest.raises(PlanError) as err:
        plan(config, state)
    for fragment in fragments:
        assert fragment in str(err.value)


def test_deleted_role_moves_its_people_except_those_declared_elsewhere():
    state = live(
        role(5, "Rep"),
        role(6, "Old"),
        users=(user(100, "ann@x.com", 6), user(101, "bob@x.com", 6), user(102, "cid@x.com", 5)),
    )
    p = plan(roles({"name": "Rep", "members": ["cid@x.com", "bob@x.com"]}, prune=True), state)
    deleted = change(p, "role/Old")
    assert deleted.payload.member_user_ids == (100,)
    assert deleted.notes == ("ann@x.com moves to (Unassigned users)",)
    members = change(p, "role_members/Rep")
    assert members.payload.add_user_ids == (101,)
    assert members.notes == ("bob@x.com moves from Old",)
    # the member moves run before the delete
    assert p.changes.index(members) < p.changes.index(deleted)


def test_sub_roles_of_a_deleted_role_move_up():
    state = live(
        role(5, "Top"),
        role(6, "Old", parent="Top"),
        role(7, "Kept", parent="Old"),
        role(8, "Moved", parent="Old"),
    )
    config = roles(
        {"name": "Top"}, {"name": "Kept"}, {"name": "Moved", "parent": "Top"}, prune=True
    )
    p = plan(config, state)
    assert rows(p) == [
        ("role/Moved", "update", {"parent": ("Old", "Top")}),
        ("role/Old", "delete", {}),
    ]
    deleted = change(p, "role/Old")
    assert deleted.payload.reparent_role_ids == (7,)
    assert deleted.payload.reparent_to == "Top"
    assert deleted.notes == ("sub-role Kept moves to Top",)


def test_sub_roles_of_a_deleted_top_role_become_top_level():
    state = live(role(6, "Old"), role(7, "Kept", parent="Old"))
    p = plan(roles({"name": "Kept"}, prune=True), state)
    deleted = change(p, "role/Old")
    assert deleted.payload.reparent_to is None
    assert deleted.notes == ("sub-role Kept moves to top level",)


def test_role_order_groups_by_depth():
    config = roles(
        {"name": "A", "parent": None},
        {"name": "B", "parent": "A"},
        {"name": "C", "parent": "B"},
        {"name": "D", "parent": "A"},
    )
    p = plan(config, live())
    assert [c.key[0] for c in p.changes] == ["A", "B", "D", "C"]
    assert p.changes[1].order[:-1] == p.changes[2].order[:-1]  # B and D may run together
    assert p.changes[0].order[:-1] != p.changes[1].order[:-1]
