"""`diff-envs` for projects, product followers and subscriptions.

These are compared as their exports (`config.export`), not through the planner: the planner
would refuse what only one company can resolve (a board, an owner or a deal that exists only
in A), while a comparison should just say it differs. Each kind is compared by its config
key: projects by title, products by id, subscriptions by deal id. Product and deal ids are
the same in two companies only when one was copied from the other (a sandbox seeded from
production, say); that is what a shared config assumes too, so the comparison says what
applying A's config to B would change. A product nobody follows compares as `followers: []`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.config.export import Notes, export_projects
from reconciler.config.export_extended import export_products, export_subscriptions
from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.order import with_order
from reconciler.state import PRODUCT_FOLLOWERS, PROJECT, SUBSCRIPTION, LiveState

# kind -> (exporter, the item's key)
_KINDS: dict[str, tuple[Callable[[LiveState, Notes], list[dict[str, Any]]], str]] = {
    PROJECT: (export_projects, "title"),
    PRODUCT_FOLLOWERS: (export_products, "id"),
    SUBSCRIPTION: (export_subscriptions, "deal"),
}


def extended_changes(a: LiveState, b: LiveState) -> list[Change]:
    """Changes turning B's projects, followers and subscriptions into A's (ids ignored)."""
    changes = []
    for kind, (export, key) in _KINDS.items():
        if kind not in a.kinds_read or kind not in b.kinds_read:
            continue
        wanted, have = _by_key(export(a, Notes()), key), _by_key(export(b, Notes()), key)
        for name in sorted(wanted.keys() | have.keys(), key=_sort_key):
            change = _change(kind, (str(name),), wanted.get(name), have.get(name))
            if change is not None:
                changes.append(with_order(change))
    return changes


def _by_key(items: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    ignored = {key, "id", "_id"}
    return {i[key]: {k: v for k, v in i.items() if k not in ignored} for i in items}


def _sort_key(name: Any) -> tuple[int, str]:
    return (0, f"{name:>20}") if isinstance(name, int) else (1, str(name))


def _change(
    kind: str, key: tuple[str, ...], after: dict[str, Any] | None, before: dict[str, Any] | None
) -> Change | None:
    if before is None:
        if kind == PRODUCT_FOLLOWERS and not (after or {}).get("followers"):
            return None  # nobody follows it in A, and B has no such product: nothing differs
        return Change(Action.CREATE, kind, key, after=after)
    if after is None:
        if kind == PRODUCT_FOLLOWERS and not before.get("followers"):
            return None
        return Change(Action.DELETE, kind, key, before=before)
    keys = [*after, *(k for k in before if k not in after)]
    fields = diff_fields(before, after, keys)
    if not fields:
        return None
    return Change(Action.UPDATE, kind, key, None, before, after, fields)
