"""Safety rails over a finished plan: guards, blocked deletes, the token-cost ceiling.

Pure functions of (Plan, DesiredState, LiveState) and numbers already read, like the planner:
no I/O. `workflow.make_plan` applies them after `build_plan`; `apply` re-checks them and
refuses (`GuardRefused`, exit 3, nothing written) unless the user passed the override.

Guards (each violation names the guard, the numbers and the override):

    mass-delete   the plan deletes more than `guards.max_delete_percent` of a kind's live
                  objects while at least `guards.min_existing` of them exist. Stages deleted
                  with their pipeline count as stage deletes. Override: --allow-mass-delete.
    empty-list    a pruned kind (`prune: [roles]`, a pipeline's `stages:` list) is declared
                  empty and the plan deletes what exists: almost always a config that lost a
                  file or a section. Override: --allow-mass-delete (it is the extreme case of
                  a mass delete).

Blocked: a stage delete (or a pipeline delete, whose stages go with it) is moved out of the
plan's changes into `Plan.blocked` when the stages hold deals (`block_deletes`, with counts
read by `resources.deals`), and a pipeline delete when it would leave a role seeing no
pipeline, which Pipedrive refuses (`block_last_visible`, read by `resources.visibility`).
Apply refuses a plan with blocked entries unless --skip-blocked, which applies the remaining
changes: blocked objects are simply not in `Plan.changes`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from reconciler.errors import GuardRefused
from reconciler.planning.changes import Action, Blocked, Change, Plan
from reconciler.planning.cost import plan_token_cost
from reconciler.state import PIPELINE, ROLE, STAGE, DesiredState, LiveState, address

REFUSAL_PREFIX = "apply will refuse: "
_PLURAL = {PIPELINE: "pipelines", STAGE: "stages", ROLE: "roles"}


@dataclass(frozen=True)
class Violation:
    guard: str  # "mass-delete" | "empty-list"
    message: str  # names the numbers and the override


def deletes_by_kind(plan: Plan) -> Counter[str]:
    """Objects each kind loses: delete changes, plus the stages a pipeline delete takes."""
    counts: Counter[str] = Counter()
    for change in plan.changes:
        if change.action is Action.DELETE:
            counts[change.kind] += 1
            if change.kind == PIPELINE:
                counts[STAGE] += len(change.extra.get("stage_ids", ()))
    return counts


def guard_violations(plan: Plan, desired: DesiredState, live: LiveState) -> list[Violation]:
    """Every guard the plan breaks, in a stable order (empty-list first, then by kind)."""
    found = _empty_lists(plan, desired)
    deleting = deletes_by_kind(plan)
    limit, floor = desired.max_delete_percent, desired.min_existing
    for kind in sorted(deleting):
        existing = len(live.of_kind(kind))
        count = deleting[kind]
        if existing == 0 or existing < floor:
            continue
        share = 100 * count / existing
        if share > limit:
            noun = _PLURAL.get(kind, kind)
            found.append(
                Violation(
                    "mass-delete",
                    f"mass-delete guard: the plan deletes {count} of {existing} live {noun} "
                    f"({share:.0f}%), more than guards.max_delete_percent ({limit:g}%) allows "
                    f"when at least guards.min_existing ({floor}) exist; review the deletes, "
                    "or pass --allow-mass-delete",
                )
            )
    return found


def _empty_lists(plan: Plan, desired: DesiredState) -> list[Violation]:
    deletes = [c for c in plan.changes if c.action is Action.DELETE]
    found = []
    for kind, section in ((PIPELINE, "pipelines"), (ROLE, "roles")):
        doomed = [c for c in deletes if c.kind == kind]
        if kind in desired.prune and not desired.of_kind(kind) and doomed:
            found.append(
                Violation(
                    "empty-list",
                    f"empty-list guard: the config declares no {section} but prunes them, so "
                    f"the plan deletes all {len(doomed)} live {section}; declare them, remove "
                    f"'{section}' from prune, or pass --allow-mass-delete",
                )
            )
    declared = {s.key[0] for s in desired.of_kind(STAGE)}
    for pipeline in sorted(desired.pipelines_with_stages - declared):
        doomed = [c for c in deletes if c.kind == STAGE and c.key[0] == pipeline]
        if doomed:
            found.append(
                Violation(
                    "empty-list",
                    f"empty-list guard: pipeline '{pipeline}' declares an empty stages list, so "
                    f"the plan deletes all {len(doomed)} of its stages; declare them, drop the "
                    "`stages` key to leave them unmanaged, or pass --allow-mass-delete",
                )
            )
    return found


def with_guard_warnings(plan: Plan, desired: DesiredState, live: LiveState) -> Plan:
    """The plan with a visible 'apply will refuse: ...' warning per guard it breaks."""
    messages = [REFUSAL_PREFIX + v.message for v in guard_violations(plan, desired, live)]
    kept = [w for w in plan.warnings if not w.startswith(REFUSAL_PREFIX)]
    return dataclasses.replace(plan, warnings=(*kept, *messages))


def unknown_protected(desired: DesiredState, live: LiveState) -> list[str]:
    """Warnings for `protected` addresses that name nothing, likely a typo. Only kinds that
    were read are judged: an unread kind is not known to be missing."""
    known = {r.address for r in (*desired.resources, *live.resources)} | _former_addresses(
        desired, live
    )
    return [
        f"protected address '{entry}' matches nothing in the config or in Pipedrive"
        for entry in sorted(desired.protected - known)
        if entry.partition("/")[0] in live.kinds_read
    ]


def _former_addresses(desired: DesiredState, live: LiveState) -> set[str]:
    """Addresses under the names the config renames from: once the rename is applied, a
    protected address written with the old name still protects the object (see pipelines)."""
    out: set[str] = set()
    for want in desired.resources:
        if want.kind != STAGE:
            out.update(address(want.kind, (old,)) for old in want.renamed_from)
    pipeline_names = {p.name: (p.name, *p.renamed_from) for p in desired.of_kind(PIPELINE)}
    for stage in (*desired.of_kind(STAGE), *live.of_kind(STAGE)):
        # Both the pipeline and the stage may be renamed at once: every pair of names.
        pipelines = pipeline_names.get(stage.key[0], (stage.key[0],))
        for pipeline in pipelines:
            for name in (stage.key[-1], *stage.renamed_from):
                out.add(address(STAGE, (pipeline, name)))
    return out


def block_deletes(plan: Plan, deals_by_stage: Mapping[int, int]) -> Plan:
    """Move every delete that would destroy deals out of the changes into `blocked`.

    `deals_by_stage` maps live stage ids to their count of not-deleted deals (open, won and
    lost: closing a deal leaves it in its stage). The token cost is recomputed."""
    kept: list[Change] = []
    blocked = list(plan.blocked)
    for change in plan.changes:
        entry = _blocked_entry(change, deals_by_stage) if change.action is Action.DELETE else None
        if entry is None:
            kept.append(change)
        else:
            blocked.append(entry)
    if len(kept) == len(plan.changes):
        return plan
    return dataclasses.replace(
        plan,
        changes=tuple(kept),
        blocked=tuple(blocked),
        token_cost=plan_token_cost(kept, plan.stages_api),
    )


def _blocked_entry(change: Change, deals: Mapping[int, int]) -> Blocked | None:
    if change.kind == STAGE and change.id is not None and deals.get(change.id):
        n = deals[change.id]
        return Blocked(
            change.address,
            f"the stage holds {_deals(n)}; deleting it would delete them",
            f"move its {_deals(n)} to another stage in Pipedrive (won and lost deals count "
            "too), or keep the stage in the config",
        )
    if change.kind == PIPELINE:
        ids = change.extra.get("stage_ids", ())
        total = sum(deals.get(i, 0) for i in ids)
        if total:
            return Blocked(
                change.address,
                f"its stages hold {_deals(total)}; deleting the pipeline would delete them",
                f"move its {_deals(total)} to another pipeline in Pipedrive, "
                "or keep the pipeline in the config",
            )
    return None


def block_last_visible(plan: Plan, visible_by_role: Mapping[str, frozenset[int]]) -> Plan:
    """Move pipeline deletes out of the changes into `blocked` when they would leave a role
    seeing no pipeline: Pipedrive refuses to delete the last pipeline a role sees (a 400).

    `visible_by_role` holds the roles whose visibility the plan does not write (see
    `resources.visibility`). A pipeline the plan creates counts as seen by them, as Pipedrive
    shows new pipelines to everyone; when the plan creates none, every delete of a pipeline
    such a role sees is blocked, so the role keeps what it has."""
    if any(c.kind == PIPELINE and c.action is Action.CREATE for c in plan.changes):
        return plan
    deleted = {c.id: c for c in plan.changes if c.kind == PIPELINE and c.action is Action.DELETE}
    reasons: dict[int, str] = {}
    for role, visible in sorted(visible_by_role.items()):
        if visible and visible <= set(deleted):
            for pipeline_id in sorted(visible):
                reasons.setdefault(pipeline_id, role)
    if not reasons:
        return plan
    kept = [c for c in plan.changes if not (c.kind == PIPELINE and c.id in reasons)]
    blocked = [
        Blocked(
            deleted[pid].address,
            f"role '{role}' sees no other pipeline, and Pipedrive refuses to delete the last "
            "pipeline a role sees",
            f"make another pipeline visible to role '{role}' (its `pipelines: {{visible: ...}}`)"
            ", or keep the pipeline in the config",
        )
        for pid, role in reasons.items()
    ]
    return dataclasses.replace(
        plan,
        changes=tuple(kept),
        blocked=(*plan.blocked, *blocked),
        token_cost=plan_token_cost(kept, plan.stages_api),
    )


def _deals(n: int) -> str:
    return f"{n} deal" if n == 1 else f"{n} deals"


def check_apply(
    plan: Plan,
    desired: DesiredState,
    live: LiveState,
    *,
    allow_mass_delete: bool = False,
    skip_blocked: bool = False,
    max_token_cost: int | None = None,
) -> None:
    """Raise GuardRefused (exit 3) naming every rail the plan breaks and its override."""
    problems = (
        [] if allow_mass_delete else [v.message for v in guard_violations(plan, desired, live)]
    )
    if plan.blocked and not skip_blocked:
        listed = "; ".join(f"{b.address} ({b.reason})" for b in plan.blocked)
        problems.append(
            f"blocked changes: {listed}; resolve them, or pass --skip-blocked to apply "
            "everything else and leave them as they are"
        )
    if max_token_cost is not None and plan.token_cost > max_token_cost:
        problems.append(
            f"token-cost guard: the plan would spend an estimated {plan.token_cost} tokens, "
            f"more than --max-token-cost {max_token_cost}"
        )
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise GuardRefused(f"Refusing to apply; nothing was written:\n{lines}")
