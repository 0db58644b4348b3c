import asyncio
from collections.abc import Callable

import httpx
import pytest
from api_fakes import FakeTime, envelope, failure

pytestmark = pytest.mark.anyio


def burst_server(fake_time: FakeTime, limit: int, window: float = 2.0):
    """Pipedrive's rolling burst window, on the fake clock; answers 429 past the limit."""
    accepted: list[float] = []
    rejected: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        now = fake_time.now
        in_window = [t for t in accepted if t > now - window]
        if len(in_window) >= limit:
            rejected.append(now)
            reset = str(max(1, int(in_window[0] + window - now + 0.999)))
            headers = {"x-ratelimit-limit": str(limit), "x-ratelimit-remaining": "0"}
            return failure(
                429, "Too many requests", headers={**headers, "x-ratelimit-reset": reset}
            )
        accepted.append(now)
        headers = {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(limit - len(in_window) - 1),
            "x-ratelimit-reset": "2",
        }
        return envelope({"id": 1}, **headers)

    return handler, accepted, rejected


def most_in_any_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + window) for start in times)


@pytest.mark.parametrize("parallelism", [1, 4, 16])
async def test_100_requests_never_exceed_the_burst_limit(
    make_client: Callable, fake_time: FakeTime, parallelism: int
) -> None:
    handler, accepted, rejected = burst_server(fake_time, limit=40)
    async with make_client(handler, parallelism=parallelism) as client:
        await asyncio.gather(*(client.get("v1", f"/roles/{i}") for i in range(100)))
    assert rejected == [] and client.tally.rate_limited == 0
    assert len(accepted) == 100
    assert most_in_any_window(accepted, 2.0) <= 40
    # Paced, not crawling: 100 requests at 40 per ~2 s take two windows and a bit.
    assert 4.0 <= fake_time.now <= 2 * 2.1 + 0.5


async def test_before_the_first_answer_nothing_is_paced(
    make_client: Callable, fake_time: FakeTime
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope({"id": 1})  # no rate-limit headers at all

    async with make_client(handler, parallelism=4) as client:
        await asyncio.gather(*(client.get("v1", "/roles/1") for _ in range(50)))
    assert fake_time.sleeps == []


async def test_remaining_zero_from_another_client_holds_until_reset(
    make_client: Callable, fake_time: FakeTime
) -> None:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(fake_time.now)
        headers = {"x-ratelimit-limit": "40", "x-ratelimit-remaining": "0"}
        return envelope({"id": 1}, **{**headers, "x-ratelimit-reset": "1"})

    async with make_client(handler, parallelism=1) as client:
        await client.get("v1", "/roles/1")
        await client.get("v1", "/roles/2")
    assert sent_at == [0.0, 1.0]


async def test_a_429_holds_every_sender_not_just_the_one_rejected(
    make_client: Callable, fake_time: FakeTime
) -> None:
    sent_at: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append((request.url.path, fake_time.now))
        if len(sent_at) == 1:
            return failure(429, "Too many", headers={"retry-after": "3"})
        return envelope({"id": 1})

    async with make_client(handler, parallelism=1) as client:
        await asyncio.gather(client.get("v1", "/roles/1"), client.get("v1", "/roles/2"))
    assert sent_at[0] == ("/api/v1/roles/1", 0.0)
    assert all(when >= 3.0 for _, when in sent_at[1:])


async def test_parallelism_bounds_requests_in_flight(make_client: Callable) -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        for _ in range(3):
            await asyncio.sleep(0)
        in_flight -= 1
        return envelope({"id": 1})

    async with make_client(handler, parallelism=3) as client:
        await asyncio.gather(*(client.get("v1", "/roles/1") for _ in range(20)))
    assert peak == 3
    assert client.tally.requests == 20


async def test_answered_requests_stay_in_the_log_until_their_answer_leaves_the_window(
    make_client: Callable, fake_time: FakeTime
) -> None:
    # The server counts a request on arrival, somewhere between send and answer; logging it
    # at its answer time keeps the client from under-counting when the network is slow.
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(fake_time.now)
        fake_time.now += 0.5  # the answer takes half a second to come back
        return envelope({"id": 1}, **{"x-ratelimit-limit": "2", "x-ratelimit-remaining": "1"})

    async with make_client(handler, parallelism=1) as client:
        for i in range(3):
            await client.get("v1", f"/roles/{i}")
    assert sent_at[:2] == [0.0, 0.5]
    assert sent_at[2] == pytest.approx(0.5 + 2.0 + 0.05)  # first answer + window + margin
