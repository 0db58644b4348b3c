"""Injected failures: a random fault rate and faults scripted through `POST /_sandbox/faults`.

Scripted faults (counters start when the fault is set, 1-based):
- `rate_limit_every: N`   429 on every Nth API request;
- `fail_write_at: K`      the Kth write (POST/PUT/PATCH/DELETE) answers `fail_status` (default
                          500) and changes nothing; one-shot, unless `fail_write_count: C`
                          makes writes K to K+C-1 fail (so a client's retry fails too);
- `drop_post_at: K`       the Kth POST is carried out, then its response is dropped; one-shot.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from reconciler.sandbox.failure import bad_request

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RANDOM_STATUSES = (500, 502, 503)


@dataclass
class _Countdown:
    at: int
    count: int = 1
    seen: int = 0

    def hit(self) -> bool:
        self.seen += 1
        return self.at <= self.seen < self.at + self.count

    @property
    def spent(self) -> bool:
        return self.seen >= self.at + self.count - 1


class Faults:
    def __init__(self, rate: float, seed: int | None) -> None:
        self.rate = rate
        self._random = random.Random(seed)
        self.clear()

    def clear(self) -> None:
        self.rate_limit_every: int | None = None
        self._requests = 0
        self._fail_write: _Countdown | None = None
        self.fail_status = 500
        self._drop_post: _Countdown | None = None

    def configure(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Set the faults named in `spec`, each with a fresh counter; others are kept."""
        known = {
            "rate_limit_every",
            "fail_write_at",
            "fail_write_count",
            "fail_status",
            "drop_post_at",
        }
        unknown = sorted(set(spec) - known)
        if unknown:
            raise bad_request(f"Unknown fault(s): {', '.join(unknown)}")
        for key in known & spec.keys():
            value = spec[key]
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise bad_request(f"Parameter '{key}' must be an integer")
            if value is not None and value < 1:
                raise bad_request(f"Parameter '{key}' must be at least 1")
        if "rate_limit_every" in spec:
            self.rate_limit_every = spec["rate_limit_every"]
            self._requests = 0
        if "fail_status" in spec:
            self.fail_status = spec["fail_status"] or 500
        if "fail_write_at" in spec:
            at = spec["fail_write_at"]
            count = spec.get("fail_write_count") or 1
            self._fail_write = _Countdown(at, count) if at else None
        if "drop_post_at" in spec:
            at = spec["drop_post_at"]
            self._drop_post = _Countdown(at) if at else None
        return self.describe()

    def describe(self) -> dict[str, Any]:
        return {
            "fault_rate": self.rate,
            "rate_limit_every": self.rate_limit_every,
            "fail_write_at": self._fail_write.at if self._fail_write else None,
            "fail_write_count": self._fail_write.count if self._fail_write else None,
            "fail_status": self.fail_status,
            "drop_post_at": self._drop_post.at if self._drop_post else None,
        }

    def scripted_rate_limit(self) -> bool:
        """Called once per API request that reached the limit checks."""
        if not self.rate_limit_every:
            return False
        self._requests += 1
        return self._requests % self.rate_limit_every == 0

    def random_failure(self) -> int | None:
        if self.rate > 0 and self._random.random() < self.rate:
            return self._random.choice(RANDOM_STATUSES)
        return None

    def write_failure(self, method: str) -> int | None:
        if method in WRITE_METHODS and self._fail_write and self._fail_write.hit():
            if self._fail_write.spent:
                self._fail_write = None
            return self.fail_status
        return None

    def should_drop(self, method: str) -> bool:
        if method == "POST" and self._drop_post and self._drop_post.hit():
            self._drop_post = None
            return True
        return False
