"""Client-side pacing inside Pipedrive's burst limit, so runs do not hammer into 429s.

Pipedrive allows N requests per token in a rolling 2-second window (N arrives as
`x-ratelimit-limit`). The pacer keeps a log of its own requests and, before each send, waits
until fewer than N of them fall inside the window. The server counts a request when it
arrives, somewhere between our send and its answer, so an answered request is logged at the
time its answer came (an upper bound): the log then never holds fewer requests than the
server's window, whatever the network jitter, at the price of one round trip per window.
The server's `x-ratelimit-remaining` is a cross-check: `0` on the answer to a request that
our own log says went out with room to spare means someone else spends the same token, so
new sends are held until `x-ratelimit-reset`. (When our own sends explain the `0`, the log
paces them more precisely than the whole-second reset would.) Until the first answer names
N, nothing is paced; the client's semaphore still bounds how many requests are in flight.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

WINDOW_SECONDS = 2.0
MARGIN_SECONDS = 0.05


@dataclass(frozen=True)
class Ticket:
    """One send: when it left and how many of our requests were then in the window."""

    sent_at: float
    in_window: int


def _number(headers: Mapping[str, str], name: str) -> float | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return None


class Pacer:
    """Decides when the next request may be sent; clock and sleep are injected."""

    def __init__(
        self,
        clock: Callable[[], float],
        sleep: Callable[[float], Awaitable[None]],
        *,
        window: float = WINDOW_SECONDS,
        margin: float = MARGIN_SECONDS,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._span = window + margin
        self._log: list[float] = []  # sorted send (or answer) times of recent requests
        self._limit: int | None = None
        self._hold_until = 0.0
        # One waiter at a time: senders leave in arrival order and each sees the log
        # including everyone who went before it.
        self._lock = asyncio.Lock()

    @property
    def limit(self) -> int | None:
        return self._limit

    def _forget_old(self, now: float) -> None:
        del self._log[: bisect.bisect_right(self._log, now - self._span)]

    def _delay(self, now: float) -> float:
        delay = self._hold_until - now
        self._forget_old(now)
        if self._limit is not None and len(self._log) >= self._limit:
            oldest_leaves = self._log[len(self._log) - self._limit] + self._span
            delay = max(delay, oldest_leaves - now)
        return delay

    async def acquire(self) -> Ticket:
        """Wait until a send fits the window, then log it as sent now."""
        async with self._lock:
            while True:
                now = self._clock()
                delay = self._delay(now)
                if delay <= 0:
                    break
                await self._sleep(delay)
            self._log.append(now)  # now >= every logged time: the list stays sorted
            return Ticket(now, len(self._log))

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now (after a 429, or a server-reported empty window)."""
        self._hold_until = max(self._hold_until, self._clock() + seconds)

    def settle(self, ticket: Ticket) -> None:
        """The request ended (answered or not): log it at the latest time the server saw it."""
        index = bisect.bisect_left(self._log, ticket.sent_at)
        if index < len(self._log) and self._log[index] == ticket.sent_at:
            del self._log[index]
            bisect.insort(self._log, self._clock())

    def observe(self, headers: Mapping[str, str], ticket: Ticket) -> None:
        """Settle the ticket and learn from the answer's `x-ratelimit-*` headers."""
        self.settle(ticket)
        limit = _number(headers, "x-ratelimit-limit")
        if limit is not None and limit >= 1:
            self._limit = int(limit)
        remaining = _number(headers, "x-ratelimit-remaining")
        if remaining is None or remaining > 0 or self._limit is None:
            return
        if ticket.in_window < self._limit:
            # Our own sends do not explain an empty window: another client shares the token.
            reset = _number(headers, "x-ratelimit-reset")
            self.hold(reset if reset is not None and reset > 0 else WINDOW_SECONDS)
