"""How long to wait before re-sending, and which requests may be re-sent at all."""

from __future__ import annotations

import email.utils
import random
from collections.abc import Mapping
from datetime import UTC, datetime

# A POST that got no answer may have created the object: it is never re-sent blindly.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})

BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0


def backoff(attempt: int, rng: random.Random) -> float:
    """Exponential backoff with jitter: attempt 0 waits 0.25-0.5 s, doubling up to a cap."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)
    # Half fixed, half random: spreads parallel retries but keeps a floor.
    return float(ceiling / 2 + rng.uniform(0, ceiling / 2))


def _seconds(value: str | None, now: datetime | None = None) -> float | None:
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def rate_limit_wait(headers: Mapping[str, str], attempt: int, rng: random.Random) -> float:
    """The wait after a 429: `Retry-After`, else `x-ratelimit-reset`, else backoff."""
    for name in ("retry-after", "x-ratelimit-reset"):
        seconds = _seconds(headers.get(name))
        if seconds is not None:
            return seconds
    return backoff(attempt, rng)
