"""`build_plan(desired, live) -> Plan`: the pure diff of desired against live state.

No HTTP, files, clock, environment or randomness: the same inputs give the same plan. Both
sides are normalised first, each kind by its own rules (`KindSpec.normalisers`), then every
kind is planned by its own planner, in the registry's dependency order, each seeing what the
kinds before it found (`PlanContext.outcomes`). Matching is `match.py`, field comparison
`diff.py`, execution order `order.py`, target selection `select.py`, cost `cost.py`,
fingerprints `fingerprint.py`, look-alike warnings `lookalike.py`. Errors that make the
config unplannable against this company raise one `PlanError` listing every problem the
independent planners found, each naming its config origin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from reconciler import kinds
from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.planning.changes import Plan
from reconciler.planning.cost import plan_token_cost
from reconciler.planning.fingerprint import live_fingerprint
from reconciler.planning.lookalike import lookalike_warnings
from reconciler.planning.order import sort_changes
from reconciler.planning.provenance import Selection
from reconciler.planning.replace import check_replace, replaced
from reconciler.planning.select import check_items, selected
from reconciler.state import DesiredState, LiveState


def build_plan(
    desired: DesiredState,
    live: LiveState,
    *,
    targets: Sequence[str] = (),
    excludes: Sequence[str] = (),
    config_digest: str = "",
    read_token_cost: int = 0,
    today: str | None = None,
    blocked: frozenset[str] = frozenset(),
    replace: Sequence[str] = (),
) -> Plan:
    """The changes that make `live` look like `desired`, in execution order.

    `targets`/`excludes` narrow the plan (see `planning.select`); `config_digest` and
    `read_token_cost` are recorded on the plan as given; `today` (YYYY-MM-DD) is when a
    recurring subscription's update takes effect unless the config says; `blocked` are
    addresses the plan keeps because deleting them is blocked (`planning.finalise`);
    `replace` are addresses to delete and create again (`planning.replace`)."""
    check_replace(replace)
    want = dataclasses.replace(desired, resources=tuple(map(kinds.normalize, desired.resources)))
    have = dataclasses.replace(live, resources=tuple(map(kinds.normalize, live.resources)))
    ctx = PlanContext(want, have, today=today, blocked=blocked)
    errors: list[str] = []
    for spec in kinds.KINDS:
        if spec.planner is None:
            continue
        try:
            ctx.outcomes[spec.name] = replaced(ctx, spec, spec.planner(ctx), replace)
        except PlanError as error:
            errors.extend(error.messages)
        except KeyError:
            if not errors:  # a kind before it failed; its own error is already listed
                raise
    if errors:
        raise PlanError(errors)
    outcomes: list[KindOutcome] = list(ctx.outcomes.values())
    changes = [c for o in outcomes for c in o.changes]
    known = [r.address for r in (*want.resources, *have.resources)] + [c.address for c in changes]
    check_items(targets, known, "target")
    check_items(excludes, known, "exclude")

    def chosen(address: str) -> bool:
        return selected(address, targets, excludes)

    kept = sort_changes(c for c in changes if chosen(c.address))
    lookalikes = lookalike_warnings(kept, outcomes, want, have)
    return Plan(
        changes=kept,
        unmanaged=tuple(sorted(a for o in outcomes for a in o.unmanaged if chosen(a))),
        protected=tuple(sorted({a for o in outcomes for a in o.protected if chosen(a)})),
        warnings=(*(w for o in outcomes for w in o.warnings), *lookalikes),
        unwritable=tuple(u for o in outcomes for u in o.unwritable if chosen(u.address)),
        token_cost=plan_token_cost(kept, want.stages_api),
        read_token_cost=read_token_cost,
        live_fingerprint=live_fingerprint(have, normalized=True),
        config_digest=config_digest,
        stages_api=want.stages_api,
        selection=Selection.of(targets, excludes),
    )
