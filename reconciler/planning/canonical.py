"""The canonical JSON form of a change: what the plan file stores and what a saved plan's
approval compares (`planning.approval`), so both agree on what "the same change" means.

Values must be JSON values: str, int, float, bool, None, lists/tuples, sets (written as
sorted lists) and mappings with str keys (written sorted by key).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from reconciler.planning.changes import Change


def change_document(change: Change) -> dict[str, Any]:
    """The change's JSON form; `replace` (why) only on the halves of a replacement."""
    where = change.address
    document = {
        "address": where,
        "action": change.action.value,
        "kind": change.kind,
        "key": list(change.key),
        "id": change.id,
        "before": jsonable(change.before, f"{where} before"),
        "after": jsonable(change.after, f"{where} after"),
        "fields": [
            {
                "path": f.path,
                "before": jsonable(f.before, f"{where} {f.path}"),
                "after": jsonable(f.after, f"{where} {f.path}"),
            }
            for f in change.fields
        ],
        "notes": list(change.notes),
        "order": jsonable(change.order, f"{where} order"),
        "extra": jsonable(change.payload.to_json(), f"{where} extra"),
    }
    if change.replaced:
        document["replace"] = change.replaced
    # Written only when set, so plans without such changes read as they always did.
    if change.destroys_data:
        document["destroys_data"] = True
    return document


def canonical_text(value: Any) -> str:
    """One spelling per JSON value: sorted keys, no spaces. `7` and `7.0`, `true` and `1`
    stay different, as the documents type them."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def jsonable(value: Any, where: str) -> Any:
    # A plan holding a value JSON cannot carry is a planner bug; fail here, naming the
    # field, rather than writing a plan file that loads back as something else.
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"plan value at {where} is not finite: {value!r}")
        return value
    if isinstance(value, Mapping):
        out = {}
        for k in sorted(value, key=str):
            if not isinstance(k, str):
                raise TypeError(f"plan mapping key at {where} is not a string: {k!r}")
            out[k] = jsonable(value[k], f"{where}.{k}")
        return out
    if isinstance(value, (list, tuple)):
        return [jsonable(v, where) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [jsonable(v, where) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    raise TypeError(f"plan value at {where} is not JSON-safe: {type(value).__name__}")
