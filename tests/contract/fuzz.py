"""What Schemathesis reads and hunts in: the vendored documents and a seeded sandbox.

`fuzz_document(version, operations)` is the vendored document of one API version cut to the
operations the sandbox serves, as Schemathesis reads it:

* servers point at the sandbox's mount (`/api/v1`, `/api/v2`);
* success schemas carry the table of known contradictions and are closed (a field the
  document does not list is a failure), exactly as the contract tests read them (documented
  error schemas are left open: the generic envelope adds `error_info` to them); request
  bodies carry the table's request entries;
* every operation also documents `4XX` as Pipedrive's generic error envelope. Pipedrive
  documents its error statuses once, on its status-code page (FACTS.md §2: 400, 401, 402,
  403, 404, 405, 410, 415, 422, 429), not per operation: an unknown id is a 404 everywhere.
  A 5xx is never documented, so it always fails.

The hunt's size comes from the environment: `FUZZ_EXAMPLES` (per operation and phase,
default 4: `make test`) and `FUZZ_SEED` (default fixed); `make fuzz` asks for more.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable
from typing import Any

from schemathesis.config import SchemathesisConfig

from reconciler.pipedrive_api import DOCUMENTS, Operation, Version, load_document
from reconciler.pipedrive_api.contradictions import apply_exceptions, apply_request_exceptions
from reconciler.sandbox import SandboxOptions, create_app

from .conftest import SEED
from .schemas import ERROR_ENVELOPE, close_objects

TOKEN = "fuzz-token-8c2e"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
RANDOM_SEED = int(os.environ.get("FUZZ_SEED", "20261204"))
GENERIC_ERROR = {
    "description": "Pipedrive's generic error envelope (FACTS.md §2)",
    "content": {"application/json": {"schema": ERROR_ENVELOPE}},
}


def fuzz_app() -> Any:
    # Limits high enough never to answer 429: rate limiting has its own tests.
    options = SandboxOptions(
        token=TOKEN, seed=SEED, burst=10**9, daily_budget=10**12, random_seed=RANDOM_SEED
    )
    return create_app(options)


def _response(operation: Operation, status: str, response: dict[str, Any]) -> dict[str, Any]:
    media = response.get("content", {}).get("application/json")
    if media is None or "schema" not in media:
        return response
    if status.startswith("2"):
        media["schema"] = close_objects(apply_exceptions(operation.key, media["schema"]))
    return response


def _operation(operation: Operation) -> dict[str, Any]:
    spec = copy.deepcopy(dict(operation.spec))
    responses = spec.setdefault("responses", {})
    for status, response in list(responses.items()):
        responses[status] = _response(operation, status, response)
    responses.setdefault("4XX", copy.deepcopy(GENERIC_ERROR))
    body = spec.get("requestBody", {}).get("content", {}).get("application/json")
    if body and "schema" in body:
        body["schema"] = apply_request_exceptions(operation.key, body["schema"])
    return spec


def fuzz_document(version: Version, operations: Iterable[Operation]) -> dict[str, Any]:
    newest = load_document(DOCUMENTS[version][0])
    paths: dict[str, dict[str, Any]] = {}
    for operation in operations:
        if operation.version != version:
            continue
        item = load_document(operation.document)["paths"][operation.template]
        entry = paths.setdefault(operation.template, {})
        if "parameters" in item:
            entry["parameters"] = copy.deepcopy(item["parameters"])
        entry[operation.method.lower()] = _operation(operation)
    return {
        "openapi": newest["openapi"],
        "info": newest["info"],
        "servers": [{"url": f"/api/{version}"}],
        "paths": paths,
        "components": copy.deepcopy(newest.get("components", {})),
    }


def fuzz_config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": RANDOM_SEED,
            "headers": {"x-api-token": TOKEN},
            "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True},
            "phases": {"stateful": {"enabled": False}},
            "checks": {
                "positive_data_acceptance": {"enabled": False},
                "use_after_free": {"enabled": False},
                "ensure_resource_availability": {"enabled": False},
            },
        }
    )
