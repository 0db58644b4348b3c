import logging
from collections.abc import Callable

import httpx
import pytest
from api_fakes import envelope, failure

from reconciler.api import Tally

pytestmark = pytest.mark.anyio


async def test_tally_counts_requests_tokens_and_operations(make_client: Callable) -> None:
    rate_limited_once = False

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal rate_limited_once
        if request.url.path == "/api/v1/roles/8" and not rate_limited_once:
            rate_limited_once = True
            return failure(429, "Too many", headers={"x-ratelimit-reset": "1"})
        return envelope([] if request.url.path.endswith("s") else {"id": 1})

    async with make_client(handler) as client:
        await client.list_all("v1", "/roles")  # 20
        await client.get("v1", "/roles/7")  # 2
        await client.get("v1", "/roles/8")  # 429 (free), then 2
        await client.put("v1", "/roles/7", json={"name": "B"})  # 10
        await client.list_all("v2", "/stages")  # 5
        await client.patch("v2", "/stages/3", json={"name": "C"})  # 5
        await client.delete("v1", "/roles/7")  # 6
    tally = client.tally
    assert tally.requests == 8
    assert tally.tokens == 20 + 2 + 2 + 10 + 5 + 5 + 6
    assert (tally.rate_limited, tally.retries, tally.writes) == (1, 1, 3)
    assert tally.by_operation == {
        "GET /api/v1/roles": [1, 20],
        "GET /api/v1/roles/{id}": [3, 4],
        "PUT /api/v1/roles/{id}": [1, 10],
        "GET /api/v2/stages": [1, 5],
        "PATCH /api/v2/stages/{id}": [1, 5],
        "DELETE /api/v1/roles/{id}": [1, 6],
    }
    assert tally.as_dict()["by_operation"]["GET /api/v1/roles/{id}"] == [3, 4]


def test_an_empty_tally_starts_at_zero() -> None:
    tally = Tally()
    assert (tally.requests, tally.tokens, tally.writes, tally.by_operation) == (0, 0, 0, {})


async def test_one_debug_line_per_request(
    make_client: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope({"id": 1})

    caplog.set_level(logging.DEBUG, logger="reconciler.api")
    async with make_client(handler) as client:
        await client.get("v1", "/roles/7", params={"secret_looking": "q"})
        await client.post("v1", "/roles", json={"name": "A"})
    lines = [r.getMessage() for r in caplog.records if r.name == "reconciler.api"]
    assert len(lines) == 2
    assert lines[0].startswith("GET /api/v1/roles/7 200 ") and lines[0].endswith("cost=2")
    assert lines[1].startswith("POST /api/v1/roles 200 ") and lines[1].endswith("cost=10")
    assert "secret_looking" not in caplog.text
    assert all(r.levelno == logging.DEBUG for r in caplog.records if r.name == "reconciler.api")
