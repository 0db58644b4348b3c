"""The one table of places where the documents are known to differ from the real API.

Each entry relaxes exactly one spot of the named operations' success schema (or, in
`REQUEST_PATH_IDS`, of a request body), and only because the document's own example or
description, or FACTS.md (the project's cited notes on the Pipedrive API, kept beside the
documents' full copies in shared/pipedrive-api/), shows the real API differs; `source` says
which. Nothing else is relaxed: the contract tests, the Schemathesis run and the sandbox's
request validation all read the documents through this table. An entry whose spot no longer
exists fails loudly, so the table cannot silently rot when the documents are updated.

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
class V1Timestamp:
    """The date-time string at `path` may be v1's `YYYY-MM-DD HH:MM:SS` text as well."""

    path: str


V1_OR_RFC3339 = r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}"


@dataclass(frozen=True)
class DocumentedException:
    operations: tuple[str, ...]  # Operation.key values, e.g. "v1 GET /stages"
    patch: Nullable | AddProperty | V1Timestamp
    source: str  # where the real behaviour is documented


_V1_STAGE_OPS = ("v1 GET /stages/{id}", "v1 POST /stages", "v1 PUT /stages/{id}")
_ACTIVITY_TYPE_OPS = (
    "v1 POST /activityTypes",
    "v1 PUT /activityTypes/{id}",
    "v1 DELETE /activityTypes/{id}",
)
_PERSON_FIELD_OPS = (
    "v2 POST /personFields",
    "v2 GET /personFields/{field_code}",
    "v2 PATCH /personFields/{field_code}",
    "v2 DELETE /personFields/{field_code}",
)
_V1_PROJECT_OPS = (
    "v1 POST /projects",
    "v1 GET /projects/{id}",
    "v1 PUT /projects/{id}",
    "v1 POST /projects/{id}/archive",
)

