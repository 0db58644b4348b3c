"""The JSON plan: `--format json` output and the saved plan file (`plan --out`, `show`,
`apply --plan`). It is the source of truth the human renderers word.

Document (format_version 1; keys in this order, nested value mappings sorted by key):

    {"format_version": 1, "tool": "pipedrive-reconciler", "stages_api": "v2",
     "changes": [{"address": "role/Sales Manager", "action": "create|update|delete",
                  "kind": "role", "key": ["Sales Manager"], "id": 12 | null,
                  "before": {...} | null, "after": {...} | null,
                  "fields": [{"path", "before", "after"}], "notes": [...], "order": [...],
                  "extra": {...}}],
     "summary": {"create": n, "update": n, "delete": n},
     "unmanaged": [...], "protected": [...], "blocked": [{"address", "reason", "hint"}],
     "warnings": [...], "token_cost": N, "read_token_cost": N,
     "live_fingerprint": "sha256:...", "config_digest": "sha256:..."}

Values in `before`, `after`, `fields`, `order` and `extra` must be JSON values: str, int,
float, bool, None, lists/tuples, sets (written as sorted lists) and mappings with str keys.
Loading turns every JSON array into a tuple, so `plan_from_dict(plan_to_dict(p)) == p` holds
for plans whose sequence values are tuples, which is what frozen plans should hold anyway.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from reconciler.errors import UsageError
from reconciler.planning.changes import Action, Blocked, Change, FieldChange, Plan
from reconciler.state import address

FORMAT_VERSION = 1
TOOL = "pipedrive-reconciler"


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-safe dict in the documented key order."""
    return {
        "format_version": FORMAT_VERSION,
        "tool": TOOL,
        "stages_api": plan.stages_api,
        "changes": [_change_to_dict(c) for c in plan.changes],
        "summary": plan.summary(),
        "unmanaged": list(plan.unmanaged),
        "protected": list(plan.protected),
        "blocked": [
            {"address": b.address, "reason": b.reason, "hint": b.hint} for b in plan.blocked
        ],
        "warnings": list(plan.warnings),
        "token_cost": plan.token_cost,
        "read_token_cost": plan.read_token_cost,
        "live_fingerprint": plan.live_fingerprint,
        "config_digest": plan.config_digest,
    }


def plan_to_json(plan: Plan) -> str:
    return json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _change_to_dict(change: Change) -> dict[str, Any]:
    where = change.address
    return {
        "address": where,
        "action": change.action.value,
        "kind": change.kind,
        "key": list(change.key),
        "id": change.id,
        "before": _jsonable(change.before, f"{where} before"),
        "after": _jsonable(change.after, f"{where} after"),
        "fields": [
            {
                "path": f.path,
                "before": _jsonable(f.before, f"{where} {f.path}"),
                "after": _jsonable(f.after, f"{where} {f.path}"),
            }
            for f in change.fields
        ],
        "notes": list(change.notes),
        "order": _jsonable(change.order, f"{where} order"),
        "extra": _jsonable(change.extra, f"{where} extra"),
    }


