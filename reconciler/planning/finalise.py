"""From a first plan and the facts it asked for to the plan apply may run: pure.

`finalise` collects what the kinds' blockers block (deals in a stage, the last pipeline a
role sees), plans again with those objects kept, so the changes that depend on them see them
(a role told to see only `Sales` still gets a pipeline it would have lost hidden), records
the blocked changes, the guards the plan breaks and the warnings the facts carry, and keeps
the first plan's read cost.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

from reconciler import kinds
from reconciler.kinds.spec import Blocker, Facts
from reconciler.planning.changes import Blocked, Plan
from reconciler.planning.guards import refusals
from reconciler.planning.protected import unknown_protected
from reconciler.state import DesiredState, LiveState

Replan = Callable[[frozenset[str]], Plan]


def blockers() -> list[Blocker]:
    return [b for spec in kinds.KINDS for b in spec.blockers]


def finalise(
    plan: Plan,
    desired: DesiredState,
    live: LiveState,
    facts: Mapping[Blocker, Facts],
    replan: Replan,
) -> Plan:
    """`replan(kept)` plans again with the addresses in `kept` kept as they are."""
    blocked: list[Blocked] = []
    for blocker in blockers():
        if blocker in facts:
            blocked.extend(blocker.blocked(plan, facts[blocker]))
    if blocked:
        plan = dataclasses.replace(
            replan(frozenset(b.address for b in blocked)),
            read_token_cost=plan.read_token_cost,
            provenance=plan.provenance,
        )
    warnings = [w for f in facts.values() for w in f.warnings]
    return dataclasses.replace(
        plan,
        blocked=tuple(blocked),
        refusals=tuple(refusals(plan, desired, live)),
        warnings=(*plan.warnings, *warnings, *unknown_protected(desired, live)),
    )
