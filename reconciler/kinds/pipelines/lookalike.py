"""A rename the plan cannot see but a reviewer should: a stage the plan creates at the
position of a live stage it deletes. It only warns (`planning.lookalike` words it; a renamed
pipeline is recognised there by its stages); names differing only in case or whitespace are
left to the generic check, which every kind gets."""

from __future__ import annotations

from collections.abc import Sequence

from reconciler.planning.lookalike import did_you_mean, spelled_alike
from reconciler.planning.match import Matching
from reconciler.state import Resource


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
        if spelled_alike(want, matching.unmatched_live):
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