def _jsonable(value: Any, where: str) -> Any:
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
            out[k] = _jsonable(value[k], f"{where}.{k}")
        return out
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, where) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [_jsonable(v, where) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    raise TypeError(f"plan value at {where} is not JSON-safe: {type(value).__name__}")


def plan_from_json(text: str, *, source: str = "the plan file") -> Plan:
    """Load a saved plan; `source` (e.g. the file name) only words the error message."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _malformed(source, f"not JSON: {exc}") from None
    return plan_from_dict(data, source=source)


def plan_from_dict(data: Any, *, source: str = "the plan file") -> Plan:
    """Rebuild a Plan; raises UsageError naming `source` when the document is not a plan."""
    try:
        return _plan_from_dict(data)
    except _Bad as exc:
        raise _malformed(source, str(exc)) from None


class _Bad(Exception):
    pass


def _malformed(source: str, reason: str) -> UsageError:
    return UsageError(f"{source} is not a {TOOL} plan ({reason})")


def _plan_from_dict(data: Any) -> Plan:
    doc = _typed(data, dict, "document")
    if doc.get("tool") != TOOL and "tool" in doc:
        raise _Bad(f"written by {doc.get('tool')!r}")
    version = doc.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise _Bad(f"unsupported format_version {version!r}; this version reads {FORMAT_VERSION}")
    changes = tuple(
        _change_from_dict(c, i) for i, c in enumerate(_typed(doc.get("changes"), list, "changes"))
    )
    plan = Plan(
        changes=changes,
        unmanaged=_strings(doc.get("unmanaged", []), "unmanaged"),
        protected=_strings(doc.get("protected", []), "protected"),
        blocked=tuple(
            _blocked(b, i) for i, b in enumerate(_typed(doc.get("blocked", []), list, "blocked"))
        ),
        warnings=_strings(doc.get("warnings", []), "warnings"),
        token_cost=_int(doc.get("token_cost", 0), "token_cost"),
        read_token_cost=_int(doc.get("read_token_cost", 0), "read_token_cost"),
        live_fingerprint=_typed(doc.get("live_fingerprint", ""), str, "live_fingerprint"),
        config_digest=_typed(doc.get("config_digest", ""), str, "config_digest"),
        stages_api=_typed(doc.get("stages_api", "v2"), str, "stages_api"),
    )
    if "summary" in doc and doc["summary"] != plan.summary():
        raise _Bad("its summary does not match its changes")
    return plan


def _change_from_dict(data: Any, index: int) -> Change:
    where = f"changes[{index}]"
    item = _typed(data, dict, where)
    try:
        action = Action(item.get("action"))
    except ValueError:
        raise _Bad(f"{where}.action is {item.get('action')!r}") from None
    kind = _typed(item.get("kind"), str, f"{where}.kind")
    key = _strings(item.get("key"), f"{where}.key")
    if "address" in item and item["address"] != address(kind, key):
        raise _Bad(f"{where}.address {item['address']!r} does not match its kind and key")
    ident = item.get("id")
    if ident is not None:
        ident = _int(ident, f"{where}.id")
    fields = tuple(
        _field(f, f"{where}.fields[{j}]")
        for j, f in enumerate(_typed(item.get("fields", []), list, f"{where}.fields"))
    )
    return Change(
        action=action,
        kind=kind,
        key=key,
        id=ident,
        before=_optional_mapping(item.get("before"), f"{where}.before"),
        after=_optional_mapping(item.get("after"), f"{where}.after"),
        fields=fields,
        notes=_strings(item.get("notes", []), f"{where}.notes"),
        order=_frozen(_typed(item.get("order", []), list, f"{where}.order")),
        extra=_frozen(_typed(item.get("extra", {}), dict, f"{where}.extra")),
    )


def _field(data: Any, where: str) -> FieldChange:
    item = _typed(data, dict, where)
    return FieldChange(
        path=_typed(item.get("path"), str, f"{where}.path"),
        before=_frozen(item.get("before")),
        after=_frozen(item.get("after")),
    )


def _blocked(data: Any, index: int) -> Blocked:
    where = f"blocked[{index}]"
    item = _typed(data, dict, where)
    return Blocked(
        address=_typed(item.get("address"), str, f"{where}.address"),
        reason=_typed(item.get("reason"), str, f"{where}.reason"),
        hint=_typed(item.get("hint", ""), str, f"{where}.hint"),
    )


def _frozen(value: Any) -> Any:
    """JSON arrays back to tuples, recursively; mappings stay dicts (Change freezes its own)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def _optional_mapping(value: Any, where: str) -> dict[str, Any] | None:
    return None if value is None else _frozen(_typed(value, dict, where))


def _typed(value: Any, expected: type, where: str) -> Any:
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise _Bad(f"{where} should be {_NAMES[expected]}, not {_json_type(value)}")
    return value


def _int(value: Any, where: str) -> int:
    return int(_typed(value, int, where))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    items = _typed(value, list, where)
    return tuple(_typed(v, str, f"{where}[{i}]") for i, v in enumerate(items))


_NAMES = {dict: "an object", list: "an array", str: "a string", int: "an integer"}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return _NAMES.get(type(value), type(value).__name__)
