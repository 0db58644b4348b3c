"""Renames the plan cannot see but a reviewer should: a pipeline the plan creates while an
unmatched live pipeline holds the same stages, and a stage it creates at the position of a
live stage it deletes. Both only warn (`planning.lookalike` words them); names differing
only in case or whitespace are left to the generic check, which every kind gets."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from reconciler.planning.lookalike import did_you_mean, spelling_difference
from reconciler.planning.match import Matching
from reconciler.state import Resource


def renamed_pipelines(
    matching: Matching,
    declared_stages: Mapping[str, Sequence[Resource]],
    stages_of: Callable[[Resource], Sequence[Resource]],
) -> list[str]:
    """For each created pipeline declaring stages, the unmatched live pipeline sharing at
    least half of the stages of both (the most shared when several do)."""
    warnings = []
    for want in matching.unmatched_desired:
        wanted = {s.name for s in declared_stages.get(want.name, ())}
        if not wanted or _spelled_alike(want, matching.unmatched_live):
            continue
        best: tuple[int, Resource] | None = None
        for have in matching.unmatched_live:
            held = {s.name for s in stages_of(have)}
            shared = len(wanted & held)
            alike = shared and 2 * shared >= max(len(wanted), len(held))
            if alike and (best is None or shared > best[0]):
                best = (shared, have)
        if best is not None:
            shared, have = best
            why = f"holds the same stages ({shared} of its {len(stages_of(have))} by name)"
            warnings.append(
                did_you_mean(want.origin, want.address, "pipeline", have.name, have.id, why)
            )
    return warnings


def renamed_stages(
    matching: Matching, live_order: Sequence[Resource]
) -> tuple[set[int], list[str]]:
    """Created stages that look like a deleted live one: `id()`s of all of them (the order
    check ignores them) and a warning for those at a deleted stage's position; those only
    spelled differently are warned about by the generic check."""
    suspected: set[int] = set()
    warnings = []
    unmatched = {id(have) for have in matching.unmatched_live}
    rank = {id(have): n for n, have in enumerate(live_order, start=1) if id(have) in unmatched}
    at = {n: have for have in live_order if (n := rank.get(id(have))) is not None}
    for want in matching.unmatched_desired:
        if _spelled_alike(want, matching.unmatched_live):
            suspected.add(id(want))
            continue
        position = want.fields.get("position")
        have = at.get(position) if isinstance(position, int) else None
        if have is not None:
            suspected.add(id(want))
            why = f"is at the same position ({position})"
            warnings.append(
                did_you_mean(want.origin, want.address, "stage", have.name, have.id, why)
            )
    return suspected, warnings


def _spelled_alike(want: Resource, live: Sequence[Resource]) -> bool:
    return any(spelling_difference(want.name, have.name) for have in live)
