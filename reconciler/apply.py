"""Executes a plan in its order, call by call, and reports what was done.

Each change is written as the calls its kind's writer expands it into (`reconciler.calls`).
Changes run in groups (`planning.order.groups`): groups one after another, the changes of a
group concurrently within the client's parallelism. The first failure stops the run once the
changes already in flight have finished; everything after is `not_attempted`. An interrupt
(the `stop` event) does the same. Nothing here decides what to change.

Per call: the client re-sends what is idempotent (GET, PUT, PATCH, DELETE, an upsert POST)
when its answer is lost or a 5xx; a DELETE answered 404 has done its job. A create whose
answer is lost is looked up by its natural key before it is sent again, so nothing is ever
created twice; any other POST whose answer is lost is never sent again: its change is
reported `partly_applied` (or `failed` when it was the first call) and the next plan shows
what is left. Each group of creates is checked against the live list right before and after
it runs, so a second apply running at the same time cannot create an object twice either
(`reconciler.conflicts`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TYPE_CHECKING

from reconciler import kinds
from reconciler.apply_report import ApplyReport, Outcome, Progress, Status, record_failure
from reconciler.calls import Call, Step
from reconciler.conflicts import Conflict, CreateGuard
from reconciler.errors import NotFoundError, ReconcilerError, TransportError
from reconciler.ids import LiveIds
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Plan
from reconciler.planning.order import groups
from reconciler.state import LiveId, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

__all__ = ["ApplyReport", "Outcome", "Progress", "Status", "apply_plan"]


class AnswerLost(ReconcilerError):
    def __init__(self, call: Call) -> None:
        super().__init__(
            f"{call.method} /api/{call.version}{call.path}: no answer came back, and it is "
            "not sent again, as Pipedrive may have done it; plan again to see what is left"
        )


async def apply_plan(
    plan: Plan,
    client: PipedriveClient,
    live: LiveState,
    *,
    parallelism: int = 4,
    progress: Progress | None = None,
    stop: asyncio.Event | None = None,
) -> ApplyReport:
    report = ApplyReport([Outcome(c) for c in plan.changes])
    runner = _Runner(plan, client, LiveIds.of(live, plan), report, parallelism, progress)
    stop = stop or asyncio.Event()
    tally_before = (client.tally.tokens, client.tally.requests)
    guard = CreateGuard(client, runner.ids, plan.changes, runner.api)
    for group in groups(plan.changes):
        if runner.failed.is_set() or stop.is_set():
            break
        if not await runner.checked(guard.before(group), group):
            break
        await runner.run_group(group, stop)
        created = {
            c.address: new_id
            for c in group
            if (new_id := runner.outcome(c).created_id) is not None
            and runner.outcome(c).status is Status.APPLIED
        }
        await runner.checked(guard.after(group, created), group)
    report.finish(
        tokens=client.tally.tokens - tally_before[0],
        requests=client.tally.requests - tally_before[1],
        interrupted=stop.is_set(),
    )
    return report


class _Runner:
    def __init__(
        self,
        plan: Plan,
        client: PipedriveClient,
        ids: LiveIds,
        report: ApplyReport,
        parallelism: int,
        progress: Progress | None,
    ) -> None:
        self.client = client
        self.ids = ids
        self.api: StagesApi = "v1" if plan.stages_api == "v1" else "v2"
        self.report = report
        self.limit = asyncio.Semaphore(parallelism)
        self.progress = progress
        self.failed = asyncio.Event()
        self._outcomes = {id(o.change): o for o in report.outcomes}

    def outcome(self, change: Change) -> Outcome:
        return self._outcomes[id(change)]

    def fail(self, outcome: Outcome) -> None:
        self.report.first_failure = self.report.first_failure or outcome
        self.failed.set()

    def told(self, outcome: Outcome) -> None:
        if self.progress is not None:
            self.progress(outcome)

    async def checked(self, check: Awaitable[list[Conflict]], group: list[Change]) -> bool:
        """Run a conflict check; False (a change of the group failed) when it finds a
        conflict or cannot read what it needs."""
        try:
            conflicts = await check
        except ReconcilerError as exc:
            outcome = self.outcome(group[0])
            record_failure(outcome, exc)
            outcome.error = f"checking for a concurrent apply failed: {outcome.error}"
            conflicts = [Conflict(group[0], outcome.error)]
        for conflict in conflicts:
            outcome = self.outcome(conflict.change)
            outcome.status, outcome.error = Status.FAILED, conflict.message
            self.fail(outcome)
        return not conflicts

    async def run_group(self, group: list[Change], stop: asyncio.Event) -> None:
        spec = kinds.kind(group[0].kind)
        batched = spec.batch(group, self.api) if spec.batch else None
        if batched is not None and all(c.kind == spec.name for c in group):
            await self._run_batch(group, batched)
            return

        async def one(change: Change) -> None:
            async with self.limit:
                if not (self.failed.is_set() or stop.is_set()):
                    await self._run_change(change)

        await asyncio.gather(*(one(c) for c in group))

    async def _run_batch(self, group: list[Change], steps: Sequence[Step]) -> None:
        outcomes = [self.outcome(c) for c in group]
        try:
            for step in steps:
                assert isinstance(step, Call)
                await self._send(step)
        except ReconcilerError as exc:
            for outcome in outcomes:
                record_failure(outcome, exc)
            self.fail(outcomes[0])
        else:
            for outcome in outcomes:
                outcome.status = Status.APPLIED
        for outcome in outcomes:
            self.told(outcome)

    async def _run_change(self, change: Change) -> None:
        outcome = self.outcome(change)
        try:
            writer = kinds.kind(change.kind).writer
            assert writer is not None
            await self._run_steps(change, writer(change, self.ids, self.api), outcome)
            outcome.status = Status.APPLIED
        except (ReconcilerError, LookupError) as exc:
            record_failure(outcome, exc)
            if outcome.calls_done:
                outcome.status = Status.PARTLY_APPLIED
            self.fail(outcome)
        self.told(outcome)

    async def _run_steps(self, change: Change, steps: Sequence[Step], outcome: Outcome) -> None:
        for step in steps:
            if isinstance(step, Call):
                calls: Sequence[Call] = [step]
            else:
                created = outcome.created_id
                calls = await step.expand(
                    self.client, created if isinstance(created, int) else None
                )
            for call in calls:
                answer = await self._call(change, call.with_new_id(outcome.created_id))
                if call.creates and answer is not None:
                    outcome.created_id = answer
                    self.ids.record(change.address, answer)
                outcome.calls_done += 1

    async def _call(self, change: Change, call: Call) -> LiveId | None:
        """Send one call; for a create, the new object's id."""
        try:
            data = await self._send(call)
        except TransportError:
            if not call.creates:
                raise AnswerLost(call) from None
            found = await self._look_up(change)
            if found is not None:
                return found
            data = await self._send(call)
        except NotFoundError:
            if call.method != "DELETE":
                raise
            return None  # already gone: the goal of a delete is met
        return _new_id(data) if call.creates else None

    async def _send(self, call: Call) -> object:
        answer = await self.client.request(
            call.method,
            call.version,
            call.path,
            params=call.params,
            json=call.body,
            idempotent=call.idempotent,
        )
        return answer.data

    async def _look_up(self, change: Change) -> LiveId | None:
        lookup = kinds.kind(change.kind).lookup
        if lookup is None:
            return None
        found = (await lookup(self.client, [change.key], self.ids, self.api)).get(change.key, [])
        return found[0] if len(found) == 1 else None


def _new_id(data: object) -> LiveId:
    if isinstance(data, dict) and data.get("id") is not None:
        found = data["id"]
        # Numbers, as Pipedrive sends them or as text; a lead label's id is a UUID string.
        return int(found) if not isinstance(found, str) or found.isdigit() else found
    raise ReconcilerError(f"Pipedrive's answer to a create carries no id: {data!r:.200}")
