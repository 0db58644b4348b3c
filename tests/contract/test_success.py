"""Every served endpoint answers its documented status with a body its document allows."""

from __future__ import annotations

import pytest

from .cases import SERVED_OPERATIONS, SUCCESS_CASES, Case
from .conftest import ContractClient, fill
from .openapi import find_operation, split_api_path

pytestmark = [pytest.mark.contract, pytest.mark.anyio]


def _operation_key(case: Case) -> str:
    version, path = split_api_path(case.path.replace("{", "").replace("}", ""))
    return find_operation(version, case.method, path).key


def test_every_served_operation_has_a_success_case() -> None:
    covered = {_operation_key(case) for case in SUCCESS_CASES}
    assert covered == SERVED_OPERATIONS


@pytest.mark.parametrize("case", SUCCESS_CASES, ids=lambda case: case.id)
async def test_success_response_conforms(
    api: ContractClient, ids: dict[str, int], case: Case
) -> None:
    # `api.call` asserts the documented success status and validates the body.
    body = await api.call(
        case.method, fill(case.path, ids), json=fill(case.json, ids), params=fill(case.params, ids)
    )
    assert body["success"] is True


# FACTS.md §3: the budget header public clients key on; the sandbox sends it on every response.
BUDGET_HEADER = "x-daily-ratelimit-token-remaining"


# The legacy V1O document predates token costs; these are the costs the v1 documents give
# comparable operations (one object 2, a list 20, POST/PUT 10, DELETE 6).
LEGACY_COSTS = {
    "v1 GET /subscriptions/{id}": 2,
    "v1 GET /subscriptions/find/{dealId}": 2,
    "v1 GET /subscriptions/{id}/payments": 20,
    "v1 POST /subscriptions/recurring": 10,
    "v1 POST /subscriptions/installment": 10,
    "v1 PUT /subscriptions/recurring/{id}": 10,
    "v1 PUT /subscriptions/installment/{id}": 10,
    "v1 PUT /subscriptions/recurring/{id}/cancel": 10,
    "v1 DELETE /subscriptions/{id}": 6,
}


def _remaining(api: ContractClient) -> int:
    assert api.last_response is not None
    return int(api.last_response.headers[BUDGET_HEADER])


@pytest.mark.parametrize("case", SUCCESS_CASES, ids=lambda case: case.id)
async def test_each_call_costs_its_documented_tokens(
    api: ContractClient, ids: dict[str, int], case: Case
) -> None:
    await api.call("GET", "/api/v1/users/me")
    before = _remaining(api)
    await api.call(
        case.method, fill(case.path, ids), json=fill(case.json, ids), params=fill(case.params, ids)
    )
    version, path = split_api_path(fill(case.path, ids))
    operation = find_operation(version, case.method, path)
    documented = operation.spec.get("x-token-cost", LEGACY_COSTS.get(operation.key))
    assert before - _remaining(api) == documented
