"""The one clock of the client: what time it is and how to wait, injected together.

Pacing, retries and backoff all read `now()` and wait with `sleep()` of the same object, so a
test that replaces one replaces both: a fake clock whose `sleep` moves its `now` makes every
wait free and exact, and no test can freeze time while the client sleeps for real (or spin
while it sleeps for nothing).
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale (only differences mean anything)."""
        ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real thing: `time.monotonic` and `asyncio.sleep`."""

    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


SYSTEM_CLOCK = SystemClock()


async def sleep_unless(clock: Clock, seconds: float, wake: asyncio.Event) -> None:
    """Sleep on `clock` for `seconds`, or less when `wake` is set meanwhile."""
    if wake.is_set():
        return
    sleeper = asyncio.ensure_future(clock.sleep(seconds))
    waker = asyncio.ensure_future(wake.wait())
    try:
        await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sleeper, waker):
            task.cancel()
        await asyncio.gather(sleeper, waker, return_exceptions=True)
