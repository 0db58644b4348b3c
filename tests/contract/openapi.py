"""Pipedrive's OpenAPI documents as a test oracle.

Contract
--------
* The documents live in ``<repo>/../shared/pipedrive-api/`` (beside the clone, also in CI).
  `documents_available()` says whether they are there; the contract tests skip otherwise.
* `find_operation(version, method, path)` maps a concrete request (``"v1", "GET",
  "/roles/7/settings"``) to its documented operation. v1 looks in the 2026-01-14 document
  first (the last one with v1 stages and pipelines), then 2026-08-18, and last the legacy
  2024-02-12 document, the last that has the (since removed) subscriptions; v2 uses 2026-08-18.
* `response_problems(...)` / `request_problems(...)` return human-readable problems (empty
  list = conforms). Responses are checked against the documented schema for their status,
  patched only by the table in `documented_exceptions.py`, and with every documented object
  *closed*: a property the document does not list is a problem, because the documents are
  otherwise so loose (no ``required``, no ``additionalProperties``) that almost any JSON
  would pass. Error statuses the operation does not document are checked against the
  generic Pipedrive error envelope (FACTS.md §2). Documented formats (date, uuid) count.
* `query_problems(...)` checks query parameter names and values against the operation's
  documented parameters, so a test cannot lean on a parameter Pipedrive does not take.

Each document is parsed once per process (they are 1-3 MB).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from openapi_schema_validator import OAS30Validator, oas30_format_checker

from .documented_exceptions import apply_exceptions, apply_request_exceptions
from .schemas import ERROR_ENVELOPE, close_objects

Version = Literal["v1", "v2"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS_DIR = REPO_ROOT.parent / "shared" / "pipedrive-api"

# Search order per API version: the first document that has the operation wins.
DOCUMENTS: dict[Version, tuple[str, ...]] = {
    "v1": ("pipedrive-v1-2026-01-14.openapi.json", "pipedrive-v1-2026-08-18.openapi.json"),
    "v2": ("pipedrive-v2-2026-08-18.openapi.json",),
}
# Searched after DOCUMENTS, for operations Pipedrive has removed since (v1 subscriptions,
# FACTS.md §10). Kept apart because it documents no token costs.
LEGACY_DOCUMENTS: dict[Version, tuple[str, ...]] = {
    "v1": ("pipedrive-v1-2024-02-12.openapi.json",),
    "v2": (),
}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def documents_available() -> bool:
    """True when every document the contract tests need is present."""
    tables = (*DOCUMENTS.values(), *LEGACY_DOCUMENTS.values())
    names = {name for names in tables for name in names}
    return all((DOCUMENTS_DIR / name).is_file() for name in names)


def missing_reason() -> str:
    return f"Pipedrive OpenAPI documents not found at {DOCUMENTS_DIR}"


@cache
def load_document(name: str) -> dict[str, Any]:
    with (DOCUMENTS_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True, eq=False)  # identity hash: find_operation hands out one per operation
class Operation:
    """One documented operation: where it was found and its OpenAPI object."""

    version: Version
    document: str
    method: str  # upper case
    template: str  # e.g. "/roles/{id}/settings"
    spec: Mapping[str, Any]

    @property
    def key(self) -> str:
        """`"v1 GET /roles/{id}"`: how the exception table names operations."""
        return f"{self.version} {self.method} {self.template}"

    @property
    def operation_id(self) -> str:
        return str(self.spec.get("operationId", ""))

    @property
    def documented_statuses(self) -> tuple[int, ...]:
        return tuple(int(code) for code in self.spec.get("responses", {}) if code.isdigit())

    @property
    def success_status(self) -> int:
        """The one documented 2xx status (200 or 201)."""
        found = [code for code in self.documented_statuses if 200 <= code < 300]
        assert len(found) == 1, f"{self.key} documents {found} success codes"
        return found[0]

    def raw_response_schema(self, status: int) -> dict[str, Any] | None:
        response = self.spec.get("responses", {}).get(str(status))
        if response is None:
            return None
        return response.get("content", {}).get("application/json", {}).get("schema")

    def raw_request_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        if body is None:
            return None
        return body.get("content", {}).get("application/json", {}).get("schema")


def _template_score(template: str) -> tuple[int, ...]:
    # Literal segments before placeholders win: /users/me beats /users/{id}.
    return tuple(1 if segment.startswith("{") else 0 for segment in template.split("/"))


def _matches(template: str, path: str) -> bool:
    wanted, actual = template.strip("/").split("/"), path.strip("/").split("/")
    if len(wanted) != len(actual):
        return False
    return all(w.startswith("{") or w == a for w, a in zip(wanted, actual, strict=True))


@cache
def find_operation(version: Version, method: str, path: str) -> Operation:
    """The documented operation for a concrete path (query string not included)."""
    method = method.upper()
    for name in (*DOCUMENTS[version], *LEGACY_DOCUMENTS[version]):
        paths = load_document(name)["paths"]
        candidates = [
            template
            for template, item in paths.items()
            if method.lower() in item and _matches(template, path)
        ]
        if candidates:
            template = min(candidates, key=_template_score)
            spec = paths[template][method.lower()]
            return Operation(version, name, method, template, spec)
    raise LookupError(f"no documented operation for {version} {method} {path}")


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
        schema = apply_exceptions(operation.key, schema)
    return close_objects(schema)


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
        problems += _problems(schema, _coerce_query(value, schema), label)
    return problems
