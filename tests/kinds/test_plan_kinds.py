"""Planner tables for projects, product followers and subscriptions (pure: no sandbox)."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import PlanError
from reconciler.kinds.products.followers import Following
from reconciler.kinds.projects.payloads import PlanItem, ProjectWrite
from reconciler.planning.changes import Action
from reconciler.planning.guards import refusals
from reconciler.planning.planner import build_plan
from reconciler.state import (
    PHASE,
    PRODUCT_FOLLOWERS,
    PROJECT,
    PROJECT_TEMPLATE,
    SUBSCRIPTION,
    LiveState,
    Resource,
    User,
)
from tests.unit.planning.planning_builders import desired

USERS = (
    User(1, "alice@x.com", "Alice", None),
    User(2, "bob@x.com", "Bob", None),
    User(3, "carol@x.com", "Carol", None),
)
BOARD = Resource("board", ("Delivery",), {"name": "Delivery", "position": 1}, id=1)
PHASES = tuple(
    Resource(PHASE, ("Delivery", name), {"name": name, "board_id": 1, "position": n}, id=id_)
    for n, (name, id_) in enumerate((("Kickoff", 11), ("Done", 12)), start=1)
)
TEMPLATE = Resource(PROJECT_TEMPLATE, ("Std",), {"title": "Std", "board": "Delivery"}, id=7)


def project(title: str = "P", id: int = 50, **fields: Any) -> Resource:
    base = {
        "title": title,
        "board": "Delivery",
        "phase": "Kickoff",
        "owner": "alice@x.com",
        "status": "open",
        "labels": [],
        "deals": [],
        "archived": False,
    }
    return Resource(PROJECT, (title,), base | fields, id=id)


def plan(config: dict[str, Any], *resources: Resource, today: str = "2026-05-01"):
    live = LiveState(resources=(BOARD, *PHASES, TEMPLATE, *resources), users=USERS)
    return build_plan(desired(config), live, today=today)


def rows(result) -> list[tuple[str, str, list[tuple[str, Any, Any]]]]:
    return [
        (c.action.value, c.address, [(f.path, f.before, f.after) for f in c.fields])
        for c in result.changes
    ]


# -- projects -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry, live, expected",
    [
        ({"title": "P", "status": "open"}, project(), []),
        (
            {"title": "P", "owner": "BOB@x.com", "labels": [5, 3]},
            project(labels=[3]),
            [
                (
                    "update",
                    "project/P",
                    [("owner", "alice@x.com", "bob@x.com"), ("labels", (3,), (3, 5))],
                )
            ],
        ),
        (
            {"title": "Q", "renamed_from": ["P"], "phase": "Done"},
            project(),
            [("update", "project/Q", [("title", "P", "Q"), ("phase", "Kickoff", "Done")])],
        ),
        (
            {"title": "P", "archived": True},
            project(),
            [("update", "project/P", [("archived", False, True)])],
        ),
        ({"title": "P", "start_date": "2026-01-02"}, project(start_date="2026-01-02"), []),
    ],
)
def test_project_updates_compare_only_the_keys_set(entry, live, expected):
    assert rows(plan({"projects": [entry]}, live)) == expected


def test_project_create_carries_ids_and_template():
    result = plan(
        {
            "projects": [
                {
                    "title": "New",
                    "board": "Delivery",
                    "phase": "Done",
                    "template": "Std",
                    "owner": 2,
                    "archived": True,
                }
            ]
        }
    )
    (change,) = result.changes
    assert change.action is Action.CREATE
    assert change.payload == ProjectWrite(
        board_id=1, phase_id=12, owner_id=2, template_id=7, archive=True
    )
    # POST /projects + POST /projects/{id}/archive, and GET /projects before and after
    assert result.token_cost == 20 + 2 * 20


def test_unknown_board_phase_template_and_owner_list_what_exists():
    with pytest.raises(PlanError) as caught:
        plan(
            {
                "projects": [
                    {"title": "A", "board": "Nope", "phase": "Kickoff"},
                    {
                        "title": "B",
                        "board": "Delivery",
                        "phase": "Later",
                        "template": "Other",
                        "owner": "z@x.com",
                    },
                ]
            }
        )
    text = str(caught.value)
    assert "board 'Nope' does not exist (there are: 'Delivery')" in text
    assert "phase of board 'Delivery' 'Later' does not exist (there are: 'Done', 'Kickoff')" in text
    assert "template 'Other' does not exist (there are: 'Std')" in text
    assert "owner 'z@x.com'" in text


def test_unarchiving_is_a_warning_never_a_change():
    result = plan({"projects": [{"title": "P", "archived": False}]}, project(archived=True))
    assert result.changes == ()
    assert any("cannot un-archive" in w for w in result.warnings)


def test_undeclared_projects_deleted_only_under_prune():
    kept = plan({"projects": [{"title": "P"}]}, project(), project("Old", id=51))
    assert kept.changes == () and kept.unmanaged == ("project/Old",)
    pruned = plan(
        {"prune": ["projects"], "projects": [{"title": "P"}]}, project(), project("Old", id=51)
    )
    assert rows(pruned) == [("delete", "project/Old", [])]


def test_protected_project_under_prune_is_listed_as_protected():
    """Like a protected pipeline or role; it was listed as unmanaged, as if not pruned."""
    config = {"prune": ["projects"], "projects": [{"title": "P"}], "protected": ["project/Old"]}
    result = plan(config, project(), project("Old", id=51))
    assert result.changes == () and result.unmanaged == ()
    assert result.protected == ("project/Old",)


def test_plan_placement_moves_items_by_name():
    live = project(
        plan={"tasks": {"Call": {"phase": "Kickoff", "group": None}}, "activities": {}},
        task_ids={"Call": 900},
        group_ids={"Week 1": 70},
    )
    config = {
        "projects": [
            {
                "title": "P",
                "plan": {
                    "tasks": {"Call": {"phase": "Done", "group": "Week 1"}},
                    "activities": {"9001": {"phase": "Kickoff"}},
                },
            }
        ]
    }
    (change,) = plan(config, live).changes
    assert change.payload.plan_items == (
        PlanItem("task", 900, phase_id=12, group_id=70, places=("phase_id", "group_id")),
        PlanItem("activity", 9001, phase_id=11, places=("phase_id",)),
    )
    with pytest.raises(PlanError, match="task 'Missing' does not exist"):
        plan(
            {"projects": [{"title": "P", "plan": {"tasks": {"Missing": {"phase": "Done"}}}}]}, live
        )


# -- product followers ----------------------------------------------------------------


def followers(*pairs: tuple[int, int], permitted: tuple[int, ...] = (1, 2, 3)) -> Resource:
    fields = {"followers": (), "relations": {str(u): r for u, r in pairs}, "permitted": permitted}
    return Resource(PRODUCT_FOLLOWERS, ("17",), fields, id=17)


def test_followers_are_authoritative_and_removed_by_relationship_id():
    result = plan(
        {"products": [{"id": 17, "followers": ["alice@x.com", 2]}]}, followers((3, 555), (1, 556))
    )
    (change,) = result.changes
    assert change.payload == Following(add_user_ids=(2,), remove_follower_ids=(555,))
    assert change.after == {"followers": ("alice@x.com", "bob@x.com")}
    assert result.token_cost == 10 + 6


def test_follower_not_permitted_is_a_warning_and_unknown_user_an_error():
    result = plan(
        {"products": [{"id": 17, "followers": ["bob@x.com"]}]}, followers((2, 9), permitted=(1,))
    )
    assert result.changes == ()
    assert any("bob@x.com is not among the product's permitted users" in w for w in result.warnings)
    with pytest.raises(PlanError, match=r"follower 'zed@x\.com' of product 17 is not a user"):
        plan({"products": [{"id": 17, "followers": ["zed@x.com"]}]}, followers())
    with pytest.raises(PlanError, match="product 17 does not exist"):
        plan({"products": [{"id": 17, "followers": []}]})


# -- subscriptions --------------------------------------------------------------------

RECURRING = {
    "currency": "EUR",
    "cadence": "monthly",
    "cycle_amount": 100,
    "cycles_count": 12,
    "start_date": "2026-12-01",
}


def sub(deal: str = "42", **fields: Any) -> Resource:
    base = {
        "type": "recurring",
        "currency": "EUR",
        "cadence": "monthly",
        "cycle_amount": 100,
        "cycles_count": 12,
        "infinite": False,
        "start_date": "2026-12-01",
        "description": None,
        "cancelled": False,
    }
    return Resource(SUBSCRIPTION, (deal,), base | fields, id=900)


@pytest.mark.parametrize(
    "entry, live, fields, extra",
    [
        ({}, sub(), None, None),
        (
            {"cycle_amount": 120},
            sub(),
            [("cycle_amount", 100, 120)],
            {"effective_date": "2026-05-01"},
        ),
        (
            {"cycle_amount": 120, "effective_date": "2027-01-01"},
            sub(),
            [("cycle_amount", 100, 120)],
            {"effective_date": "2027-01-01"},
        ),
        ({"cadence": "yearly"}, sub(), [("cadence", "monthly", "yearly")], {"replace": True}),
    ],
)
def test_recurring_updates_in_place_or_replace(entry, live, fields, extra):
    result = plan({"subscriptions": [{"deal": 42, "recurring": RECURRING | entry}]}, live)
    if fields is None:
        assert result.changes == ()
        return
    (change,) = result.changes
    assert [(f.path, f.before, f.after) for f in change.fields] == fields
    assert extra.items() <= change.payload.to_json().items()


def test_cancel_is_one_way():
    config = {
        "subscriptions": [
            {"deal": 42, "recurring": RECURRING, "cancelled": {"end_date": "2026-12-31"}}
        ]
    }
    (change,) = plan(config, sub()).changes
    assert change.payload.cancel is True and change.payload.end_date == "2026-12-31"
    assert plan(config, sub(cancelled=True)).changes == ()
    result = plan({"subscriptions": [{"deal": 42, "recurring": RECURRING}]}, sub(cancelled=True))
    assert result.changes == () and any("cannot be reactivated" in w for w in result.warnings)


def test_subscriptions_created_and_deleted_only_under_prune():
    config = {
        "subscriptions": [
            {
                "deal": 43,
                "installment": {
                    "currency": "usd",
                    "payments": [{"amount": 500, "due_at": "2026-12-15"}],
                },
            }
        ]
    }
    result = plan(config, sub("42"))
    assert rows(result) == [("create", "subscription/43", [])]
    assert result.changes[0].after["currency"] == "USD"
    assert result.unmanaged == ("subscription/42",)
    pruned = plan({**config, "prune": ["subscriptions"]}, sub("42"))
    assert [c.action for c in pruned.changes] == [Action.CREATE, Action.DELETE]


@pytest.mark.parametrize(
    ("section", "resource", "plural"),
    [("projects", project(), "projects"), ("subscriptions", sub("42"), "subscriptions")],
)
def test_a_pruned_section_declared_empty_is_refused_like_roles(section, resource, plural):
    """`prune: [projects]` with no projects deleted every live project with no guard."""
    config = {"prune": [section]}
    result = plan(config, resource)
    assert [c.action for c in result.changes] == [Action.DELETE]
    live = LiveState(resources=(BOARD, TEMPLATE, resource), users=USERS)
    found = refusals(result, desired(config), live)
    assert [r.guard for r in found] == ["empty-list"]
    assert f"declares no {section} but prunes them" in found[0].message
    assert f"deletes all 1 live {plural}" in found[0].message


def test_a_protected_subscription_under_prune_is_listed_as_protected():
    config = {"prune": ["subscriptions"], "protected": ["subscription/42"]}
    result = plan(config, sub("42"), sub("43"))
    assert result.protected == ("subscription/42",)
    assert [c.address for c in result.changes] == ["subscription/43"]
    assert "subscription/42" not in result.unmanaged
