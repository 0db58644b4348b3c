"""Field-level differences between a live and a desired resource: the only deepdiff user.

Only the keys the desired side sets are compared (an absent key is unmanaged). Nested
mappings are walked and reported with dotted paths; other values are compared whole, with
set-like fields (see `SET_FIELDS`) compared regardless of order. Values must already be
normalised (`planning.normalize`).

Most values are plain (a name, a number, a flag, a list of names): those are compared here
directly, with DeepDiff's rules (a value of another type differs, `1` is not `True` nor
`1.0`, though items of a list compare with `==`; lists and tuples alike; in a set-like field
order and repetition do not count).
DeepDiff itself, a hundred times slower, is left the structured values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from deepdiff import DeepDiff

from reconciler.planning.changes import FieldChange

# Fields whose list values are sets: order carries no meaning.
SET_FIELDS = frozenset({"visible", "members"})


_PLAIN = frozenset({str, int, float, bool})


def _plain_items(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(type(item) in _PLAIN for item in value)


def values_differ(before: Any, after: Any, *, as_set: bool = False) -> bool:
    if before is None or after is None:
        return before is not after
    if before is after:
        return False
    if type(before) in _PLAIN and type(after) in _PLAIN:
        return type(before) is not type(after) or before != after
    if _plain_items(before) and _plain_items(after):
        if as_set:
            return {(type(i), i) for i in before} != {(type(i), i) for i in after}
        # In order, DeepDiff passes over items that are == (1 and 1.0 and True alike).
        if len(before) != len(after):
            return True
        return any(old is not new and old != new for old, new in zip(before, after, strict=True))
    return bool(DeepDiff(before, after, ignore_order=as_set, ignore_type_in_groups=[(list, tuple)]))


def diff_fields(
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any],
    keys: Iterable[str] | None = None,
    *,
    prefix: str = "",
) -> tuple[FieldChange, ...]:
    """One `FieldChange` per differing key of `after` (or of `keys`), in `after`'s key order."""
    before = before or {}
    changes: list[FieldChange] = []
    for key in keys if keys is not None else after:
        old, new = before.get(key), after.get(key)
        path = f"{prefix}{key}"
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            changes.extend(diff_fields(old, new, new.keys(), prefix=f"{path}."))
        elif values_differ(old, new, as_set=key in SET_FIELDS):
            changes.append(FieldChange(path, old, new))
    return tuple(changes)
