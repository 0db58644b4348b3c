"""What an apply did, change by change: the report `--report` writes and the summary prints.

applied          every call of the change went through
partly_applied   some of its calls went through, then one failed or lost its answer; the
                 next plan shows what is left
failed           its first call failed: nothing of it was done
not_attempted    apply stopped before it
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reconciler.errors import ApiError, DailyBudgetExhausted, ReconcilerError
from reconciler.planning.changes import Change
from reconciler.state import LiveId


class Status(enum.Enum):
    APPLIED = "applied"
    PARTLY_APPLIED = "partly_applied"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"


@dataclass
class Outcome:
    change: Change
    status: Status = Status.NOT_ATTEMPTED
    error: str | None = None
    http_status: int | None = None
    created_id: LiveId | None = None
    budget_exhausted: bool = False
    calls_done: int = 0

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "address": self.change.address,
            "action": self.change.action.value,
            "status": self.status.value,
        }
        if self.change.id is not None or self.created_id is not None:
            result["id"] = self.created_id if self.created_id is not None else self.change.id
        if self.status is Status.PARTLY_APPLIED:
            result["calls_done"] = self.calls_done
        if self.error is not None:
            result["error"] = self.error
        if self.http_status is not None:
            result["http_status"] = self.http_status
        return result


def record_failure(outcome: Outcome, exc: ReconcilerError | LookupError) -> None:
    outcome.status = Status.FAILED
    outcome.budget_exhausted = isinstance(exc, DailyBudgetExhausted)
    if isinstance(exc, ApiError):
        outcome.error, outcome.http_status = exc.message, exc.status
    elif isinstance(exc, LookupError):
        outcome.error = str(exc.args[0]) if exc.args else str(exc)
    else:
        outcome.error = str(exc)


@dataclass
class ApplyReport:
    outcomes: list[Outcome]
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    token_cost: int = 0
    requests: int = 0
    interrupted: bool = False
    stopped_reason: str | None = None
    first_failure: Outcome | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def ok(self) -> bool:
        return all(o.status is Status.APPLIED for o in self.outcomes)

    def finish(self, *, tokens: int, requests: int, interrupted: bool) -> None:
        self.finished_at = datetime.now(UTC)
        self.token_cost, self.requests, self.interrupted = tokens, requests, interrupted
        if self.first_failure is not None:
            self.stopped_reason = _stop_reason(self.first_failure)
        elif interrupted:
            self.stopped_reason = (
                "interrupted: the requests in flight were finished, no new ones sent"
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": 1,
            "started_at": _iso(self.started_at),
            "finished_at": _iso(self.finished_at) if self.finished_at else None,
            "summary": {s.value: self.count(s) for s in Status},
            "interrupted": self.interrupted,
            "stopped_reason": self.stopped_reason,
            "token_cost": self.token_cost,
            "requests": self.requests,
            "changes": [o.to_dict() for o in self.outcomes],
            **self.extra,
        }


Progress = Callable[[Outcome], None]


def _stop_reason(outcome: Outcome) -> str:
    if outcome.budget_exhausted:
        return (
            "the company's daily API token budget is exhausted: apply stopped at once instead "
            "of waiting for it to reset; run apply again once it has"
        )
    status = f" ({outcome.http_status})" if outcome.http_status is not None else ""
    return f"{outcome.change.address} failed{status}: {outcome.error}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
