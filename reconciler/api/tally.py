"""What a client spent: requests, documented token cost, rate-limit hits, retries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Tally:
    """Counters for one client's life.

    `tokens` sums the documented `x-token-cost` of every request Pipedrive answered, except
    429s (a rejected request is not charged). `by_operation` is keyed by
    `"METHOD /api/<version><template>"`, e.g. `"GET /api/v1/roles/{id}"`, and holds
    `[requests, tokens]`. `requests` counts every attempt sent, retries included.
    """

    requests: int = 0
    tokens: int = 0
    rate_limited: int = 0
    retries: int = 0
    writes: int = 0
    by_operation: dict[str, list[int]] = field(default_factory=dict)

    def record(self, operation: str, tokens: int, *, write: bool) -> None:
        self.requests += 1
        self.tokens += tokens
        if write:
            self.writes += 1
        entry = self.by_operation.setdefault(operation, [0, 0])
        entry[0] += 1
        entry[1] += tokens

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, for reports and benchmarks."""
        return {
            "requests": self.requests,
            "tokens": self.tokens,
            "rate_limited": self.rate_limited,
            "retries": self.retries,
            "writes": self.writes,
            "by_operation": {key: list(value) for key, value in sorted(self.by_operation.items())},
        }
