"""Pipedrive's two rate limits: a rolling burst window per token and a daily token budget.

Requests answered 429 take no slot and are not charged, so a client that waits
`x-ratelimit-reset` seconds gets through. The daily budget never resets by itself (the sandbox
has no server midnight); `POST /_sandbox/reset` refills it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable


class BurstWindow:
    """At most `limit` requests in any `window` seconds (per token)."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._times: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()

    def try_acquire(self) -> bool:
        now = self._clock()
        self._expire(now)
        if len(self._times) >= self.limit:
            return False
        self._times.append(now)
        return True

    def headers(self) -> dict[str, str]:
        now = self._clock()
        self._expire(now)
        remaining = max(0, self.limit - len(self._times))
        # Seconds until the oldest request leaves the window, i.e. until a slot frees.
        wait = self._times[0] + self.window - now if self._times else self.window
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-reset": str(max(1, math.ceil(wait))),
        }


class DailyBudget:
    """The company's daily token budget, charged per operation's `x-token-cost`."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.remaining = budget

    @property
    def exhausted(self) -> bool:
        return self.remaining <= 0

    def charge(self, cost: int) -> None:
        self.remaining = max(0, self.remaining - cost)

    def headers(self) -> dict[str, str]:
        return {
            "x-daily-ratelimit-token-limit": str(self.budget),
            "x-daily-ratelimit-token-remaining": str(self.remaining),
        }
