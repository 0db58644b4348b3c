"""Look-alikes: a board or phase the plan would create while a live one it left unmatched
differs only in case or surrounding whitespace, or (a board) holds the same phases, is
warned about, never silently duplicated (DESIGN.md, "Look-alikes")."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reconciler.state import Resource

Children = Callable[[Resource], tuple[str, ...]]


def lookalikes(
    created: Sequence[Resource],
    unmatched: Sequence[Resource],
    children: tuple[Children, Children] | None = None,
) -> list[str]:
    """One warning per created object with a look-alike; `children` gives the child names
    of a desired and of a live object (boards: their phases), compared when both have some."""
    warnings = []
    for want in created:
        for have in unmatched:
            why = _alike(want, have, children)
            if why is not None:
                warnings.append(
                    f"{want.origin}: {want.address} would be created, but live {have.kind} "
                    f"'{have.name}' (id {have.id}) {why}: did you mean '{have.name}'? "
                    "add renamed_from or id:"
                )
                break
    return warnings


def _alike(
    want: Resource, have: Resource, children: tuple[Children, Children] | None
) -> str | None:
    if want.name.strip().casefold() == have.name.strip().casefold():
        return "differs only in case or spacing"
    if children is not None:
        wanted, held = children[0](want), children[1](have)
        if wanted and wanted == held:
            return "holds the same phases"
    return None
