"""A board the plan would create while a live board it left unmatched holds the same phases
is probably that board renamed: warned about, never silently duplicated (DESIGN.md,
"Look-alikes"). Names differing only in case or surrounding whitespace are left to the
generic check (`planning.lookalike`), which every kind gets."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reconciler.planning.lookalike import did_you_mean, spelling_difference
from reconciler.state import Resource

Children = Callable[[Resource], tuple[str, ...]]


def lookalikes(
    created: Sequence[Resource],
    unmatched: Sequence[Resource],
    children: tuple[Children, Children] | None = None,
) -> list[str]:
    """One warning per created object whose child names (`children` of a desired and of a
    live object: a board's phases) equal an unmatched live object's."""
    if children is None:
        return []
    warnings = []
    for want in created:
        if any(spelling_difference(want.name, have.name) for have in unmatched):
            continue  # the generic check says it
        wanted = children[0](want)
        for have in unmatched:
            if wanted and wanted == children[1](have):
                why = f"holds the same {len(wanted)} phases"
                warnings.append(
                    did_you_mean(want.origin, want.address, have.kind, have.name, have.id, why)
                )
                break
    return warnings
