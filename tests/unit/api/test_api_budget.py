"""A spent daily budget ends every request of the client at once, whatever it is waiting for."""

import asyncio
from collections.abc import Callable

import httpx
import pytest
from api_fakes import envelope, failure

from reconciler.errors import DailyBudgetExhausted

pytestmark = pytest.mark.anyio

# What a stand-in answers once the budget is spent: the burst window reported empty, with a
# reset that lasts until midnight.
SPENT = {
    "x-daily-ratelimit-token-remaining": "0",
    "x-ratelimit-limit": "3",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-reset": "36000",
}


class StalledClock:
    """A clock on which every wait lasts forever: only being woken ends one."""

    def __init__(self) -> None:
        self.waiting = 0

    def now(self) -> float:
        return 0.0

    async def sleep(self, seconds: float) -> None:
        self.waiting += 1
        await asyncio.Event().wait()


async def test_requests_waiting_for_a_retry_or_the_window_fail_at_once(
    make_client: Callable,
) -> None:
    # /roles/2 fails and waits to be re-sent; /roles/3 finds the budget spent; /roles/4 waits
    # for room in the window (3 requests per window). Neither wait may outlast the refusal.
    sent: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        if request.url.path.endswith("/2"):
            return failure(503, "Service unavailable")
        if request.url.path.endswith("/3"):
            for _ in range(10):  # answered slowly: /roles/4 queues for the window meanwhile
                await asyncio.sleep(0)
            return failure(429, "Rate limit exceeded", headers=SPENT)
        return envelope({"id": 1}, **{"x-ratelimit-limit": "3", "x-ratelimit-remaining": "2"})

    clock = StalledClock()
    async with make_client(handler, parallelism=4, clock=clock) as client:
        await client.get("v1", "/roles/1")
        outcomes = await asyncio.wait_for(  # a guard against hanging, not a timing check
            asyncio.gather(
                *(client.get("v1", f"/roles/{i}") for i in (2, 3, 4)), return_exceptions=True
            ),
            timeout=30,
        )
    assert clock.waiting == 2  # the retry's backoff and the window's wait, both cut short
    assert all(isinstance(o, DailyBudgetExhausted) for o in outcomes), outcomes
    assert [o.status for o in outcomes] == [429, 429, 429]
    assert "not sent" in str(outcomes[2]) and "midnight" in str(outcomes[2])
    assert sent == ["/api/v1/roles/1", "/api/v1/roles/2", "/api/v1/roles/3"]


async def test_after_a_spent_budget_the_client_sends_nothing_more(make_client: Callable) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return failure(429, "Rate limit exceeded", headers=SPENT)

    async with make_client(handler) as client:
        with pytest.raises(DailyBudgetExhausted):
            await client.get("v1", "/roles")
        with pytest.raises(DailyBudgetExhausted, match="not sent"):
            await client.post("v1", "/roles", json={"name": "X"})
    assert sent == ["/api/v1/roles"]
    assert client.tally.requests == 1 and client.tally.retries == 0
