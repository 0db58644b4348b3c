"""Schema helpers: the generic error envelope and closing documented objects.

The Pipedrive documents never use ``additionalProperties`` and build most objects from
``allOf`` fragments, so "the response validates" alone says little. `close_objects` merges
each ``allOf`` of object fragments into one object and forbids properties the document does
not list. That catches an emulator inventing fields (a v1 name in a v2 response, pagination
in the wrong place) while leaving every documented field optional, as the documents do.
"""

from __future__ import annotations

from typing import Any

# FACTS.md §2 "Error envelope" (DOCS:core-api-concepts-responses):
# {"success": false, "error": "...", "error_info": "...", "data": null, "additional_data": null};
# `code` is added on limit-reached 403s (same page), `errorCode` appears in V1J's documented
# 401 example for GET /users/me. `data` must be null when present; it is not required because
# the documents' own error examples (401 /users/me, 404 /users/{id}) leave it out. The
# webhook errors add `"status": "error"` and `errors` by field (V1J addWebhook 400 and
# deleteWebhook 404 schemas and examples).
ERROR_ENVELOPE: dict[str, Any] = {
    "type": "object",
    "required": ["success", "error"],
    "additionalProperties": False,
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {"type": "string", "minLength": 1},
        "error_info": {"type": "string"},
        "data": {"enum": [None]},
        "additional_data": {"type": "object", "nullable": True},
        "code": {"type": "string"},
        "errorCode": {"type": "integer"},
        "status": {"type": "string", "enum": ["error"]},
        "errors": {"type": "object"},
    },
}

_COMPOSITES = ("allOf", "anyOf", "oneOf")


def _is_object_fragment(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "object" or "properties" in schema:
        return True
    parts = schema.get("allOf")
    return bool(parts) and all(_is_object_fragment(part) for part in parts)


def _merge(into: dict[str, Any], fragment: dict[str, Any]) -> None:
    for key, value in fragment.items():
        if key == "properties":
            props = into.setdefault("properties", {})
            for name, sub in value.items():
                if name in props and _is_object_fragment(props[name]) and _is_object_fragment(sub):
                    merged: dict[str, Any] = {}
                    _merge(merged, _flatten(props[name]))
                    _merge(merged, _flatten(sub))
                    props[name] = merged
                else:
                    props[name] = sub
        elif key == "required":
            into["required"] = sorted(set(into.get("required", [])) | set(value))
        elif key != "allOf":
            into.setdefault(key, value)


def _flatten(schema: dict[str, Any]) -> dict[str, Any]:
    """Merge an ``allOf`` made only of object fragments into the schema itself."""
    parts = schema.get("allOf")
    if not parts or not all(_is_object_fragment(part) for part in parts):
        return schema
    merged: dict[str, Any] = {}
    _merge(merged, {key: value for key, value in schema.items() if key != "allOf"})
    for part in parts:
        _merge(merged, _flatten(part))
    merged.setdefault("type", "object")
    return merged


def close_objects(schema: Any) -> Any:
    """A copy of `schema` where every object with listed properties forbids unlisted ones."""
    if isinstance(schema, list):
        return [close_objects(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = _flatten(schema)
    closed: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "properties":
            closed[key] = {name: close_objects(sub) for name, sub in value.items()}
        elif key in _COMPOSITES or key in ("items", "not", "additionalProperties"):
            closed[key] = close_objects(value)
        else:
            closed[key] = value
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed
