"""`--target` / `--exclude` with projects, product followers and subscriptions (planner)."""

from __future__ import annotations

from typing import Any

import pytest

from reconciler.errors import PlanError
from reconciler.planning.planner import build_plan
from reconciler.state import LiveState
from tests.kinds.test_plan_kinds import (
    BOARD,
    PHASES,
    RECURRING,
    TEMPLATE,
    USERS,
    followers,
    project,
    sub,
)
from tests.unit.planning.planning_builders import desired

CONFIG: dict[str, Any] = {
    "projects": [
        {"title": "Alpha", "status": "completed"},
        {"title": "Beta", "board": "Delivery", "phase": "Done"},
    ],
    "products": [{"id": 17, "followers": ["alice@x.com", "bob@x.com"]}],
    "subscriptions": [
        {"deal": 42, "recurring": RECURRING | {"cycle_amount": 120}},
        {"deal": 43, "recurring": RECURRING},
    ],
}
LIVE = LiveState(
    resources=(
        BOARD,
        *PHASES,
        TEMPLATE,
        project("Alpha", 50),
        project("Beta", 51),
        followers((1, 500)),
        sub("42"),
    ),
    users=USERS,
)
EVERY = [
    "project/Alpha",
    "project/Beta",
    "product_followers/17",
    "subscription/42",
    "subscription/43",
]


def addresses(targets: tuple[str, ...] = (), excludes: tuple[str, ...] = ()) -> list[str]:
    result = build_plan(
        desired(CONFIG), LIVE, targets=targets, excludes=excludes, today="2026-05-01"
    )
    return sorted(c.address for c in result.changes)


def test_without_targets_every_kind_changes():
    assert addresses() == sorted(EVERY)


@pytest.mark.parametrize(
    "targets, expected",
    [
        (("project/Alpha",), ["project/Alpha"]),
        (("project",), ["project/Alpha", "project/Beta"]),
        (("product_followers/17",), ["product_followers/17"]),
        (("subscription/42",), ["subscription/42"]),
        (("subscription/43", "project/Beta"), ["project/Beta", "subscription/43"]),
        (("subscription",), ["subscription/42", "subscription/43"]),
    ],
)
def test_targets_pick_objects_of_the_extended_kinds(targets, expected):
    assert addresses(targets) == expected


def test_excludes_drop_them():
    left = addresses(excludes=("product_followers/17", "subscription/42", "project"))
    assert left == ["subscription/43"]


@pytest.mark.parametrize("item", ["project/Gamma", "product_followers/18", "subscription/99"])
def test_a_target_naming_nothing_is_an_error(item):
    with pytest.raises(PlanError, match=f"target '{item}' matches nothing"):
        addresses((item,))
