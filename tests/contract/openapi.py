"""Pipedrive's OpenAPI documents as a test oracle.

Contract
--------
* The documents are the copies vendored in the package (`reconciler.pipedrive_api`, written
  by scripts/vendor_openapi.py); nothing outside the repository is read, and a missing copy
  fails the tests rather than skipping them.
* `find_operation(version, method, path)` (from `reconciler.pipedrive_api`) maps a concrete
  request (``"v1", "GET", "/roles/7/settings"``) to its documented operation.
* `response_problems(...)` / `request_problems(...)` return human-readable problems (empty
  list = conforms). Responses are checked against the documented schema for their status,
  patched only by the table of known contradictions
  (`reconciler/pipedrive_api/contradictions.py`), and with every documented success object
  *closed*: a property the document does not list is a problem, because the documents are
  otherwise so loose (no ``required``, no ``additionalProperties``) that almost any JSON
  would pass. Error statuses the operation does not document are checked against the
  generic Pipedrive error envelope (FACTS.md §2). Documented formats (date, uuid) count.
* `query_problems(...)` checks query parameter names and values against the operation's
  documented parameters, so a test cannot lean on a parameter Pipedrive does not take.

Each document is parsed once per process.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from openapi_schema_validator import OAS30Validator, oas30_format_checker

from reconciler.pipedrive_api import (
    DOCUMENTS,
    HTTP_METHODS,
    Operation,
    Version,
    comma_separated,
    find_operation,
    load_document,
)
from reconciler.pipedrive_api.contradictions import apply_exceptions, apply_request_exceptions

from .schemas import ERROR_ENVELOPE, close_objects

__all__ = [
    "DOCUMENTS",
    "HTTP_METHODS",
    "Operation",
    "Version",
    "find_operation",
    "load_document",
    "query_problems",
    "request_problems",
    "response_problems",
]

REPO_ROOT = Path(__file__).resolve().parents[2]


def split_api_path(url_path: str) -> tuple[Version, str]:
    """`"/api/v2/stages/3"` -> `("v2", "/stages/3")`."""
    for version in ("v1", "v2"):
        prefix = f"/api/{version}"
        if url_path == prefix or url_path.startswith(prefix + "/"):
            return version, url_path[len(prefix) :] or "/"  # type: ignore[return-value]
    raise ValueError(f"not a Pipedrive API path: {url_path}")


@cache
def _response_schema(operation: Operation, status: int) -> dict[str, Any] | None:
    raw = operation.raw_response_schema(status)
    if raw is None:
        return None
    schema = copy.deepcopy(raw)
    if 200 <= status < 300:
        return close_objects(apply_exceptions(operation.key, schema))
    # A documented error schema stays open: Pipedrive's generic envelope (FACTS.md §2) adds
    # error_info, data and additional_data to it, and ERROR_ENVELOPE closes the whole.
    return schema


def _problems(schema: Mapping[str, Any], instance: Any, label: str) -> list[str]:
    # Formats (date, date-time, uuid, ...) are part of the documents' contract too.
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    problems = []
    for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "<root>"
        problems.append(f"{label}: at {where}: {error.message}")
    return problems


def response_problems(
    version: Version, method: str, path: str, status: int, body: Any
) -> list[str]:
    """Why a response does not conform to the documents (empty when it does)."""
    operation = find_operation(version, method, path)
    schema = _response_schema(operation, status)
    label = f"{operation.key} -> {status}"
    if schema is not None:
        problems = _problems(schema, body, label)
        if status >= 400:
            problems += _problems(ERROR_ENVELOPE, body, f"{label} (error envelope)")
        return problems
    if status >= 400:
        return _problems(ERROR_ENVELOPE, body, f"{label} (undocumented; error envelope)")
    return [f"{label}: status not documented (documented: {operation.documented_statuses})"]


def request_problems(version: Version, method: str, path: str, body: Any) -> list[str]:
    """Why a request body does not conform to the operation's requestBody schema (closed)."""
    operation = find_operation(version, method, path)
    schema = operation.raw_request_schema()
    label = f"{operation.key} request body"
    if schema is None:
        return [] if body is None else [f"{label}: operation documents no request body"]
    # Closed as well, so a test cannot send a field the operation does not take.
    schema = apply_request_exceptions(operation.key, copy.deepcopy(schema))
    return _problems(close_objects(schema), body, label)


def _coerce_query(value: Any, schema: Mapping[str, Any]) -> Any:
    # Query values travel as strings; read them the way the schema's type says.
    text = str(value)
    kind = schema.get("type")
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text) if "." in text else int(text)
    except ValueError:
        return text
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


def query_problems(
    version: Version, method: str, path: str, params: Mapping[str, Any] | None
) -> list[str]:
    """Why query parameters are not the operation's documented ones (names and values)."""
    operation = find_operation(version, method, path)
    documented = {
        parameter["name"]: parameter
        for parameter in operation.spec.get("parameters", [])
        if parameter.get("in") == "query"
    }
    problems = [
        f"{operation.key}: required query parameter {name!r} missing"
        for name, parameter in documented.items()
        if parameter.get("required") and name not in (params or {})
    ]
    for name, value in (params or {}).items():
        if name not in documented:
            problems.append(f"{operation.key}: undocumented query parameter {name!r}")
            continue
        schema = documented[name].get("schema", {})
        label = f"{operation.key} query {name}"
        parts = str(value).split(",") if comma_separated(documented[name]) else [value]
        for part in parts:
            problems += _problems(schema, _coerce_query(part, schema), label)
    return problems
