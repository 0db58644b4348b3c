"""The Sandbox object: one company's store plus its limits, faults and counters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.sandbox.faults import Faults
from reconciler.sandbox.limits import BurstWindow, DailyBudget
from reconciler.sandbox.options import SandboxOptions
from reconciler.sandbox.seed import Seed, empty_seed, load_seed
from reconciler.sandbox.store import Store


@dataclass
class Stats:
    """What `GET /_sandbox/stats` shows.

    `requests` counts every API request (401s and 429s included); `rate_limited` the 429s;
    `tokens`, `writes` and `by_operation` only requests past the limits, which are the ones
    charged. Operations are keyed by method and documented path template.
    """

    requests: int = 0
    tokens: int = 0
    writes: int = 0
    rate_limited: int = 0
    by_operation: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, operation: str, tokens: int) -> None:
        entry = self.by_operation.setdefault(operation, {"requests": 0, "tokens": 0})
        entry["requests"] += 1
        entry["tokens"] += tokens

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "tokens": self.tokens,
            "writes": self.writes,
            "rate_limited": self.rate_limited,
            "by_operation": {k: dict(v) for k, v in sorted(self.by_operation.items())},
        }


class Sandbox:
    """Everything the app serves from. `reset` returns it to its seed (or another one)."""

    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.seed: Seed = load_seed(options.seed) if options.seed is not None else empty_seed()
        self.faults = Faults(options.fault_rate, options.random_seed)
        self.reset()

    def reset(self, seed: Seed | None = None) -> None:
        if seed is not None:
            self.seed = seed
        self.store: Store = self.seed.build(self.options.wall_clock)
        self.store.owner_is_admin = self.options.admin
        self.burst = BurstWindow(self.options.burst, self.options.burst_window, self.options.clock)
        self.budget = DailyBudget(self.options.daily_budget)
        self.stats = Stats()
        self.faults.clear()

    def rate_headers(self) -> dict[str, str]:
        return {**self.burst.headers(), **self.budget.headers()}
