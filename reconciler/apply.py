"""Executes a plan in its order and reports what was done.

Changes run in groups (`planning.order.groups`): groups one after another, the changes of a
group concurrently within the client's parallelism. The first failure stops the run once the
changes already in flight have finished; everything after is `not_attempted`. An interrupt
(the `stop` event) does the same. Nothing here decides what to change.

A create whose response was lost (no answer at all) is looked up by its natural key before
anything is sent again, so nothing is ever created twice. Other writes are idempotent in
effect (set a name, set a setting, assign a user) and are simply sent once more. Each group
of creates is checked against the live list right before and after it runs, so a second
apply running at the same time cannot create an object twice either (`reconciler.conflicts`).
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reconciler.conflicts import Conflict, CreateGuard
from reconciler.errors import (
    ApiError,
    DailyBudgetExhausted,
    NotFoundError,
    ReconcilerError,
    TransportError,
)
from reconciler.planning.changes import Action, Change, Plan
from reconciler.planning.order import groups
from reconciler.resources import BY_KIND, ApplyContext
from reconciler.state import STAGE


class Status(enum.Enum):
    APPLIED = "applied"
    FAILED = "failed"
    NOT_ATTEMPTED = "not_attempted"


@dataclass
class Outcome:
    change: Change
    status: Status = Status.NOT_ATTEMPTED
    error: str | None = None
    http_status: int | None = None
    created_id: int | None = None
    budget_exhausted: bool = False

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "address": self.change.address,
            "action": self.change.action.value,
            "status": self.status.value,
        }
        if self.change.id is not None or self.created_id is not None:
            result["id"] = self.created_id if self.created_id is not None else self.change.id
        if self.error is not None:
            result["error"] = self.error
        if self.http_status is not None:
            result["http_status"] = self.http_status
        return result


@dataclass
class ApplyReport:
    outcomes: list[Outcome]
    started_at: datetime
    finished_at: datetime | None = None
    token_cost: int = 0
    requests: int = 0
    interrupted: bool = False
    stopped_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def ok(self) -> bool:
        return all(o.status is Status.APPLIED for o in self.outcomes)

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


async def apply_plan(
    plan: Plan,
    ctx: ApplyContext,
    *,
    parallelism: int = 4,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
) -> ApplyReport:
    report = ApplyReport([Outcome(c) for c in plan.changes], started_at=_now())
    # A renamed object is referred to by its new name from the start.
    ctx.ids.update({c.address: c.id for c in plan.changes if c.id is not None and c.after})
    outcome_of = {id(o.change): o for o in report.outcomes}
    tally_before = (ctx.client.tally.tokens, ctx.client.tally.requests)
    stop = stop or asyncio.Event()
    failed = asyncio.Event()
    limit = asyncio.Semaphore(parallelism)
    first_failure: list[Outcome] = []

    def fail(outcome: Outcome) -> None:
        if not first_failure:
            first_failure.append(outcome)
        failed.set()

    async def run(change: Change) -> None:
        async with limit:
            if failed.is_set() or stop.is_set():
                return
            outcome = outcome_of[id(change)]
            try:
                outcome.created_id = await _apply_one(change, ctx)
                outcome.status = Status.APPLIED
            except ReconcilerError as exc:
                _record_failure(outcome, exc)
                fail(outcome)
            except LookupError as exc:  # a reference whose own change failed or never ran
                outcome.status, outcome.error = Status.FAILED, str(exc)
                fail(outcome)
            if progress is not None:
                progress(outcome)

    guard = CreateGuard(ctx, plan.changes)

    def conflicted(conflicts: list[Conflict]) -> None:
        for conflict in conflicts:
            outcome = outcome_of[id(conflict.change)]
            outcome.status, outcome.error = Status.FAILED, conflict.message
            fail(outcome)

    for group in groups(plan.changes):
        if failed.is_set() or stop.is_set():
            break
        if not await _checked(guard.before(group), group, outcome_of, conflicted):
            break
        if _is_bulk_stage_delete(group, ctx):
            outcomes = [outcome_of[id(c)] for c in group]
            if not await _bulk_delete_stages(group, ctx, outcomes):
                fail(outcomes[0])
            if progress is not None:
                for change in group:
                    progress(outcome_of[id(change)])
            continue
        await asyncio.gather(*(run(c) for c in group))
        created = {
            c.address: new_id
            for c in group
            if (new_id := outcome_of[id(c)].created_id) is not None
            and outcome_of[id(c)].status is Status.APPLIED
        }
        await _checked(guard.after(group, created), group, outcome_of, conflicted)

    report.finished_at = _now()
    report.token_cost = ctx.client.tally.tokens - tally_before[0]
    report.requests = ctx.client.tally.requests - tally_before[1]
    report.interrupted = stop.is_set()
    if first_failure:
        report.stopped_reason = _stop_reason(first_failure[0])
    elif report.interrupted:
        report.stopped_reason = (
            "interrupted: the requests in flight were finished, no new ones sent"
        )
    return report


async def _checked(
    check: Awaitable[list[Conflict]],
    group: list[Change],
    outcome_of: dict[int, Outcome],
    conflicted: Callable[[list[Conflict]], None],
) -> bool:
    """Run a conflict check; False (and the group's first change failed) when it finds a
    conflict or cannot read what it needs."""
    try:
        conflicts = await check
    except ReconcilerError as exc:
        outcome = outcome_of[id(group[0])]
        _record_failure(outcome, exc)
        outcome.error = f"checking for a concurrent apply failed: {outcome.error}"
        conflicts = [Conflict(group[0], outcome.error)]
    conflicted(conflicts)
    return not conflicts


def _stop_reason(outcome: Outcome) -> str:
    if outcome.budget_exhausted:
        return (
            "the company's daily API token budget is exhausted: apply stopped at once instead "
            "of waiting for it to reset; run apply again once it has"
        )
    status = f" ({outcome.http_status})" if outcome.http_status is not None else ""
    return f"{outcome.change.address} failed{status}: {outcome.error}"


async def _apply_one(change: Change, ctx: ApplyContext) -> int | None:
    adapter = BY_KIND[change.kind]
    try:
        try:
            new_id = await adapter.apply(change, ctx)
        except TransportError:
            # No answer: the server may have acted. A create is looked up before it is sent
            # again; other writes set a value and are simply sent once more.
            if change.action is Action.CREATE:
                found = await adapter.find(change, ctx)
                if found is not None:
                    ctx.ids[change.address] = found
                    return found
            new_id = await adapter.apply(change, ctx)
    except NotFoundError:
        if change.action is not Action.DELETE:
            raise
        return None  # already gone: the goal of a delete is met
    if change.action is Action.CREATE and new_id is not None:
        ctx.ids[change.address] = new_id
    return new_id


def _is_bulk_stage_delete(group: list[Change], ctx: ApplyContext) -> bool:
    return (
        ctx.stages_api == "v1"
        and len(group) > 1
        and all(c.kind == STAGE and c.action is Action.DELETE for c in group)
    )


async def _bulk_delete_stages(
    group: list[Change], ctx: ApplyContext, outcomes: list[Outcome]
) -> bool:
    try:
        await BY_KIND[STAGE].delete_many(group, ctx)  # type: ignore[attr-defined]
    except ReconcilerError as exc:
        for outcome in outcomes:
            _record_failure(outcome, exc)
        return False
    for outcome in outcomes:
        outcome.status = Status.APPLIED
    return True


def _record_failure(outcome: Outcome, exc: ReconcilerError) -> None:
    outcome.status = Status.FAILED
    outcome.budget_exhausted = isinstance(exc, DailyBudgetExhausted)
    if isinstance(exc, ApiError):
        outcome.error, outcome.http_status = exc.message, exc.status
    else:
        outcome.error = str(exc)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
