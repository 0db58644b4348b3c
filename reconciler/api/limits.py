"""What Pipedrive's answers say about its rate limits, as the client last saw them.

Every answer may carry `x-ratelimit-limit` (requests allowed per token in a rolling 2-second
window; documented) and `x-daily-ratelimit-token-limit` / `-remaining` (the company's daily
token budget and what is left of it; undocumented but observed, and "may be missing for a
few requests", FACTS.md §3). A header that is missing or unreadable leaves the last value
seen, so a gap never erases what is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

BURST_LIMIT = "x-ratelimit-limit"
DAILY_LIMIT = "x-daily-ratelimit-token-limit"
DAILY_REMAINING = "x-daily-ratelimit-token-remaining"


@dataclass
class RateLimits:
    burst_limit: int | None = None  # requests per 2 seconds, per token
    daily_limit: int | None = None  # tokens per day, per company
    daily_remaining: int | None = None  # as of the latest answer that said

    def observe(self, headers: Mapping[str, str]) -> None:
        self.burst_limit = _number(headers, BURST_LIMIT, self.burst_limit)
        self.daily_limit = _number(headers, DAILY_LIMIT, self.daily_limit)
        self.daily_remaining = _number(headers, DAILY_REMAINING, self.daily_remaining)


def _number(headers: Mapping[str, str], name: str, known: int | None) -> int | None:
    text = (headers.get(name) or "").strip()
    try:
        value = int(float(text))
    except ValueError:
        return known
    return value if value >= 0 else known
