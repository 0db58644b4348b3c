"""Client-side pacing inside Pipedrive's burst limit, so runs do not hammer into 429s.

Pipedrive allows N requests per token in a rolling 2-second window (N arrives as
`x-ratelimit-limit` and differs by plan: 20 to 120 for API tokens, more for OAuth). Until
an answer names N, nothing is paced: the client's semaphore bounds the requests in flight
(4 by default, under the smallest limit). The server counts a request when it arrives, which
is after we send it and before its answer comes back. So at any moment the requests of ours
that the server's window can hold are at most those still in flight plus those answered within
the last window: the pacer counts exactly these, and sends only while they are fewer than N.
Logging an answer at the time it came already bounds the arrival, so the margin added to the
window only absorbs a server that stamps arrivals coarsely.

The server's `x-ratelimit-remaining` is a cross-check. It is counted somewhere between our
send of a request and its answer; `0` while our own requests in flight or answered since one
window before that send are fewer than N means someone else spends the same token, so new sends
are held until `x-ratelimit-reset` (at most one window: the reset of a burst window). Judging
by what we had in flight when the request left instead would blame the server for our own
later requests, and pause for nothing.

`close()` ends pacing for good (the company's daily budget is spent): every waiting and
later `acquire` and `pause` raises `PacerClosed` at once.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Mapping
from dataclasses import dataclass

from reconciler.api.clock import Clock, sleep_unless

WINDOW_SECONDS = 2.0
MARGIN_SECONDS = 0.01
# Answers are kept this long past the window, to judge requests that were slow to answer.
KEEP_SECONDS = 10.0


class PacerClosed(Exception):
    """Nothing may be sent any more."""


@dataclass(frozen=True)
class Ticket:
    """One send: when it left."""

    sent_at: float


def _number(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class Pacer:
    """Decides when the next request may be sent, on an injected clock."""

    def __init__(
        self, clock: Clock, *, window: float = WINDOW_SECONDS, margin: float = MARGIN_SECONDS
    ) -> None:
        self._clock = clock
        self._window = window
        self._span = window + margin
        self._in_flight = 0
        self._answered: list[float] = []  # when answers came, oldest first
        self._limit: int | None = None
        self._hold_until = float("-inf")
        self._closed = False
        self._stop = asyncio.Event()
        self._answer = asyncio.Event()
        # One waiter at a time: senders leave in arrival order and each sees the log
        # including everyone who went before it.
        self._lock = asyncio.Lock()

    @property
    def limit(self) -> int | None:
        return self._limit

    @property
    def closed(self) -> bool:
        return self._closed

    def _delay(self, now: float) -> float | None:
        """Seconds until one more request fits; None when only an answer can make room."""
        del self._answered[: bisect.bisect_right(self._answered, now - KEEP_SECONDS)]
        hold = self._hold_until - now
        if self._limit is None:
            return hold
        first = bisect.bisect_right(self._answered, now - self._span)
        recent = len(self._answered) - first
        excess = self._in_flight + recent - self._limit + 1  # answers that must age out
        if excess <= 0:
            return hold
        if excess > recent:
            return None
        return max(hold, self._answered[first + excess - 1] + self._span - now)

    async def acquire(self) -> Ticket:
        """Wait until a send fits the window, then count it as in flight."""
        async with self._lock:
            while True:
                if self._closed:
                    raise PacerClosed
                now = self._clock.now()
                delay = self._delay(now)
                if delay is None:
                    self._answer.clear()
                    await self._answer.wait()
                elif delay > 0:
                    await sleep_unless(self._clock, delay, self._stop)
                else:
                    break
            self._in_flight += 1
            return Ticket(now)

    async def pause(self, seconds: float) -> None:
        """Wait `seconds` (a retry's backoff), cut short by `close`."""
        await sleep_unless(self._clock, seconds, self._stop)
        if self._closed:
            raise PacerClosed

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now (after a 429, or a window someone else filled)."""
        self._hold_until = max(self._hold_until, self._clock.now() + seconds)

    def close(self) -> None:
        self._closed = True
        self._stop.set()
        self._answer.set()

    def settle(self, ticket: Ticket) -> None:
        """The request ended (answered or not): it counts until a window after now."""
        self._in_flight -= 1
        self._answered.append(self._clock.now())  # the clock is monotonic: stays sorted
        self._answer.set()

    def observe(self, headers: Mapping[str, str], ticket: Ticket) -> None:
        """Settle the ticket and learn from the answer's `x-ratelimit-*` headers."""
        self.settle(ticket)
        limit = _number(headers, "x-ratelimit-limit")
        if limit is not None and limit >= 1:
            self._limit = int(limit)
        remaining = _number(headers, "x-ratelimit-remaining")
        if remaining is None or remaining > 0 or self._limit is None:
            return
        since = ticket.sent_at - self._span
        ours = self._in_flight + len(self._answered) - bisect.bisect_right(self._answered, since)
        if ours < self._limit:
            reset = _number(headers, "x-ratelimit-reset")
            self.hold(min(reset, self._window) if reset is not None and reset > 0 else self._window)
