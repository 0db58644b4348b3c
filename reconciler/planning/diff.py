"""Field-level differences between a live and a desired resource: the only deepdiff user.

Only the keys the desired side sets are compared (an absent key is unmanaged). Nested
mappings are walked and reported with dotted paths; other values are compared whole, with
set-like fields (see `SET_FIELDS`) compared regardless of order. Values must already be
normalised (`planning.normalize`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from deepdiff import DeepDiff

from reconciler.planning.changes import FieldChange

# Fields whose list values are sets: order carries no meaning.
SET_FIELDS = frozenset({"visible", "members"})


def values_differ(before: Any, after: Any, *, as_set: bool = False) -> bool:
    if before is None or after is None:
        return before is not after
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