DOCUMENTED_EXCEPTIONS: tuple[DocumentedException, ...] = (
    # FACTS.md §12 item 7: real v1 stage responses carry "rotten_days": null although the
    # v1 schema types it as a plain integer.
    DocumentedException(_V1_STAGE_OPS, Nullable("data.rotten_days"), "FACTS.md §12 item 7"),
    DocumentedException(("v1 GET /stages",), Nullable("data[].rotten_days"), "FACTS.md §12.7"),
    DocumentedException(
        ("v1 GET /recents",), Nullable("data[].data.rotten_days"), "FACTS.md §12 item 7"
    ),
    # An empty page has no last item and so no timestamp: the real API answers null there
    # (observed and reported in issue 10), while the schema types a plain string.
    DocumentedException(
        ("v1 GET /recents",),
        Nullable("additional_data.last_timestamp_on_page"),
        "issue 10 (real API, empty page)",
    ),
    # FACTS.md §12 item 7 and §2 ("next_cursor (null at end)"): the v2 schemas type
    # next_cursor as a plain string.
    DocumentedException(
        ("v2 GET /stages", "v2 GET /pipelines", "v2 GET /deals", "v2 GET /products"),
        Nullable("additional_data.next_cursor"),
        "FACTS.md §12 item 7; §2 cursor pagination",
    ),
    # V1J's project schema types archive_time a plain string, yet describes it "If not
    # archived then 'null'". (The sandbox leaves out the other unset project fields.)
    DocumentedException(
        _V1_PROJECT_OPS, Nullable("data.archive_time"), "V1J archive_time description"
    ),
    DocumentedException(
        ("v1 GET /projects",), Nullable("data[].archive_time"), "V1J archive_time description"
    ),
    # FACTS.md §2 cursor pagination: next_cursor is null on the last page (the V1J
    # descriptions say so: "will be `null` if you have reached the end").
    DocumentedException(
        (
            "v1 GET /projects",
            "v1 GET /projectTemplates",
            "v1 GET /projects/{id}/tasks",
            "v1 GET /projects/{id}/activities",
        ),
        Nullable("additional_data.next_cursor"),
        "V1J next_cursor description; FACTS.md §2",
    ),
    # FACTS.md §9: deleteProject's schema wraps data{success, data{id}}, but its example,
    # like every other v1 delete, answers data{id}.
    DocumentedException(
        ("v1 DELETE /projects/{id}",),
        AddProperty("data", "id", {"type": "integer"}),
        "FACTS.md §9; V1J deleteProject example",
    ),
    # V1J getProductFollowers: the schema puts start/limit/more_items_in_collection in
    # additional_data, its example nests them in additional_data.pagination (as §2 says).
    DocumentedException(
        ("v1 GET /products/{id}/followers",),
        AddProperty("additional_data", "pagination", _OFFSET_PAGINATION),
        "FACTS.md §2; V1J getProductFollowers example",
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
    # getPipelineDeals has the same mismatch between its schema and its example.
    DocumentedException(
        ("v1 GET /stages/{id}/deals", "v1 GET /pipelines/{id}/deals"),
        AddProperty("additional_data", "pagination", _OFFSET_PAGINATION),
        "FACTS.md §2; V1J getStageDeals and getPipelineDeals examples",
    ),
    # FACTS.md §2 (DOCS:core-api-concepts-pagination): offset pagination carries next_start
    # when more items exist; "the specs' schemas mostly omit next_start".
    DocumentedException(
        ("v1 GET /roles", "v1 GET /roles/{id}/assignments", "v1 GET /recents"),
        AddProperty("additional_data.pagination", "next_start", {"type": "integer"}),
        "FACTS.md §2 v1 offset pagination",
    ),
    # V2A getDeals' and getDeal's own examples show these deal fields, which their schemas do
    # not list.
    *(
        DocumentedException((operation,), AddProperty(where, name, schema), "V2A examples")
        for operation, where in (("v2 GET /deals", "data[]"), ("v2 GET /deals/{id}", "data"))
        for name, schema in (
            ("creator_user_id", {"type": "integer"}),
            ("archive_time", {"type": "string", "nullable": True}),
            ("local_won_date", {"type": "string", "nullable": True}),
            ("local_lost_date", {"type": "string", "nullable": True}),
            ("local_close_date", {"type": "string", "nullable": True}),
        )
    ),
    # V1J's activity type schemas type add_time and update_time as date-times, while every
    # one of their examples shows v1 timestamps ("add_time": "2019-10-04 16:24:55"), the
    # format FACTS.md §2 gives for v1.
    *(
        DocumentedException(
            operations, V1Timestamp(f"{where}.{name}"), "V1J activityTypes examples"
        )
        for operations, where in (
            (("v1 GET /activityTypes",), "data[]"),
            (_ACTIVITY_TYPE_OPS, "data"),
        )
        for name in ("add_time", "update_time")
    ),
    # V2A's person field schemas list no description, while every one of their examples
    # shows one ("description": "The name of the person"), as the deal fields' schema has it.
    DocumentedException(
        ("v2 GET /personFields",),
        AddProperty("data[]", "description", {"type": "string"}),
        "V2A personFields examples",
    ),
    DocumentedException(
        _PERSON_FIELD_OPS,
        AddProperty("data", "description", {"type": "string"}),
        "V2A personFields examples",
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


def _apply(
    schema: dict[str, Any], patch: Nullable | AddProperty | V1Timestamp, operation: str
) -> None:
    parts = [part for part in patch.path.replace("[]", ".[]").split(".") if part]
    targets = list(_walk(schema, parts))
    if not targets:
        raise LookupError(f"documented exception for {operation}: no {patch.path!r} in schema")
    for target in targets:
        if isinstance(patch, Nullable):
            target["nullable"] = True
            continue
        if isinstance(patch, V1Timestamp):
            if target.pop("format", None) != "date-time":
                raise LookupError(f"documented exception for {operation}: {patch.path!r} format")
            target["pattern"] = V1_OR_RFC3339
            continue
        holder = _object_with_properties(target)
        if holder is None:
            raise LookupError(f"documented exception for {operation}: {patch.path!r} not object")
        holder.setdefault("properties", {})[patch.name] = dict(patch.schema)


# Request bodies: V1O lists the path's `id` among the body's required keys of these PUTs
# without describing it as a body property; the id travels in the path.
REQUEST_PATH_IDS: tuple[str, ...] = (
    "v1 PUT /subscriptions/recurring/{id}",
    "v1 PUT /subscriptions/installment/{id}",
    "v1 PUT /subscriptions/recurring/{id}/cancel",
)


def apply_request_exceptions(operation: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Patch (in place) and return `schema`, a copy of `operation`'s request body schema."""
    if operation in REQUEST_PATH_IDS:
        if "id" not in schema.get("required", []):
            raise LookupError(f"request exception for {operation}: no required 'id'")
        schema["required"] = [name for name in schema["required"] if name != "id"]
    return schema


def apply_exceptions(operation: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Patch (in place) and return `schema`, a copy of `operation`'s success schema."""
    for exception in DOCUMENTED_EXCEPTIONS:
        if operation in exception.operations:
            _apply(schema, exception.patch, operation)
    return schema
