"""Reading Pipedrive's answers: the decoders every kind's reader uses (`api.decode`: every
plausible spelling of a boolean or a number), and finding live ids by natural key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from reconciler.api.decode import as_bool, as_id, as_int
from reconciler.state import Key

__all__ = ["as_bool", "as_id", "as_int", "ids_by_key"]


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
            out.setdefault(key, []).append(as_id(item["id"]))
    return {key: sorted(ids) for key, ids in out.items()}
