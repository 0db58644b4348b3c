"""diff-envs for activity types, lead labels and webhooks (pure: two live states): matched by
name, ids (numbers or UUIDs) ignored, passwords never compared."""

from __future__ import annotations

from typing import Any

from reconciler.compare import compare
from reconciler.state import LiveState, Resource, User

KINDS = frozenset({"activity_type", "lead_label", "webhook"})
A_USERS = (User(1, "alice@x.com", "Alice", None),)
B_USERS = (User(7, "alice@x.com", "Alice", None),)


def company(*resources: Resource, users: tuple[User, ...]) -> LiveState:
    return LiveState(resources=resources, users=users, kinds_read=KINDS)


def kind_type(name: str, id: int, order: int, **fields: Any) -> Resource:
    base = {"name": name, "icon": "call", "color": None, "order_nr": order, "custom": True}
    return Resource("activity_type", (name,), base | fields, id=id)


def label(name: str, uuid: str, color: str = "red") -> Resource:
    return Resource("lead_label", (name,), {"name": name, "color": color, "label_id": uuid})


def hook(name: str, id: int, **fields: Any) -> Resource:
    base = {"name": name, "url": "https://h.example.com/", "event": "*.*", "user": "alice@x.com",
            "version": "2.0", "http_auth_user": None, "http_auth_password": None}  # fmt: skip
    return Resource("webhook", (name,), base | fields, id=id)


def rows(a: LiveState, b: LiveState) -> list[tuple[str, str, list[tuple[str, Any, Any]]]]:
    plan = compare(a, b)
    return [
        (c.action.value, c.address, [(f.path, f.before, f.after) for f in c.fields])
        for c in plan.changes
    ]


def test_equal_companies_with_other_ids_do_not_differ():
    a = company(kind_type("Demo", 1, 7), label("Hot", "a-1"), hook("H", 3), users=A_USERS)
    b = company(
        kind_type("Demo", 51, 7),
        label("Hot", "b-2"),
        hook("H", 90, http_auth_password="(sensitive)"),
        users=B_USERS,
    )
    assert rows(a, b) == []


def test_differences_are_named_by_name():
    a = company(
        kind_type("Demo", 1, 7, icon="car"), label("Hot", "a-1"), hook("H", 3), users=A_USERS
    )
    b = company(
        kind_type("Demo", 51, 7),
        label("Cold", "b-2"),
        hook("H", 90, event="create.deal"),
        users=B_USERS,
    )
    assert rows(a, b) == [
        ("update", "activity_type/Demo", [("icon", "call", "car")]),
        ("create", "lead_label/Hot", []),
        ("update", "webhook/H", [("event", "create.deal", "*.*")]),
        ("delete", "lead_label/Cold", []),
    ]
