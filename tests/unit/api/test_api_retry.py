import json
from collections.abc import Callable

import httpx
import pytest
from api_fakes import FakeTime, envelope, failure

from reconciler.errors import (
    DailyBudgetExhausted,
    RateLimitError,
    ServerError,
    TransportError,
)

pytestmark = pytest.mark.anyio


def scripted(*responses: httpx.Response | Exception):
    """A handler answering each request with the next scripted item (the last repeats)."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        item = responses[min(len(calls), len(responses)) - 1]
        if isinstance(item, Exception):
            raise item
        return item

    return handler, calls


def too_many(**headers: str) -> httpx.Response:
    return failure(429, "Rate limit exceeded", headers=headers)


async def test_429_waits_retry_after(make_client: Callable, fake_time: FakeTime) -> None:
    handler, calls = scripted(
        too_many(**{"retry-after": "3", "x-ratelimit-reset": "1"}), envelope([])
    )
    async with make_client(handler) as client:
        assert await client.get("v1", "/roles") == []
    assert fake_time.sleeps == [3.0]
    assert len(calls) == 2
    assert (client.tally.rate_limited, client.tally.retries) == (1, 1)


async def test_429_without_retry_after_waits_ratelimit_reset(
    make_client: Callable, fake_time: FakeTime
) -> None:
    handler, calls = scripted(too_many(**{"x-ratelimit-reset": "2"}), envelope({"id": 1}))
    async with make_client(handler) as client:
        assert await client.post("v1", "/roles", json={"name": "A"}) == {"id": 1}
    assert fake_time.sleeps == [2.0]
    assert len(calls) == 2  # a 429'd POST was not processed, so it is re-sent


async def test_429_without_hints_backs_off_exponentially(
    make_client: Callable, fake_time: FakeTime
) -> None:
    handler, _ = scripted(too_many(), too_many(), too_many(), envelope([]))
    async with make_client(handler) as client:
        await client.get("v1", "/roles")
    first, second, third = fake_time.sleeps
    assert 0.25 <= first <= 0.5 and 0.5 <= second <= 1.0 and 1.0 <= third <= 2.0


async def test_total_wait_is_bounded_then_rate_limit_error(
    make_client: Callable, fake_time: FakeTime
) -> None:
    handler, calls = scripted(too_many(**{"x-ratelimit-reset": "2"}))
    async with make_client(handler, max_wait=5.0, max_retries=50) as client:
        with pytest.raises(RateLimitError, match="Rate limit exceeded") as info:
            await client.get("v1", "/roles")
    assert type(info.value) is RateLimitError
    assert fake_time.sleeps == [2.0, 2.0]
    assert len(calls) == 3
    assert client.tally.rate_limited == 3


async def test_retry_count_is_bounded(make_client: Callable, fake_time: FakeTime) -> None:
    handler, calls = scripted(failure(503, "Service unavailable"))
    async with make_client(handler, max_retries=2) as client:
        with pytest.raises(ServerError, match="Service unavailable"):
            await client.get("v1", "/roles")
    assert len(calls) == 3 and len(fake_time.sleeps) == 2


async def test_daily_budget_exhaustion_is_raised_at_once(
    make_client: Callable, fake_time: FakeTime
) -> None:
    exhausted = too_many(**{"x-daily-ratelimit-token-remaining": "0", "x-ratelimit-reset": "1"})
    handler, calls = scripted(exhausted, envelope([]))
    async with make_client(handler) as client:
        with pytest.raises(DailyBudgetExhausted) as info:
            await client.get("v1", "/roles")
    assert len(calls) == 1 and fake_time.sleeps == []
    assert "daily" in str(info.value) and "midnight" in str(info.value)
    assert info.value.status == 429


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_5xx_is_retried_for_idempotent_methods(
    make_client: Callable, fake_time: FakeTime, method: str
) -> None:
    handler, calls = scripted(failure(502, "Bad gateway"), envelope({"id": 4}))
    async with make_client(handler) as client:
        response = await client.request(method, "v2", "/stages/4", json=None)
    assert response.data == {"id": 4}
    assert len(calls) == 2 and len(fake_time.sleeps) == 1
    assert 0.25 <= fake_time.sleeps[0] <= 0.5


async def test_5xx_is_not_retried_for_post(make_client: Callable, fake_time: FakeTime) -> None:
    handler, calls = scripted(failure(500, "Internal error"), envelope({"id": 4}))
    async with make_client(handler) as client:
        with pytest.raises(ServerError):
            await client.post("v2", "/stages", json={"name": "Won"})
    assert len(calls) == 1 and fake_time.sleeps == []


@pytest.mark.parametrize(
    "failure_raised",
    [
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadTimeout("timed out"),
        ConnectionResetError("sandbox dropped the response"),
    ],
    ids=["protocol", "timeout", "asgi-oserror"],
)
async def test_post_without_response_raises_transport_error_without_resending(
    make_client: Callable, fake_time: FakeTime, failure_raised: Exception
) -> None:
    handler, calls = scripted(failure_raised, envelope({"id": 9}))
    async with make_client(handler) as client:
        with pytest.raises(TransportError) as info:
            await client.post("v1", "/roles", json={"name": "A"})
    assert len(calls) == 1 and fake_time.sleeps == []
    assert (info.value.method, info.value.path) == ("POST", "/api/v1/roles")


@pytest.mark.parametrize("method", ["GET", "PUT"])
async def test_idempotent_call_without_response_is_retried(
    make_client: Callable, method: str
) -> None:
    handler, calls = scripted(ConnectionResetError("reset"), envelope({"id": 9}))
    async with make_client(handler) as client:
        response = await client.request(method, "v1", "/roles/9", json={"name": "A"})
    assert response.data == {"id": 9} and len(calls) == 2


async def test_persistent_transport_failure_ends_in_transport_error(make_client: Callable) -> None:
    handler, calls = scripted(httpx.ConnectError("connection refused"))
    async with make_client(handler, max_retries=3) as client:
        with pytest.raises(TransportError, match="connection refused"):
            await client.get("v1", "/roles")
    assert len(calls) == 4


async def test_delete_sends_its_json_body_and_params(make_client: Callable) -> None:
    handler, calls = scripted(envelope({"id": 3}))
    async with make_client(handler) as client:
        data = await client.delete("v1", "/roles/3/assignments", json={"user_id": 5})
        await client.delete("v1", "/stages?ids=1,2")
        await client.delete("v1", "/stages", params={"ids": "3,4"})
    assert data == {"id": 3}
    assert calls[0].method == "DELETE"
    assert json.loads(calls[0].content) == {"user_id": 5}
    assert calls[1].url.path == "/api/v1/stages" and calls[1].url.params["ids"] == "1,2"
    assert calls[2].url.params["ids"] == "3,4" and calls[2].content == b""
