"""Comparing two companies by their exports (`diff-envs`), for kinds the planner cannot
compare: it would refuse what only one company can resolve (a board, an owner or a deal
that exists only in A), while a comparison should just say it differs. Each item is matched
by its config key; ids are ignored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.kinds.exporting import Item, Notes
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import LiveState


def by_export(
    kind: str,
    export: Callable[[LiveState, Notes], list[Item]],
    key: str,
    *,
    empty: Callable[[Item], bool] = lambda item: False,
) -> Callable[[LiveState, LiveState], list[Change]]:
    """A comparison of `kind` as exported, items matched by `key`; an item `empty` says has
    nothing worth comparing (a product nobody follows) counts as absent."""

    def compare(a: LiveState, b: LiveState) -> list[Change]:
        if kind not in a.kinds_read or kind not in b.kinds_read:
            return []
        wanted, have = _by_key(export(a, Notes()), key), _by_key(export(b, Notes()), key)
        changes: list[Change] = []
        for name in sorted(wanted.keys() | have.keys(), key=_sort_key):
            after, before = wanted.get(name), have.get(name)
            if before is not None and empty(before):
                before = None
            if after is not None and empty(after):
                after = None
            change = _change(kind, (str(name),), after, before)
            if change is not None:
                changes.append(change)
        return changes

    return compare


def _by_key(items: list[Item], key: str) -> dict[Any, Item]:
    ignored = {key, "id", "_id"}
    return {i[key]: {k: v for k, v in i.items() if k not in ignored} for i in items}


def _sort_key(name: Any) -> tuple[int, str]:
    return (0, f"{name:>20}") if isinstance(name, int) else (1, str(name))


def _change(
    kind: str, key: tuple[str, ...], after: Item | None, before: Item | None
) -> Change | None:
    if before is None:
        return None if after is None else Create(kind=kind, key=key, after=after)
    if after is None:
        return Delete(kind=kind, key=key, id=None, before=before)
    keys = [*after, *(k for k in before if k not in after)]
    fields = diff_fields(before, after, keys)
    if not fields:
        return None
    return Update(kind=kind, key=key, id=None, before=before, after=after, fields=fields)
