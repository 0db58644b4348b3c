"""The one table of places where the documents' schemas are known to be wrong.

Each entry relaxes exactly one spot of the named operations' success schema, and only
because the document's own example or FACTS.md (shared/pipedrive-api/FACTS.md) shows the
real API differs. Nothing else is relaxed. An entry whose spot no longer exists fails
loudly, so the table cannot silently rot when the documents are updated.

Paths are dotted property names from the response root; ``[]`` steps into array items;
``allOf``/``anyOf``/``oneOf`` are walked through transparently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_COMPOSITES = ("allOf", "anyOf", "oneOf")

_OFFSET_PAGINATION: dict[str, Any] = {
    "type": "object",
    "properties": {
        "start": {"type": "integer"},
        "limit": {"type": "integer"},
        "more_items_in_collection": {"type": "boolean"},
        "next_start": {"type": "integer"},
    },
}
_VISIBILITY_VALUE: dict[str, Any] = {"type": "number", "enum": [1, 3, 5, 7]}


@dataclass(frozen=True)
class Nullable:
    """The property may be null."""

    path: str


@dataclass(frozen=True)
class AddProperty:
    """The object at `path` may carry `name` with `schema`."""

    path: str
    name: str
    schema: dict[str, Any]


@dataclass(frozen=True)
class DocumentedException:
    operations: tuple[str, ...]  # Operation.key values, e.g. "v1 GET /stages"
    patch: Nullable | AddProperty
    source: str  # where the real behaviour is documented


_V1_STAGE_OPS = ("v1 GET /stages/{id}", "v1 POST /stages", "v1 PUT /stages/{id}")

DOCUMENTED_EXCEPTIONS: tuple[DocumentedException, ...] = (
    # FACTS.md §12 item 7: real v1 stage responses carry "rotten_days": null although the
    # v1 schema types it as a plain integer.
    DocumentedException(_V1_STAGE_OPS, Nullable("data.rotten_days"), "FACTS.md §12 item 7"),
    DocumentedException(("v1 GET /stages",), Nullable("data[].rotten_days"), "FACTS.md §12.7"),
    DocumentedException(
        ("v1 GET /recents",), Nullable("data[].data.rotten_days"), "FACTS.md §12 item 7"
    ),
    # FACTS.md §12 item 7 and §2 ("next_cursor (null at end)"): the v2 schemas type
    # next_cursor as a plain string.
    DocumentedException(
        ("v2 GET /stages", "v2 GET /pipelines", "v2 GET /deals"),
        Nullable("additional_data.next_cursor"),
        "FACTS.md §12 item 7; §2 cursor pagination",
    ),
    # FACTS.md §2 "Spec inconsistency to tolerate": V1J getStages declares no
    # additional_data, yet its example has additional_data.pagination.
    DocumentedException(
        ("v1 GET /stages",),
        AddProperty(
            "",
            "additional_data",
            {"type": "object", "properties": {"pagination": _OFFSET_PAGINATION}},
        ),
        "FACTS.md §2; V1J getStages example",
    ),
    # FACTS.md §2: getStageDeals' schema puts start/limit/more_items_in_collection directly
    # in additional_data while its example nests them in additional_data.pagination.
    DocumentedException(
        ("v1 GET /stages/{id}/deals",),
        AddProperty("additional_data", "pagination", _OFFSET_PAGINATION),
        "FACTS.md §2; V1J getStageDeals example",
    ),
    # FACTS.md §2 (DOCS:core-api-concepts-pagination): offset pagination carries next_start
    # when more items exist; "the specs' schemas mostly omit next_start".
    DocumentedException(
        ("v1 GET /roles", "v1 GET /roles/{id}/assignments", "v1 GET /recents"),
        AddProperty("additional_data.pagination", "next_start", {"type": "integer"}),
        "FACTS.md §2 v1 offset pagination",
    ),
    # V2A getDeals' own example shows these deal fields, which its schema does not list.
    *(
        DocumentedException(
            ("v2 GET /deals",), AddProperty("data[]", name, schema), "V2A getDeals example"
        )
        for name, schema in (
            ("creator_user_id", {"type": "integer"}),
            ("archive_time", {"type": "string", "nullable": True}),
            ("local_won_date", {"type": "string", "nullable": True}),
            ("local_lost_date", {"type": "string", "nullable": True}),
            ("local_close_date", {"type": "string", "nullable": True}),
        )
    ),
    # FACTS.md §5 / §12 item 8: POST /roles/{id}/settings returns {id, <setting_key>: value}
    # for whichever of the five writable keys was set; the schema lists only
    # deal_default_visibility.
    *(
        DocumentedException(
            ("v1 POST /roles/{id}/settings",),
            AddProperty("data", key, _VISIBILITY_VALUE),
            "FACTS.md §5 addOrUpdateRoleSetting; §12 item 8",
        )
        for key in (
            "lead_default_visibility",
            "org_default_visibility",
            "person_default_visibility",
            "product_default_visibility",
        )
    ),
)


def _walk(schema: dict[str, Any], parts: list[str]) -> Iterator[dict[str, Any]]:
    if not parts:
        yield schema
        return
    for keyword in _COMPOSITES:
        for sub in schema.get(keyword, []):
            yield from _walk(sub, parts)
    head, rest = parts[0], parts[1:]
    if head == "[]":
        if isinstance(schema.get("items"), dict):
            yield from _walk(schema["items"], rest)
    elif head in schema.get("properties", {}):
        yield from _walk(schema["properties"][head], rest)


def _object_with_properties(schema: dict[str, Any]) -> dict[str, Any] | None:
    if "properties" in schema or schema.get("type") == "object":
        return schema
    for keyword in _COMPOSITES:
        for sub in schema.get(keyword, []):
            found = _object_with_properties(sub)
            if found is not None:
                return found
    return None


def _apply(schema: dict[str, Any], patch: Nullable | AddProperty, operation: str) -> None:
    parts = [part for part in patch.path.replace("[]", ".[]").split(".") if part]
    targets = list(_walk(schema, parts))
    if not targets:
        raise LookupError(f"documented exception for {operation}: no {patch.path!r} in schema")
    for target in targets:
        if isinstance(patch, Nullable):
            target["nullable"] = True
            continue
        holder = _object_with_properties(target)
        if holder is None:
            raise LookupError(f"documented exception for {operation}: {patch.path!r} not object")
        holder.setdefault("properties", {})[patch.name] = dict(patch.schema)


def apply_exceptions(operation: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Patch (in place) and return `schema`, a copy of `operation`'s success schema."""
    for exception in DOCUMENTED_EXCEPTIONS:
        if operation in exception.operations:
            _apply(schema, exception.patch, operation)
    return schema
