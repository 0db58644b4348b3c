"""Rate-limit answers: 429 in the Pipedrive error shape with the documented headers.

The 429 body is not documented (FACTS.md §13), so it is held to the generic error envelope;
the headers are the ones DOCS:core-api-concepts-rate-limiting names (FACTS.md §3).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .conftest import TOKEN, ContractClient, make_app

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

BURST_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset")


async def _client(**options: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=make_app(**options))
    return httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers={"x-api-token": TOKEN}
    )


async def test_full_burst_window_is_429_with_reset(anyio_backend: str) -> None:
    # A frozen clock keeps the window full.
    async with await _client(burst=2, clock=lambda: 100.0) as http:
        api = ContractClient(http)
        await api.call("GET", "/api/v1/users/me")
        await api.call("GET", "/api/v2/pipelines")
        body = await api.call("GET", "/api/v1/roles", expect=429)
        assert api.last_response is not None
        headers = api.last_response.headers
    assert body["success"] is False
    assert all(name in headers for name in BURST_HEADERS)
    assert headers["x-ratelimit-remaining"] == "0"
    assert int(headers["x-ratelimit-reset"]) >= 1


async def test_spent_daily_budget_is_429_with_zero_remaining(anyio_backend: str) -> None:
    # GET /users/me costs 2 (x-token-cost), leaving too little for anything after it.
    async with await _client(daily_budget=2) as http:
        api = ContractClient(http)
        await api.call("GET", "/api/v1/users/me")
        body = await api.call("GET", "/api/v1/users/me", expect=429)
        assert api.last_response is not None
        remaining = api.last_response.headers["x-daily-ratelimit-token-remaining"]
    assert body["success"] is False
    assert remaining == "0"
