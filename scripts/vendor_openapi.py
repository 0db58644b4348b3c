"""Regenerate reconciler/pipedrive_api/: the parts of Pipedrive's OpenAPI documents we use.

    python scripts/vendor_openapi.py [--from DIR]    # DIR default: ../shared/pipedrive-api

Reads the four full documents (see their SOURCE.md), keeps every path in KEPT_PATHS that a
document has (with all of that path's methods) plus what those paths refer to (their tags
and security schemes; the documents inline every schema, so there are no `$ref`s to chase),
and writes the subsets, indent=1 and key order kept, beside a SOURCE.md that records where
each full document came from and the sha256 of every file written.

To use a new endpoint, add its path here, run this script and commit the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "reconciler" / "pipedrive_api"
DEFAULT_SOURCE = ROOT.parent / "shared" / "pipedrive-api"

DOCUMENTS = (
    "pipedrive-v1-2026-01-14.openapi.json",
    "pipedrive-v1-2026-08-18.openapi.json",
    "pipedrive-v2-2026-08-18.openapi.json",
    "pipedrive-v1-2024-02-12.openapi.json",
)
LEGACY_DOCUMENT = "pipedrive-v1-2024-02-12.openapi.json"

# Paths as the documents write them. v1 paths are kept from every v1 document that has them.
V1_PATHS = (
    # roles, users, recents (FACTS.md §5, §8)
    "/roles",
    "/roles/{id}",
    "/roles/{id}/assignments",
    "/roles/{id}/settings",
    "/roles/{id}/pipelines",
    "/users",
    "/users/me",
    "/users/{id}",
    "/users/{id}/roleAssignments",
    "/users/{id}/roleSettings",
    "/recents",
    # v1 stages and pipelines, behind --stages-api v1 (§6, §7)
    "/stages",
    "/stages/{id}",
    "/stages/{id}/deals",
    "/pipelines",
    "/pipelines/{id}",
    "/pipelines/{id}/deals",
    # projects (§9)
    "/projects",
    "/projects/{id}",
    "/projects/{id}/archive",
    "/projects/{id}/groups",
    "/projects/{id}/plan",
    "/projects/{id}/plan/tasks/{taskId}",
    "/projects/{id}/plan/activities/{activityId}",
    "/projects/{id}/tasks",
    "/projects/{id}/activities",
    "/projects/boards",
    "/projects/boards/{id}",
    "/projects/phases",
    "/projects/phases/{id}",
    "/projectTemplates",
    "/projectTemplates/{id}",
    # product followers (§10)
    "/products/{id}/followers",
    "/products/{id}/followers/{follower_id}",
    "/products/{id}/permittedUsers",
    # admin kinds (DESIGN.md "Admin kinds", FACTS.md §14)
    "/activityTypes",
    "/activityTypes/{id}",
    "/leadLabels",
    "/leadLabels/{id}",
    "/webhooks",
    "/webhooks/{id}",
)
# The 2024-02-12 document is read only for what Pipedrive has removed since: subscriptions (§10).
LEGACY_V1_PATHS = (
    "/subscriptions/{id}",
    "/subscriptions/find/{dealId}",
    "/subscriptions/{id}/payments",
    "/subscriptions/recurring",
    "/subscriptions/installment",
    "/subscriptions/recurring/{id}",
    "/subscriptions/installment/{id}",
    "/subscriptions/recurring/{id}/cancel",
)
_FIELD_ENTITIES = ("deal", "person", "organization", "product", "project")
V2_PATHS = (
    "/stages",
    "/stages/{id}",
    "/pipelines",
    "/pipelines/{id}",
    "/deals",
    "/deals/{id}",
    "/products",
    "/products/{id}",
    # admin kinds: custom fields with their option bulk endpoints, project boards and phases
    *(
        path
        for entity in _FIELD_ENTITIES
        for path in (
            f"/{entity}Fields",
            f"/{entity}Fields/{{field_code}}",
            f"/{entity}Fields/{{field_code}}/options",
        )
    ),
    "/boards",
    "/boards/{id}",
    "/phases",
    "/phases/{id}",
)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def kept_paths(name: str) -> tuple[str, ...]:
    if "-v2-" in name:
        return V2_PATHS
    return LEGACY_V1_PATHS if name == LEGACY_DOCUMENT else V1_PATHS


def subset(document: dict[str, Any], paths: tuple[str, ...]) -> dict[str, Any]:
    """The document with only `paths` (those it has) and the tags and schemes they use."""
    kept = {path: document["paths"][path] for path in paths if path in document["paths"]}
    operations = [
        op for item in kept.values() for method, op in item.items() if method in HTTP_METHODS
    ]
    text = json.dumps(kept)
    if '"$ref"' in text:
        raise SystemExit("a kept path uses $ref: teach this script to copy its components")
    tags = {tag for op in operations for tag in op.get("tags", [])}
    schemes = {
        name
        for requirements in [document.get("security", [])]
        + [op.get("security", []) for op in operations]
        for requirement in requirements
        for name in requirement
    }
    result: dict[str, Any] = {}
    for key, value in document.items():
        if key == "paths":
            result[key] = kept
        elif key == "tags":
            result[key] = [tag for tag in value if tag.get("name") in tags]
        elif key == "components":
            security = value.get("securitySchemes", {})
            result[key] = {"securitySchemes": {k: v for k, v in security.items() if k in schemes}}
        else:
            result[key] = value
    return result


def render(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def source_note(source: Path, written: dict[str, bytes]) -> str:
    upstream = (source / "SOURCE.md").read_text(encoding="utf-8").strip()
    upstream = upstream.replace("\n# ", "\n## ").removeprefix("# ")
    lines = [
        "# Pipedrive's OpenAPI documents, the parts this project uses",
        "",
        f"Generated on {date.today().isoformat()} by `scripts/vendor_openapi.py` from the full",
        "documents described below; do not edit by hand (a test checks every file against its",
        "sha256 here). Each file keeps the paths the client calls, the sandbox serves, or the",
        "next admin kinds need (the script's `V1_PATHS`, `V2_PATHS` and `LEGACY_V1_PATHS`), every",
        "method of those paths, and the tags and security schemes they use. Nothing inside a",
        "kept path is changed.",
        "",
        "| file | paths | sha256 of this file | sha256 of the full JSON document read |",
        "|---|---|---|---|",
    ]
    for name, data in written.items():
        paths = len(json.loads(data)["paths"])
        mine = hashlib.sha256(data).hexdigest()
        full = hashlib.sha256((source / name).read_bytes()).hexdigest()
        lines.append(f"| `{name}` | {paths} | `{mine}` | `{full}` |")
    lines += ["", "## Where the full documents come from: " + upstream, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args(argv)
    written: dict[str, bytes] = {}
    for name in DOCUMENTS:
        full = json.loads((args.source / name).read_text(encoding="utf-8"))
        written[name] = render(subset(full, kept_paths(name)))
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, data in written.items():
        (TARGET / name).write_bytes(data)
        print(f"{name}: {len(json.loads(data)['paths'])} paths, {len(data):,} bytes")
    (TARGET / "SOURCE.md").write_text(source_note(args.source, written), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
