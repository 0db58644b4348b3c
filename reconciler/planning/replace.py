"""`--replace ADDRESS`: a forced delete and create of one declared object, as Terraform's
`-replace` (how a webhook's write-only password is rotated).

The kind's own planner makes both halves, so each is exactly what the kind would write:
planned once more without the live object it matched (its create, with whatever payload the
kind needs), and once more with the config entry gone and the kind pruned (its delete). Both
halves carry `replaced`, and the delete runs first (`planning.order`). The new object gets a
new id: what referred to the old one does not follow, and where that loses data the delete
says so (`LOSES`).

Only objects that hold no other kind's objects can be replaced (a pipeline's stages would
go with it). An address that is not a replaceable declared object is a UsageError (exit 64).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence

from reconciler import kinds
from reconciler.errors import UsageError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.spec import KindSpec
from reconciler.planning.changes import Action, Change
from reconciler.state import Resource

FORCED = "--replace"
# What a replacement destroys, by kind, for the plan to say.
LOSES = {
    "lead_label": "every lead with this label loses it",
    "activity_type": "activities of the old type do not move to the new one",
    "project": "the project's tasks, notes and history go with it",
    "subscription": "the subscription's payment history goes with it",
}


def check_replace(addresses: Sequence[str]) -> None:
    """Usage errors that need no plan: an unknown kind, or a kind that cannot be replaced."""
    for item in addresses:
        name, key = kinds.parse_address(item)
        if not key or not kinds.known(name):
            raise UsageError(f"--replace '{item}': not an address (KIND/NAME) of a known kind")
        if _unreplaceable(kinds.kind(name)):
            raise UsageError(
                f"--replace '{item}': a {name} holds other objects "
                f"({', '.join(kinds.owned_by(name)) or 'planned with its owner'}), which a "
                "replacement would delete; replace those objects instead"
            )


def _unreplaceable(spec: KindSpec) -> bool:
    return spec.planner is None or bool(kinds.owned_by(spec.name))


def replaced(
    ctx: PlanContext, spec: KindSpec, outcome: KindOutcome, addresses: Collection[str]
) -> KindOutcome:
    """`outcome` with each of `addresses` of this kind replaced."""
    for item in addresses:
        if kinds.parse_address(item)[0] == spec.name:
            outcome = _replace_one(ctx, spec, outcome, item)
    return outcome


def _replace_one(ctx: PlanContext, spec: KindSpec, outcome: KindOutcome, where: str) -> KindOutcome:
    mine = [c for c in outcome.changes if c.address == where]
    if any(c.replaced or c.action is Action.CREATE for c in mine):
        return outcome  # already new, or replaced by the kind's own rule
    want = next((r for r in ctx.desired.of_kind(spec.name) if r.address == where), None)
    if want is None:
        raise UsageError(f"--replace '{where}' matches no object the config declares")
    have = _live_of(ctx, spec, want, mine)
    if have is None:
        raise UsageError(f"--replace '{where}' matches no live object (it will be created)")
    if ctx.kept(have) == "blocked":
        return outcome
    delete = _half(spec, _without_entry(ctx, spec, want), have.address, Action.DELETE)
    create = _half(spec, _without_live(ctx, have), where, Action.CREATE)
    notes = (
        *delete.notes,
        *(
            (LOSES[spec.name],)
            if spec.name in LOSES and LOSES[spec.name] not in delete.notes
            else ()
        ),
    )
    pair = [
        dataclasses.replace(delete, replaced=FORCED, notes=notes),
        dataclasses.replace(create, replaced=FORCED),
    ]
    rest = [c for c in outcome.changes if c.address not in (where, have.address)]
    return dataclasses.replace(outcome, changes=[*rest, *pair])


def _live_of(
    ctx: PlanContext, spec: KindSpec, want: Resource, mine: list[Change]
) -> Resource | None:
    live = ctx.live.of_kind(spec.name)
    update = next((c for c in mine if c.action is Action.UPDATE), None)
    if update is not None and update.id is not None:
        return next((r for r in live if r.id == update.id), None)
    if want.id is not None:
        return next((r for r in live if r.id == want.id), None)
    names = (want.name, *want.renamed_from)
    return next(
        (r for name in names for r in live if r.name == name and r.key[:-1] == want.key[:-1]), None
    )


def _without_live(ctx: PlanContext, have: Resource) -> PlanContext:
    resources = tuple(r for r in ctx.live.resources if r is not have)
    return dataclasses.replace(
        ctx, live=dataclasses.replace(ctx.live, resources=resources), memo={}
    )


def _without_entry(ctx: PlanContext, spec: KindSpec, want: Resource) -> PlanContext:
    resources = tuple(r for r in ctx.desired.resources if r is not want)
    desired = dataclasses.replace(
        ctx.desired,
        resources=resources,
        prune=ctx.desired.prune | {spec.name},
        protected=ctx.desired.protected - {want.address},
    )
    return dataclasses.replace(ctx, desired=desired, memo={})


def _half(spec: KindSpec, ctx: PlanContext, where: str, action: Action) -> Change:
    assert spec.planner is not None
    found = [c for c in spec.planner(ctx).changes if c.address == where and c.action is action]
    if not found:
        raise UsageError(
            f"--replace '{where}': this {spec.noun} is never deleted on its own (one of "
            "Pipedrive's built-in objects, or part of another), so it cannot be replaced"
        )
    return found[0]
