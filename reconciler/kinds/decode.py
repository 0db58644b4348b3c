"""Reading Pipedrive's answers: the encodings its documents leave open.

Numbers arrive as ints, floats or numeric strings; booleans as true/false, 1/0 or "1"/"0".
Every reader decodes through these, so one answer read two ways cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from reconciler.state import Key


def as_int(value: Any) -> int | None:
    """Pipedrive's numbers arrive as ints, floats or strings; None stays None."""
    if value is None or value == "":
        return None
    return int(float(value))


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def ids_by_key(
    items: Iterable[Mapping[str, Any]],
    key_of: Callable[[Mapping[str, Any]], Key],
    keys: Iterable[Key],
) -> dict[Key, list[int]]:
    """The live ids of every item whose natural key is one of `keys`, sorted."""
    wanted = set(keys)
    out: dict[Key, list[int]] = {}
    for item in items:
        key = key_of(item)
        if key in wanted:
            out.setdefault(key, []).append(int(item["id"]))
    return {key: sorted(ids) for key, ids in out.items()}
