"""Loading a JSON plan document (see `render.json`) back into a `Plan`.

Everything in a plan file is untrusted input: in GitOps it is built by a pull request's run.
Every value is type-checked, the summary must match the changes, the address of each change
must match its kind and key, and `load_saved_plan` checks the content digest. A file that
fails any check is a `DamagedPlan` (exit 4, nothing written), never half-read.
"""

from __future__ import annotations

import json
from typing import Any

from reconciler.errors import DamagedPlan
from reconciler.planning.approval import SavedPlan
from reconciler.planning.changes import (
    Action,
    Blocked,
    Change,
    FieldChange,
    Plan,
    RawPayload,
    Refusal,
    Unwritable,
    change_of,
)
from reconciler.planning.provenance import Company, Provenance, Selection
from reconciler.render.json import DIGEST_KEY, FORMAT_VERSION, TOOL, document_digest
from reconciler.state import address


def load_saved_plan(text: str, *, source: str = "the plan file") -> SavedPlan:
    """A plan file whose content digest matches, or DamagedPlan naming `source`."""
    document = _parse(text, source)
    recorded = document.get(DIGEST_KEY)
    if not isinstance(recorded, str):
        raise _damaged(source, "it has no plan_digest; make it with `plan --out`")
    if recorded != document_digest(document):
        raise _damaged(
            source,
            "its content does not match its plan_digest: the file was edited or damaged "
            "after `plan --out` wrote it",
        )
    try:
        digests = _digests(document.get("live_digests"))
        return SavedPlan(_plan_from_dict(document), digests)
    except _Bad as exc:
        raise _damaged(source, str(exc)) from None


def plan_from_json(text: str, *, source: str = "the plan file") -> Plan:
    """Load a plan document without checking its digest (e.g. `--format json` output)."""
    return plan_from_dict(_parse(text, source), source=source)


def plan_from_dict(data: Any, *, source: str = "the plan file") -> Plan:
    """Rebuild a Plan; raises DamagedPlan naming `source` when the document is not a plan."""
    try:
        return _plan_from_dict(data)
    except _Bad as exc:
        raise _damaged(source, str(exc)) from None


class _Bad(Exception):
    pass


def _damaged(source: str, reason: str) -> DamagedPlan:
    return DamagedPlan(f"{source} is not a valid {TOOL} plan ({reason}). Nothing was written.")


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _damaged(source, f"not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise _damaged(source, f"document should be an object, not {_json_type(data)}")
    return data


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
        refusals=tuple(
            _refusal(r, i) for i, r in enumerate(_typed(doc.get("refusals", []), list, "refusals"))
        ),
        warnings=_strings(doc.get("warnings", []), "warnings"),
        unwritable=tuple(
            _unwritable(u, i)
            for i, u in enumerate(_typed(doc.get("unwritable", []), list, "unwritable"))
        ),
        token_cost=_int(doc.get("token_cost", 0), "token_cost"),
        read_token_cost=_int(doc.get("read_token_cost", 0), "read_token_cost"),
        live_fingerprint=_typed(doc.get("live_fingerprint", ""), str, "live_fingerprint"),
        config_digest=_typed(doc.get("config_digest", ""), str, "config_digest"),
        stages_api=_typed(doc.get("stages_api", "v2"), str, "stages_api"),
        selection=_selection(doc.get("partial")),
        provenance=_provenance(doc),
        changed_at=_dates(doc["changes"]),
    )
    if "summary" in doc and doc["summary"] != plan.summary():
        raise _Bad("its summary does not match its changes")
    return plan


def _provenance(doc: dict[str, Any]) -> Provenance | None:
    company = doc.get("company")
    if company is None:
        return None
    item = _typed(company, dict, "company")
    env = doc.get("env")
    return Provenance(
        company=Company(
            id=None if item.get("id") is None else _int(item.get("id"), "company.id"),
            name=_typed(item.get("name"), str, "company.name"),
            domain=_typed(item.get("domain"), str, "company.domain"),
        ),
        base_url=_typed(doc.get("base_url"), str, "base_url"),
        env=None if env is None else _typed(env, str, "env"),
        tool_version=_typed(doc.get("tool_version"), str, "tool_version"),
        created_at=_typed(doc.get("created_at"), str, "created_at"),
    )


def _selection(data: Any) -> Selection:
    if data is None:
        return Selection()
    item = _typed(data, dict, "partial")
    selection = Selection(
        _strings(item.get("target", []), "partial.target"),
        _strings(item.get("exclude", []), "partial.exclude"),
    )
    if not selection.partial:
        raise _Bad("partial names neither a target nor an exclude")
    return selection


def _digests(data: Any) -> dict[str, str] | None:
    if data is None:
        return None
    item = _typed(data, dict, "live_digests")
    return {str(k): _typed(v, str, f"live_digests.{k}") for k, v in item.items()}


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
    order = _frozen(_typed(item.get("order", []), list, f"{where}.order"))
    try:
        return change_of(
            action,
            kind,
            key,
            id=ident,
            before=_optional_mapping(item.get("before"), f"{where}.before"),
            after=_optional_mapping(item.get("after"), f"{where}.after"),
            fields=fields,
            notes=_strings(item.get("notes", []), f"{where}.notes"),
            payload=RawPayload(_frozen(_typed(item.get("extra", {}), dict, f"{where}.extra"))),
            order=order,
            level=order[2] if len(order) > 2 and isinstance(order[2], int) else 0,
            replaced=_typed(item.get("replace", ""), str, f"{where}.replace"),
            destroys_data=_typed(item.get("destroys_data", False), bool, f"{where}.destroys_data"),
        )
    except ValueError as exc:
        raise _Bad(f"{where}: {exc}") from None


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


def _unwritable(data: Any, index: int) -> Unwritable:
    where = f"unwritable[{index}]"
    item = _typed(data, dict, where)
    parts = ("address", "field", "before", "after", "hint", "warning")
    return Unwritable(*(_typed(item.get(k), str, f"{where}.{k}") for k in parts))


def _dates(changes: list[Any]) -> dict[str, str]:
    """`drift`'s `changed_at` of each change that has one."""
    return {
        str(c["address"]): _typed(c["changed_at"], str, f"changes[{i}].changed_at")
        for i, c in enumerate(changes)
        if isinstance(c, dict) and c.get("changed_at") is not None and "address" in c
    }


def _refusal(data: Any, index: int) -> Refusal:
    where = f"refusals[{index}]"
    item = _typed(data, dict, where)
    return Refusal(
        guard=_typed(item.get("guard"), str, f"{where}.guard"),
        message=_typed(item.get("message"), str, f"{where}.message"),
        override=_typed(item.get("override", ""), str, f"{where}.override"),
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
