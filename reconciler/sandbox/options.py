"""How a sandbox behaves: token, limits, latency, faults, seed. One frozen value."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class SandboxOptions:
    """Everything a sandbox is configured with; the defaults emulate a Growth-plan company.

    `clock` is monotonic seconds and drives the burst window; `wall_clock` is epoch seconds and
    drives `add_time`/`update_time` and /recents. Tests inject both. `random_seed` makes
    `fault_rate` reproducible. `subscriptions_api` "gone" answers every /subscriptions path
    with 410, "unknown" with 404, as accounts do since Pipedrive removed that API in 2025.
    `admin` False makes the token's user a regular user, refused the admin-only operations;
    `v1_stages` "gone" answers the v1 stage and pipeline endpoints 404 (see `access`).
    """

    token: str = field(default="sandbox-token", repr=False)
    latency_ms: int = 0
    fault_rate: float = 0.0
    page_cap: int | None = None
    burst: int = 40
    burst_window: float = 2.0
    daily_budget: int = 600_000
    seed: str | Path | dict[str, Any] | None = None
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    random_seed: int | None = None
    subscriptions_api: Literal["on", "gone", "unknown"] = "on"
    admin: bool = True
    v1_stages: Literal["on", "gone"] = "on"

    def __post_init__(self) -> None:
        if self.subscriptions_api not in ("on", "gone", "unknown"):
            raise ValueError("subscriptions_api must be 'on', 'gone' or 'unknown'")
        if self.v1_stages not in ("on", "gone"):
            raise ValueError("v1_stages must be 'on' or 'gone'")
