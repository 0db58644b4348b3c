"""Client-side pacing inside Pipedrive's burst limit, so runs do not hammer into 429s.

Pipedrive allows N requests per token in a rolling 2-second window (N arrives as
`x-ratelimit-limit`). The pacer keeps a log of its own send times and, before each send,
waits until fewer than N sends fall inside the window. The window is widened by a small
margin because the server stamps arrival times, not our send times. The server's
`x-ratelimit-remaining` is used as a cross-check: `0` while our own log still shows room
means someone else spends the same token, so new sends are held until `x-ratelimit-reset`.
Until the first response names N, nothing is paced (the client's semaphore still bounds
how many requests are in flight).
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Mapping

WINDOW_SECONDS = 2.0
MARGIN_SECONDS = 0.1


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
        self._sent: deque[float] = deque()
        self._limit: int | None = None
        self._hold_until = 0.0
        # One waiter at a time: senders leave in arrival order and each sees the log
        # including everyone who went before it.
        self._lock = asyncio.Lock()

    @property
    def limit(self) -> int | None:
        return self._limit

    def _forget_old(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - self._span:
            self._sent.popleft()

    def _delay(self, now: float) -> float:
        delay = self._hold_until - now
        if self._limit is not None:
            self._forget_old(now)
            if len(self._sent) >= self._limit:
                oldest_leaves = self._sent[len(self._sent) - self._limit] + self._span
                delay = max(delay, oldest_leaves - now)
        return delay

    async def acquire(self) -> None:
        """Wait until a send fits the window, then log it as sent now."""
        async with self._lock:
            while True:
                now = self._clock()
                delay = self._delay(now)
                if delay <= 0:
                    break
                await self._sleep(delay)
            self._sent.append(now)

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` from now (after a 429, or a server-reported empty window)."""
        self._hold_until = max(self._hold_until, self._clock() + seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Learn the limit from a response's `x-ratelimit-*` headers."""
        limit = _number(headers, "x-ratelimit-limit")
        if limit is not None and limit >= 1:
            self._limit = int(limit)
        remaining = _number(headers, "x-ratelimit-remaining")
        if remaining is None or remaining > 0 or self._limit is None:
            return
        self._forget_old(self._clock())
        if len(self._sent) < self._limit:
            # Our own sends do not explain an empty window: another client shares the token.
            reset = _number(headers, "x-ratelimit-reset")
            self.hold(reset if reset is not None and reset > 0 else WINDOW_SECONDS)
