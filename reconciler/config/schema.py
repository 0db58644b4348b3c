"""The JSON Schema of the config language, for editors and for CI.

Generated from the pydantic models, so it cannot drift from what the loader accepts; the
committed copy in `schemas/` is checked by a test. Point an editor at it with
`# yaml-language-server: $schema=../schemas/pipedrive-reconciler.schema.json`.
"""

from __future__ import annotations

from typing import Any

from reconciler.config.models import Config

SCHEMA_ID = "urn:pipedrive-reconciler:config"
SCHEMA_FILE = "schemas/pipedrive-reconciler.schema.json"
REFRESH_COMMAND = f"pipedrive-reconciler schema > {SCHEMA_FILE}"


def json_schema() -> dict[str, Any]:
    """The schema of `Config` (JSON Schema draft 2020-12); the same value on every call."""
    body = Config.model_json_schema(mode="validation")
    body.pop("title", None)
    body.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "pipedrive-reconciler configuration",
        "description": (
            "Roles (settings, pipeline visibility, members), pipelines and stages of a "
            "Pipedrive company, declared in YAML. One file, or a directory of *.yaml files "
            "whose `pipelines` and `roles` lists are concatenated."
        ),
        **body,
    }
