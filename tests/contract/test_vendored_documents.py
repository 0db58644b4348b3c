"""The vendored documents are there, unedited, and hold every operation the project uses.

They are what every contract test, the Schemathesis run and the sandbox's request validation
read, so a missing or hand-edited copy must fail here (never skip anywhere).
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources

import pytest

from reconciler.pipedrive_api import document_bytes, document_names, find_operation

from .cases import SERVED_OPERATIONS

pytestmark = pytest.mark.contract

_ROW = re.compile(r"^\| `(?P<name>[^`]+)` \| \d+ \| `(?P<sha>[0-9a-f]{64})` \|", re.MULTILINE)


def _recorded() -> dict[str, str]:
    note = resources.files("reconciler.pipedrive_api").joinpath("SOURCE.md").read_text("utf-8")
    return {match["name"]: match["sha"] for match in _ROW.finditer(note)}


def test_source_note_lists_every_document() -> None:
    assert sorted(_recorded()) == sorted(document_names())


@pytest.mark.parametrize("name", document_names())
def test_vendored_document_matches_its_recorded_sha256(name: str) -> None:
    digest = hashlib.sha256(document_bytes(name)).hexdigest()
    assert digest == _recorded()[name], f"{name} differs from what scripts/vendor_openapi.py wrote"


@pytest.mark.parametrize("key", sorted(SERVED_OPERATIONS))
def test_every_served_operation_is_vendored(key: str) -> None:
    version, method, template = key.split(" ")
    assert find_operation(version, method, template).template == template  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "key",
    [
        "v2 GET /dealFields",
        "v2 PATCH /projectFields/{field_code}",
        "v2 DELETE /personFields/{field_code}/options",
        "v2 POST /boards",
        "v2 PATCH /phases/{id}",
        "v1 PUT /activityTypes/{id}",
        "v1 PATCH /leadLabels/{id}",
        "v1 POST /webhooks",
    ],
)
def test_paths_for_the_admin_kinds_are_vendored_too(key: str) -> None:
    version, method, template = key.split(" ")
    assert find_operation(version, method, template).template == template  # type: ignore[arg-type]
