"""Schemathesis hunts the sandbox with the vendored documents, every served operation.

Positive and negative data, from the documents' examples, their boundaries and random
generation: no 5xx, statuses and content types as documented (error statuses as Pipedrive's
generic envelope), response schemas as documented with the known contradictions only, and
invalid requests rejected. Each example starts from the same seeded company.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis

from reconciler.sandbox.validation import served_operations

from .fuzz import fuzz_app, fuzz_config, fuzz_document

pytestmark = pytest.mark.contract

APP = fuzz_app()
OPERATIONS = served_operations(APP.routes)
V1 = schemathesis.openapi.from_dict(fuzz_document("v1", OPERATIONS), config=fuzz_config())
V2 = schemathesis.openapi.from_dict(fuzz_document("v2", OPERATIONS), config=fuzz_config())
V1.app = APP
V2.app = APP
# (first id, how many) of the seeded objects (conftest.SEED) a path parameter names: most
# kinds count from 1; deals and products keep the ids the seed gives them.
SMALL_IDS = (1, 4)
SEEDED_IDS: dict[str, tuple[int, int]] = {
    "dealId": (101, 3),
    "activityId": (9001, 1),
    "/deals/{id}": (101, 6),
    "/products/{id}": (17, 1),
}


def map_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Integer ids folded onto seeded ones, so most cases reach objects rather than 404s.

    Only integers are folded: a negative case's wrong type stays wrong.
    """
    if not path_parameters:
        return path_parameters
    template = str(getattr(getattr(context, "operation", None), "path", ""))
    mapped = {}
    for name, value in path_parameters.items():
        if isinstance(value, int) and not isinstance(value, bool):
            prefix = next((p for p in SEEDED_IDS if p.startswith("/") and template.startswith(
                p.split("{")[0]) and name == "id"), None)  # fmt: skip
            first, count = SEEDED_IDS.get(name) or SEEDED_IDS.get(prefix or "") or SMALL_IDS
            value = first + abs(value) % count
        mapped[name] = value
    return mapped


for _schema in (V1, V2):
    _schema.hook(map_path_parameters)


def _fresh() -> None:
    APP.state.sandbox.reset()


@V1.parametrize()
def test_v1_operations_hold_under_fuzzing(case: schemathesis.Case) -> None:
    _fresh()
    case.call_and_validate()


@V2.parametrize()
def test_v2_operations_hold_under_fuzzing(case: schemathesis.Case) -> None:
    _fresh()
    case.call_and_validate()


def test_the_hunted_documents_are_closed_and_know_the_generic_errors() -> None:
    # The checks are only as strict as the documents Schemathesis reads: success objects
    # closed (an invented field fails), 4XX as the generic envelope, 5xx never documented.
    deals = fuzz_document("v2", OPERATIONS)["paths"]["/deals/{id}"]["get"]["responses"]
    data = deals["200"]["content"]["application/json"]["schema"]["properties"]["data"]
    assert data["additionalProperties"] is False
    assert "4XX" in deals and not any(status.startswith("5") for status in deals)
    served = {(op.version, op.method, op.template) for op in OPERATIONS}
    hunted = {
        (version, method.upper(), template)
        for version in ("v1", "v2")
        for template, item in fuzz_document(version, OPERATIONS)["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert hunted == served
