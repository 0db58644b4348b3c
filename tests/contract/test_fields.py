"""The objects the reconciler reads carry every field their document lists.

Schema validation alone cannot see a missing field (the documents mark nothing required),
yet the planner diffs exactly these fields, so an emulator that drops one would hide drift.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .cases import V1, V2
from .conftest import ContractClient, fill
from .openapi import find_operation, split_api_path
from .schemas import close_objects

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

# BaseUser has ~25 fields a sandbox need not invent; these are the ones the tool reads.
USER_FIELDS = frozenset({"id", "name", "email", "role_id", "active_flag", "is_deleted"})

# (path, required fields or None for "every documented field")
FIELD_CASES: tuple[tuple[str, frozenset[str] | None], ...] = (
    (f"{V1}/roles", None),
    (f"{V1}/roles/{{managers}}", None),
    (f"{V1}/roles/{{managers}}/assignments", None),
    (f"{V1}/roles/{{managers}}/pipelines", None),
    (
        f"{V1}/roles/{{managers}}/settings",
        # The four *_access_level keys exist "(only for default role)" (FACTS.md §5).
        frozenset(
            f"{kind}_default_visibility" for kind in ("deal", "lead", "org", "person", "product")
        ),
    ),
    (f"{V1}/users", USER_FIELDS),
    (f"{V1}/users/me", USER_FIELDS | {"company_id", "company_name", "company_domain"}),
    (f"{V1}/stages", None),
    (f"{V1}/stages/{{lead}}", None),
    (f"{V1}/pipelines", None),
    (f"{V1}/pipelines/{{sales}}", None),
    (f"{V2}/stages", None),
    (f"{V2}/stages/{{lead}}", None),
    (f"{V2}/pipelines", None),
    (f"{V2}/pipelines/{{sales}}", None),
)


def documented_data_fields(url_path: str) -> frozenset[str]:
    """Property names of `data` (or of its items) in the operation's success schema."""
    version, path = split_api_path(url_path)
    operation = find_operation(version, "GET", path)
    schema = close_objects(operation.raw_response_schema(operation.success_status))
    data = schema["properties"]["data"]
    if data.get("type") == "array":
        data = data["items"]
    return frozenset(data["properties"])


def _objects(data: Any) -> list[dict[str, Any]]:
    return data if isinstance(data, list) else [data]


@pytest.mark.parametrize(("path", "required"), FIELD_CASES, ids=[case[0] for case in FIELD_CASES])
async def test_documented_fields_are_present(
    api: ContractClient, ids: dict[str, int], path: str, required: frozenset[str] | None
) -> None:
    wanted = documented_data_fields(fill(path, ids)) if required is None else required
    body = await api.call("GET", fill(path, ids))
    objects = _objects(body["data"])
    assert objects, f"{path} returned no objects to check"
    for item in objects:
        assert sorted(wanted - item.keys()) == [], f"{path}: item {item.get('id')} lacks fields"


def test_documented_fields_are_read_from_the_schema() -> None:
    # Guards the helper: a v1 stage list item includes the pipeline fields of the list schema.
    fields = documented_data_fields("/api/v1/stages")
    assert {"rotten_days", "active_flag", "pipeline_name", "pipeline_deal_probability"} <= fields
    assert "level" in documented_data_fields("/api/v1/roles")
    assert "level" not in documented_data_fields("/api/v1/roles/1")  # subRole has no level


# FACTS.md §2 (migration guide): v1 timestamps are "YYYY-MM-DD HH:MM:SS" (UTC), v2 RFC 3339.
TIME_FORMATS = {
    V1: re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"),
    V2: re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"),
}
TIMESTAMPED = [f"{V1}/stages", f"{V1}/pipelines", f"{V2}/stages", f"{V2}/pipelines"]


@pytest.mark.parametrize("path", TIMESTAMPED)
async def test_timestamps_use_the_versions_format(api: ContractClient, path: str) -> None:
    pattern = TIME_FORMATS[path[:7]]
    body = await api.call("GET", path)
    for item in body["data"]:
        for field in ("add_time", "update_time"):
            assert pattern.match(item[field]), f"{path} {field}={item[field]!r}"
