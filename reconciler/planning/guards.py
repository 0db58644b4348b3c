"""Safety guards over a finished plan: pure functions of the plan and the two states.

Each guard the plan breaks is a `Refusal` naming the guard, the numbers and the override;
the plan carries them and `apply` refuses (`GuardRefused`, exit 3, nothing written) unless
the user passed the override.

    mass-delete   the plan deletes more than `guards.max_delete_percent` of a kind's live
                  objects while at least `guards.min_existing` of them exist. Objects deleted
                  with what holds them (a pipeline's stages) count too.
                  Override: --allow-mass-delete.
    empty-list    a pruned kind is declared empty (`prune: [roles]` with no roles), or an
                  object declares an empty list of what it holds (`stages: []`), and the plan
                  deletes what exists: almost always a config that lost a file or a section.
                  Override: --allow-mass-delete (the extreme case of a mass delete).
    data-loss     the plan deletes a custom field or removes an option of one, which erases
                  that value on every record (changes marked `destroys_data`).
                  Override: --allow-data-loss.
    token-cost    the plan's estimated token cost is above --max-token-cost (apply only).
"""

from __future__ import annotations

from collections import Counter

from reconciler import kinds
from reconciler.errors import GuardRefused
from reconciler.planning.changes import Delete, Plan, Refusal
from reconciler.state import DesiredState, LiveState

MASS_DELETE = "--allow-mass-delete"
DATA_LOSS = "--allow-data-loss"


def deletes_by_kind(plan: Plan, live: LiveState) -> Counter[str]:
    """Objects each kind loses: its deletes, plus what a deleted object holds."""
    counts: Counter[str] = Counter()
    for change in plan.changes:
        if not isinstance(change, Delete) or change.replaced:
            continue  # a replaced object is made again: the kind does not lose it
        counts[change.kind] += 1
        for held in kinds.owned_by(change.kind):
            if kinds.kind(held).deleted_with_owner:
                width = len(change.key)
                counts[held] += sum(1 for r in live.of_kind(held) if r.key[:width] == change.key)
    return counts


def refusals(plan: Plan, desired: DesiredState, live: LiveState) -> list[Refusal]:
    """Every guard the plan breaks, in a stable order (empty-list first, then by kind)."""
    found = _empty_lists(plan, desired)
    found += _data_loss(plan)
    deleting = deletes_by_kind(plan, live)
    limit, floor = desired.max_delete_percent, desired.min_existing
    for name in sorted(deleting):
        existing = len(live.of_kind(name))
        count = deleting[name]
        if existing == 0 or existing < floor:
            continue
        share = 100 * count / existing
        if share > limit:
            plural = kinds.kind(name).plural if kinds.known(name) else name
            found.append(
                Refusal(
                    "mass-delete",
                    f"mass-delete guard: the plan deletes {count} of {existing} live {plural} "
                    f"({share:.0f}%), more than guards.max_delete_percent ({limit:g}%) allows "
                    f"when at least guards.min_existing ({floor}) exist; review the deletes, "
                    f"or pass {MASS_DELETE}",
                    MASS_DELETE,
                )
            )
    return found


def _empty_lists(plan: Plan, desired: DesiredState) -> list[Refusal]:
    deletes = [c for c in plan.changes if isinstance(c, Delete)]
    found = []
    for spec in kinds.KINDS:
        doomed = [c for c in deletes if c.kind == spec.name]
        if spec.prune and spec.name in desired.prune and not desired.of_kind(spec.name) and doomed:
            found.append(
                Refusal(
                    "empty-list",
                    f"empty-list guard: the config declares no {spec.prune} but prunes them, "
                    f"so the plan deletes all {len(doomed)} live {spec.plural}; declare them, "
                    f"remove '{spec.prune}' from prune, or pass {MASS_DELETE}",
                    MASS_DELETE,
                )
            )
    for holder in sorted(desired.authoritative):
        holder_kind, holder_key = kinds.parse_address(holder)
        for held in kinds.owned_by(holder_kind):
            spec = kinds.kind(held)
            declared = [r for r in desired.of_kind(held) if r.key[: len(holder_key)] == holder_key]
            doomed = [
                c for c in deletes if c.kind == held and c.key[: len(holder_key)] == holder_key
            ]
            if not declared and doomed:
                found.append(
                    Refusal(
                        "empty-list",
                        f"empty-list guard: {kinds.kind(holder_kind).noun} '{holder_key[-1]}' "
                        f"declares an empty {spec.plural} list, so the plan deletes all "
                        f"{len(doomed)} of its "
                        f"{spec.plural}; declare them, drop the key to leave them unmanaged, "
                        f"or pass {MASS_DELETE}",
                        MASS_DELETE,
                    )
                )
    return found


def _data_loss(plan: Plan) -> list[Refusal]:
    doomed = [c.address for c in plan.changes if c.destroys_data]
    if not doomed:
        return []
    return [
        Refusal(
            "data-loss",
            f"data-loss guard: {len(doomed)} change(s) erase values stored on records, which "
            f"cannot be restored: {', '.join(doomed)}; review them, or pass {DATA_LOSS}",
            DATA_LOSS,
        )
    ]


def token_cost_refusal(plan: Plan, max_token_cost: int | None) -> Refusal | None:
    if max_token_cost is None or plan.token_cost <= max_token_cost:
        return None
    return Refusal(
        "token-cost",
        f"token-cost guard: the plan would spend an estimated {plan.token_cost} tokens, "
        f"more than --max-token-cost {max_token_cost}",
        "--max-token-cost",
    )


def check_apply(
    plan: Plan,
    *,
    allow_mass_delete: bool = False,
    skip_blocked: bool = False,
    max_token_cost: int | None = None,
    allow_data_loss: bool = False,
) -> None:
    """Raise GuardRefused (exit 3) naming every rail the plan breaks and its override."""
    allowed = {MASS_DELETE} if allow_mass_delete else set()
    allowed |= {DATA_LOSS} if allow_data_loss else set()
    problems = [r.message for r in plan.refusals if r.override not in allowed]
    if plan.blocked and not skip_blocked:
        listed = "; ".join(f"{b.address} ({b.reason})" for b in plan.blocked)
        problems.append(
            f"blocked changes: {listed}; resolve them, or pass --skip-blocked to apply "
            "everything else and leave them as they are"
        )
    cost = token_cost_refusal(plan, max_token_cost)
    if cost is not None:
        problems.append(cost.message)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise GuardRefused(f"Refusing to apply; nothing was written:\n{lines}")
