"""diff-envs for projects, product followers and subscriptions (pure: two live states)."""

from __future__ import annotations

from typing import Any

from reconciler.compare import compare
from reconciler.state import (
    PRODUCT_FOLLOWERS,
    PROJECT,
    SUBSCRIPTION,
    LiveState,
    Resource,
    User,
)

KINDS = frozenset({PROJECT, PRODUCT_FOLLOWERS, SUBSCRIPTION})


def company(*resources: Resource, users: tuple[User, ...], kinds=KINDS) -> LiveState:
    return LiveState(resources=resources, users=users, kinds_read=kinds)


def project(title: str, id: int, **fields: Any) -> Resource:
    base = {"title": title, "board": "Delivery", "phase": "Kickoff", "status": "open"}
    return Resource(PROJECT, (title,), base | fields, id=id)


def product(id: int, *user_ids: int) -> Resource:
    relations = {str(u): 1000 + u for u in user_ids}
    return Resource(PRODUCT_FOLLOWERS, (str(id),), {"relations": relations}, id=id)


def sub(deal: int, id: int, **fields: Any) -> Resource:
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
    return Resource(SUBSCRIPTION, (str(deal),), base | fields, id=id)


# The same people with different ids in each company: compared by email.
A_USERS = (User(1, "alice@x.com", "Alice", None), User(2, "bob@x.com", "Bob", None))
B_USERS = (User(7, "alice@x.com", "Alice", None), User(8, "bob@x.com", "Bob", None))


def rows(a: LiveState, b: LiveState) -> list[tuple[str, str, list[tuple[str, Any, Any]]]]:
    plan = compare(a, b)
    assert plan.unmanaged == ()  # B's objects are compared, never "unmanaged"
    return [
        (c.action.value, c.address, [(f.path, f.before, f.after) for f in c.fields])
        for c in plan.changes
    ]


def test_equal_companies_with_other_ids_do_not_differ():
    a = company(project("P", 1), product(17, 1, 2), sub(42, 900), users=A_USERS)
    b = company(project("P", 51), product(17, 8, 7), sub(42, 12), users=B_USERS)
    assert rows(a, b) == []


def test_every_difference_is_named_by_config_key():
    a = company(
        project("P", 1, status="completed"),
        project("Only A", 2),
        product(17, 1, 2),
        product(18),
        sub(42, 900, cycle_amount=120),
        sub(43, 901),
        users=A_USERS,
    )
    b = company(
        project("P", 51),
        project("Only B", 52),
        product(17, 7),
        product(19, 8),
        sub(42, 12),
        sub(44, 13, cancelled=True),
        users=B_USERS,
    )
    # In execution order: creates and updates by kind, then deletes in reverse.
    assert rows(a, b) == [
        ("create", "project/Only A", []),
        ("update", "project/P", [("status", "open", "completed")]),
        (
            "update",
            "product_followers/17",
            [("followers", ["alice@x.com"], ["alice@x.com", "bob@x.com"])],
        ),
        ("update", "subscription/42", [("recurring.cycle_amount", 100, 120)]),
        ("create", "subscription/43", []),
        ("delete", "subscription/44", []),
        ("delete", "product_followers/19", []),
        ("delete", "project/Only B", []),
    ]


def test_a_kind_read_in_only_one_company_is_not_compared():
    # B no longer serves the removed Subscriptions API: its subscriptions were not read.
    a = company(sub(42, 900), users=A_USERS)
    b = company(users=B_USERS, kinds=KINDS - {SUBSCRIPTION})
    assert rows(a, b) == []
