"""Pipedrive's own OpenAPI documents, the parts this project uses, and lookup in them.

The JSON files beside this module are subsets of Pipedrive's published documents, written by
`scripts/vendor_openapi.py` (SOURCE.md says where each full document came from). They are
package data: the sandbox validates requests against them at run time and the contract tests
check both sides against them, so nothing reads a file outside the installed package.

`find_operation("v1", "GET", "/roles/7/settings")` maps a concrete request to its documented
operation. v1 looks in the 2026-01-14 document first (the last with v1 stages and
pipelines), then 2026-08-18, and last the 2024-02-12 document, the last with the since
removed subscriptions; v2 uses 2026-08-18.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

Version = Literal["v1", "v2"]

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


def document_names() -> tuple[str, ...]:
    tables = (*DOCUMENTS.values(), *LEGACY_DOCUMENTS.values())
    return tuple(name for names in tables for name in names)


def document_bytes(name: str) -> bytes:
    """A vendored file as stored (FileNotFoundError when the package lacks it)."""
    return resources.files(__name__).joinpath(name).read_bytes()


@cache
def load_document(name: str) -> dict[str, Any]:
    """A vendored document, parsed once per process. Callers must not mutate it."""
    document: dict[str, Any] = json.loads(document_bytes(name))
    return document


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
        """`"v1 GET /roles/{id}"`: how the table of known contradictions names operations."""
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

    @property
    def oauth_scopes(self) -> tuple[str, ...]:
        """The OAuth scopes any one of which allows the operation (its `security`)."""
        for requirement in self.spec.get("security", ()):
            if "oauth2" in requirement:
                return tuple(requirement["oauth2"])
        return ()

    def parameters(self, location: str) -> dict[str, Mapping[str, Any]]:
        """The documented parameters `in` one place (query, path, header), by name."""
        found = self.spec.get("parameters", [])
        return {p["name"]: p for p in found if p.get("in") == location}

    def raw_response_schema(self, status: int) -> dict[str, Any] | None:
        response = self.spec.get("responses", {}).get(str(status))
        if response is None:
            return None
        schema: dict[str, Any] | None = (
            response.get("content", {}).get("application/json", {}).get("schema")
        )
        return schema

    def raw_request_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        if body is None:
            return None
        schema: dict[str, Any] | None = (
            body.get("content", {}).get("application/json", {}).get("schema")
        )
        return schema


def comma_separated(parameter: Mapping[str, Any]) -> bool:
    """An enum parameter whose description lets several values be sent comma-separated
    (`status=open,won` on v2 /deals, `items=stage,user` on /recents): each value must be
    one of the enum's."""
    words = str(parameter.get("description", "")).lower().replace("-", " ")
    has_enum = "enum" in parameter.get("schema", {})
    return has_enum and ("comma separated" in words or "multiple selection" in words)


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
    """The documented operation for a concrete path or a template (no query string)."""
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


def admin_only(version: Version, method: str, path: str) -> bool:
    """Whether only OAuth's `admin` scope allows the operation: Pipedrive refuses it (403)
    to a token whose user is not a company admin. An undocumented path is not admin-only."""
    try:
        return find_operation(version, method, path).oauth_scopes == ("admin",)
    except LookupError:
        return False
