import asyncio
from collections.abc import Callable

import httpx
import pytest
from api_fakes import FakeTime, envelope, failure

from reconciler.api.pacing import MARGIN_SECONDS, Pacer

pytestmark = pytest.mark.anyio


def burst_server(fake_time: FakeTime, limit: int, window: float = 2.0):
    """Pipedrive's rolling burst window, on the fake clock; answers 429 past the limit."""
    accepted: list[float] = []
    rejected: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        now = fake_time.time
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
@pytest.mark.parametrize("limit", [20, 40, 120])  # Lite, Growth and Ultimate API tokens
async def test_100_requests_never_exceed_the_burst_limit_the_server_names(
    make_client: Callable, fake_time: FakeTime, parallelism: int, limit: int
) -> None:
    handler, accepted, rejected = burst_server(fake_time, limit=limit)
    async with make_client(handler, parallelism=parallelism) as client:
        await asyncio.gather(*(client.get("v1", f"/roles/{i}") for i in range(100)))
    assert rejected == [] and client.tally.rate_limited == 0
    assert len(accepted) == 100
    assert most_in_any_window(accepted, 2.0) <= limit
    # Paced, not crawling: every full window costs one window and the margin, no more.
    waits = (100 - 1) // limit
    assert fake_time.time == pytest.approx(waits * (2.0 + MARGIN_SECONDS))


async def test_before_the_first_answer_nothing_is_paced(
    make_client: Callable, fake_time: FakeTime
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope({"id": 1})  # no rate-limit headers at all

    async with make_client(handler, parallelism=4) as client:
        await asyncio.gather(*(client.get("v1", "/roles/1") for _ in range(50)))
    assert fake_time.sleeps == []


async def test_a_reset_beyond_one_window_holds_for_one_window_only(
    make_client: Callable, fake_time: FakeTime
) -> None:
    # A burst window resets within its 2 s, whatever a stand-in puts in x-ratelimit-reset
    # (seconds to midnight, say): a longer hold would stall the run for nothing.
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(fake_time.time)
        headers = {"x-ratelimit-limit": "40", "x-ratelimit-remaining": "0"}
        return envelope({"id": 1}, **{**headers, "x-ratelimit-reset": "36000"})

    async with make_client(handler, parallelism=1) as client:
        await client.get("v1", "/roles/1")
        await client.get("v1", "/roles/2")
    assert sent_at == [0.0, 2.0]


async def test_remaining_zero_from_another_client_holds_until_reset(
    make_client: Callable, fake_time: FakeTime
) -> None:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(fake_time.time)
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
        sent_at.append((request.url.path, fake_time.time))
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
        sent_at.append(fake_time.time)
        fake_time.time += 0.5  # the answer takes half a second to come back
        return envelope({"id": 1}, **{"x-ratelimit-limit": "2", "x-ratelimit-remaining": "1"})

    async with make_client(handler, parallelism=1) as client:
        for i in range(3):
            await client.get("v1", f"/roles/{i}")
    assert sent_at[:2] == [0.0, 0.5]
    assert sent_at[2] == pytest.approx(0.5 + 2.0 + MARGIN_SECONDS)  # first answer + window


def slow_window_server(fake_time: FakeTime, limit: int, hops: int):
    """Pipedrive's window counting arrivals, answering each request only after `hops` turns
    of the event loop, so later sends arrive before earlier answers; `remaining` is computed
    when the answer leaves, as a server does. No request is ever refused here: `arrivals`
    shows what the server saw."""
    arrivals: list[float] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        arrivals.append(fake_time.time)
        for _ in range(hops):
            await asyncio.sleep(0)
        now = fake_time.time
        in_window = sum(1 for t in arrivals if t > now - 2.0)
        headers = {
            "x-ratelimit-limit": str(limit),
            "x-ratelimit-remaining": str(max(0, limit - in_window)),
            "x-ratelimit-reset": "2",  # whole seconds, rounded up
        }
        return envelope({"id": 1}, **headers)

    return handler, arrivals


async def test_a_window_our_own_later_sends_filled_is_not_taken_for_another_client(
    fake_time: FakeTime,
) -> None:
    # B leaves while A's answer is in; C and D leave before B's answer, so the server says
    # remaining 0 on B. The four are all ours: the next send waits for A to age out of the
    # window (2.01 s after A's answer), not for a 2 s reset from B's answer.
    pacer = Pacer(fake_time)
    first = await pacer.acquire()
    fake_time.time = 0.01
    pacer.observe({"x-ratelimit-limit": "4", "x-ratelimit-remaining": "3"}, first)
    fake_time.time = 0.5
    b, c, d = [await pacer.acquire() for _ in range(3)]
    fake_time.time = 0.6
    full = {"x-ratelimit-limit": "4", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2"}
    for ticket in (b, c, d):
        pacer.observe(full, ticket)
    await pacer.acquire()
    assert fake_time.time == pytest.approx(0.01 + 2.0 + MARGIN_SECONDS)


async def test_the_window_counts_requests_in_flight_until_they_are_answered(
    fake_time: FakeTime,
) -> None:
    pacer = Pacer(fake_time)
    learn = await pacer.acquire()
    pacer.observe({"x-ratelimit-limit": "2", "x-ratelimit-remaining": "1"}, learn)
    fake_time.time = 5.0  # the first answer has left the window
    slow = await pacer.acquire()
    await pacer.acquire()  # the window holds the slow one and this one: full
    waiter = asyncio.ensure_future(pacer.acquire())
    for _ in range(5):
        await asyncio.sleep(0)
    assert not waiter.done() and fake_time.sleeps == []  # waits for an answer, not a time
    fake_time.time = 9.0
    pacer.settle(slow)  # answered at 9.0: it counts until 11.01
    await waiter
    assert fake_time.time == pytest.approx(9.0 + 2.0 + MARGIN_SECONDS)


async def test_sends_arriving_before_earlier_answers_never_pause_for_a_reset(
    make_client: Callable, fake_time: FakeTime
) -> None:
    handler, arrivals = slow_window_server(fake_time, limit=10, hops=6)
    async with make_client(handler, parallelism=4) as client:
        await asyncio.gather(*(client.get("v1", f"/roles/{i}") for i in range(45)))
    assert most_in_any_window(arrivals, 2.0) <= 10
    # Four full windows, each exactly one window and the margin: no reset was waited out.
    assert fake_time.time == pytest.approx(4 * (2.0 + MARGIN_SECONDS))


async def test_more_requests_in_flight_than_the_limit_allows_still_fit_the_window(
    make_client: Callable, fake_time: FakeTime
) -> None:
    # Parallelism above the burst limit: once an answer names the limit, requests in flight
    # count against the window until they are answered.
    handler, arrivals = slow_window_server(fake_time, limit=10, hops=6)
    async with make_client(handler, parallelism=25) as client:
        await client.get("v1", "/users/me")
        await asyncio.gather(*(client.get("v1", f"/roles/{i}") for i in range(45)))
    assert len(arrivals) == 46
    assert most_in_any_window(arrivals, 2.0) <= 10
