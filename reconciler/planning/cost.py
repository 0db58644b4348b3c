"""The estimated token cost of applying a plan: the documented cost (`x-token-cost`) of every
call the writers expand the plan into, the same expansion the applier sends (`reconciler.
calls`), with ids not known yet standing in as placeholders. A group a kind writes together
(v1's bulk stage delete) costs its batch calls. Follow-ups that need reads first (a new
project's plan placement) count their estimate.

Each group of creates of a kind that checks its creates (`KindSpec.guard_creates`) also reads
that kind's list right before and after it runs, so a concurrent apply cannot create an
object twice (`reconciler.conflicts`); the read after one group is the read before the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reconciler import kinds
from reconciler.api import costs
from reconciler.calls import Call, Deferred, Step, Unknown
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create
from reconciler.planning.order import groups


def token_cost(call: Call) -> int:
    return costs.token_cost(call.version, call.method, call.path.split("?", 1)[0])


def steps_cost(steps: Iterable[Step]) -> int:
    total = 0
    for step in steps:
        calls: Sequence[Call] = step.estimate if isinstance(step, Deferred) else (step,)
        total += sum(token_cost(c) for c in calls)
    return total


def group_steps(group: Sequence[Change], stages_api: StagesApi) -> list[Step]:
    """The steps that write one group of changes (an estimate: new ids are unknown)."""
    spec = kinds.kind(group[0].kind)
    if spec.batch is not None and all(c.kind == spec.name for c in group):
        batched = spec.batch(group, stages_api)
        if batched is not None:
            return list(batched)
    ids = Unknown()
    return [
        step
        for change in group
        if kinds.known(change.kind) and (writer := kinds.kind(change.kind).writer) is not None
        for step in writer(change, ids, stages_api)
    ]


def plan_token_cost(changes: Iterable[Change], stages_api: StagesApi | str) -> int:
    api: StagesApi = "v1" if stages_api == "v1" else "v2"
    changes = list(changes)
    total = sum(steps_cost(group_steps(g, api)) for g in groups(changes))
    return total + conflict_check_cost(changes, api)


def conflict_check_cost(changes: Iterable[Change], stages_api: StagesApi) -> int:
    return sum(token_cost(call) for call in conflict_check_reads(changes, stages_api))


def conflict_check_reads(changes: Iterable[Change], stages_api: StagesApi) -> list[Call]:
    """The list reads around groups of creates: one after each group, and one before the
    first group of a kind (one page each; for a kind read per owner, one per owner that the
    kind's creates name, as `conflicts.CreateGuard` checks all of them each time)."""
    changes = list(changes)
    owners: dict[str, set[str]] = {}
    for change in changes:
        if isinstance(change, Create):
            owners.setdefault(change.kind, set()).add(change.key[0])
    reads: list[Call] = []
    last_read: str | None = None
    for group in groups(changes):
        checked = {
            c.kind
            for c in group
            if isinstance(c, Create)
            and kinds.known(c.kind)
            and kinds.kind(c.kind).guard_creates
            and kinds.kind(c.kind).lookup_read is not None
        }
        for name in sorted(checked):
            spec = kinds.kind(name)
            assert spec.lookup_read is not None
            per_check = len(owners[name]) if spec.lookup_per_owner else 1
            checks = 1 if last_read == name else 2
            reads += [spec.lookup_read(stages_api)] * (per_check * checks)
            last_read = name
    return reads
