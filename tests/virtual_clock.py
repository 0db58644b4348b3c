"""Virtual time for client tests: a `reconciler.api.clock.Clock` whose time moves only when
the client sleeps on it, so retries, backoff and pacing cost no real time and every wait the
client chose is recorded in `sleeps`."""

from __future__ import annotations

import asyncio


class VirtualClock:
    def __init__(self, start: float = 0.0) -> None:
        self.time = start
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        seconds = max(seconds, 0.0)
        self.sleeps.append(seconds)
        self.time += seconds
        await asyncio.sleep(0)

    @property
    def slept(self) -> float:
        return sum(self.sleeps)
