"""The oracle itself: operation lookup, closing, exceptions and the error envelope.

Without these a lenient harness would make every contract test pass vacuously.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from reconciler.pipedrive_api.contradictions import DOCUMENTED_EXCEPTIONS, apply_exceptions

from .cases import SERVED_OPERATIONS
from .conftest import ContractClient
from .openapi import (
    find_operation,
    query_problems,
    request_problems,
    response_problems,
    split_api_path,
)

pytestmark = pytest.mark.contract

V1_STAGE: dict[str, Any] = {
    "id": 1,
    "order_nr": 1,
    "name": "Lead",
    "active_flag": True,
    "deal_probability": 10,
    "pipeline_id": 1,
    "rotten_flag": False,
    "rotten_days": None,
    "add_time": "2026-01-01 00:00:00",
    "update_time": "2026-01-01 00:00:00",
}


def _served(key: str) -> tuple[str, str, str]:
    version, method, template = key.split(" ")
    return version, method, template.replace("{id}", "7")


@pytest.mark.parametrize(
    ("version", "method", "path", "template", "document"),
    [
        ("v1", "GET", "/users/me", "/users/me", "v1-2026-01-14"),
        ("v1", "GET", "/users/5", "/users/{id}", "v1-2026-01-14"),
        ("v1", "DELETE", "/stages", "/stages", "v1-2026-01-14"),
        ("v1", "GET", "/stages/3/deals", "/stages/{id}/deals", "v1-2026-01-14"),
        ("v2", "PATCH", "/stages/3", "/stages/{id}", "v2-2026-08-18"),
        ("v1", "GET", "/projects/boards", "/projects/boards", "v1-2026-01-14"),
    ],
)
def test_find_operation_prefers_literal_segments(
    version: str, method: str, path: str, template: str, document: str
) -> None:
    operation = find_operation(version, method, path)  # type: ignore[arg-type]
    assert operation.template == template
    assert document in operation.document


def test_unknown_operations_are_not_guessed() -> None:
    with pytest.raises(LookupError):
        find_operation("v2", "GET", "/roles")  # roles exist only in v1
    with pytest.raises(LookupError):
        find_operation("v1", "PATCH", "/stages/3")


def test_split_api_path() -> None:
    assert split_api_path("/api/v2/stages/3") == ("v2", "/stages/3")
    assert split_api_path("/api/v1/users/me") == ("v1", "/users/me")
    with pytest.raises(ValueError):
        split_api_path("/v1/users")


@pytest.mark.parametrize("key", sorted(SERVED_OPERATIONS))
def test_documented_success_example_conforms(key: str) -> None:
    # Closing and the exception table must not reject the documents' own examples.
    version, method, path = _served(key)
    operation = find_operation(version, method, path)  # type: ignore[arg-type]
    status = operation.success_status
    response = operation.spec["responses"][str(status)]["content"]["application/json"]
    example = copy.deepcopy(response["example"])
    if key == "v1 GET /recents":
        # V1J's getRecents example garbles its pagination (`"pagination\""`, `"start": "0,"`,
        # `"limit": "100,"`); the rest of it is checked as written.
        extra = example["additional_data"]
        garbled = extra.pop('pagination"')
        assert garbled == {"start": "0,", "limit": "100,", "more_items_in_collection": False}
        extra["pagination"] = {"start": 0, "limit": 100, "more_items_in_collection": False}
    assert response_problems(version, method, path, status, example) == []  # type: ignore[arg-type]


def test_exception_table_entries_all_apply() -> None:
    for exception in DOCUMENTED_EXCEPTIONS:
        for key in exception.operations:
            assert key in SERVED_OPERATIONS, key
            version, method, path = _served(key)
            operation = find_operation(version, method, path)  # type: ignore[arg-type]
            raw = operation.raw_response_schema(operation.success_status)
            apply_exceptions(key, copy.deepcopy(raw))  # raises when the spot is gone


def test_rotten_days_may_be_null_but_other_fields_may_not() -> None:
    body = {"success": True, "data": V1_STAGE}
    assert response_problems("v1", "GET", "/stages/1", 200, body) == []
    broken = {"success": True, "data": {**V1_STAGE, "order_nr": None}}
    assert response_problems("v1", "GET", "/stages/1", 200, broken)
    # The exception belongs to v1 stages only: v1 pipelines get no such leeway.
    pipeline = {"success": True, "data": {"id": 1, "name": "S", "order_nr": None}}
    assert response_problems("v1", "GET", "/pipelines/1", 200, pipeline)


def test_undocumented_fields_are_rejected() -> None:
    v1_name_in_v2 = {"success": True, "data": {"id": 1, "name": "Lead", "rotten_days": 3}}
    problems = response_problems("v2", "GET", "/stages/1", 200, v1_name_in_v2)
    assert any("rotten_days" in problem for problem in problems)


def test_pagination_placement_follows_the_documented_examples() -> None:
    nested = {"pagination": {"start": 0, "limit": 1, "more_items_in_collection": True}}
    nested["pagination"]["next_start"] = 1
    stages = {"success": True, "data": [V1_STAGE], "additional_data": nested}
    assert response_problems("v1", "GET", "/stages", 200, stages) == []
    flat = {"start": 0, "limit": 1, "more_items_in_collection": True}
    roles = {"success": True, "data": [], "additional_data": flat}
    assert response_problems("v1", "GET", "/roles", 200, roles)


def test_next_cursor_null_only_where_documented() -> None:
    end = {"success": True, "data": [], "additional_data": {"next_cursor": None}}
    assert response_problems("v2", "GET", "/pipelines", 200, end) == []
    bad = {"success": True, "data": [], "additional_data": {"next_cursor": 5}}
    assert response_problems("v2", "GET", "/pipelines", 200, bad)


@pytest.mark.parametrize(
    "body",
    [
        {"success": True, "error": "x", "data": None},
        {"success": False, "data": None},
        {"success": False, "error": "x", "data": {"id": 1}},
        {"success": False, "error": "x", "token": "leak"},
    ],
    ids=["success-true", "no-error", "data-not-null", "unknown-key"],
)
def test_error_envelope_rejects(body: dict[str, Any]) -> None:
    assert response_problems("v1", "GET", "/roles/1", 404, body)


def test_error_envelope_accepts_documented_shapes() -> None:
    full = {
        "success": False,
        "error": "Requested service is not available",
        "error_info": "Please check developers.pipedrive.com",
        "data": None,
        "additional_data": None,
    }
    assert response_problems("v2", "DELETE", "/stages/1", 404, full) == []
    documented_401 = {"success": False, "error": "unauthorized access", "errorCode": 401}
    assert response_problems("v1", "GET", "/users/me", 401, documented_401) == []


def test_undocumented_success_status_is_a_problem() -> None:
    problems = response_problems("v1", "POST", "/roles", 201, {"success": True, "data": {"id": 1}})
    assert problems and "not documented" in problems[0]


def test_request_bodies_are_checked_and_closed() -> None:
    assert request_problems("v2", "PATCH", "/stages/1", {"name": "X"}) == []
    assert request_problems("v2", "PATCH", "/stages/1", {"order_nr": 2})  # read-only in v2
    assert request_problems("v1", "POST", "/pipelines", {"name": "X", "active": True})  # 0|1
    assert request_problems("v1", "POST", "/roles/1/settings", {"setting_key": "x", "value": 1})
    assert request_problems("v1", "GET", "/roles", {"name": "X"})  # no body documented


def test_query_parameters_are_checked() -> None:
    assert query_problems("v2", "GET", "/stages", {"limit": 1, "sort_by": "order_nr"}) == []
    assert query_problems("v1", "GET", "/roles/1/pipelines", {"visible": "false"}) == []
    assert query_problems("v2", "GET", "/stages", {"sort_by": "name"})  # not in the enum
    assert query_problems("v2", "GET", "/stages", {"start": 0})  # v1 paging on a v2 list
    assert query_problems("v1", "GET", "/recents", {})  # since_timestamp is required
    assert query_problems("v1", "GET", "/stages", {"limit": "ten"})


def _canned(status: int, body: dict[str, Any]) -> httpx.AsyncClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    return httpx.AsyncClient(transport=transport, base_url="http://sandbox")


@pytest.mark.anyio
async def test_checking_client_rejects_wrong_status_and_undocumented_fields(
    anyio_backend: str,
) -> None:
    async with _canned(201, {"success": True, "data": {"id": 1}}) as http:
        with pytest.raises(AssertionError, match="documented/expected 200"):
            await ContractClient(http).call("POST", "/api/v1/roles", json={"name": "X"})
    async with _canned(200, {"success": True, "data": {"id": 1, "extra": 1}}) as http:
        with pytest.raises(AssertionError, match="extra"):
            await ContractClient(http).call("POST", "/api/v1/roles", json={"name": "X"})
    async with _canned(200, {"success": True, "data": {"id": 1}}) as http:
        with pytest.raises(AssertionError, match="undocumented body"):
            await ContractClient(http).call("POST", "/api/v1/roles", json={"title": "X"})
        body = await ContractClient(http).call("POST", "/api/v1/roles", json={"name": "X"})
        assert body == {"success": True, "data": {"id": 1}}


def test_formats_are_checked() -> None:
    deal = {"id": 1, "title": "D", "expected_close_date": "2026-12-01"}
    assert response_problems("v2", "GET", "/deals", 200, {"success": True, "data": [deal]}) == []
    deal["expected_close_date"] = "next week"
    assert response_problems("v2", "GET", "/deals", 200, {"success": True, "data": [deal]})
