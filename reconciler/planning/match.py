"""Pairing desired resources of one kind with live ones: the one matching rule for all kinds.

In order, over all desired resources of the kind:
1. `id:` pins: the live object with that id (missing -> PlanError naming the origin);
2. the exact natural name;
3. each `renamed_from` name in turn (a rename becomes an update of `name`).
Two unclaimed live objects that both fit a step -> PlanError naming both ids and the origin.
A live object is claimed at most once. Callers pass the live pool to search, which is how
stages are matched only among the live stages of their matched pipeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconciler.errors import PlanError
from reconciler.state import Resource


@dataclass
class Matching:
    pairs: list[tuple[Resource, Resource]] = field(default_factory=list)  # (desired, live)
    unmatched_desired: list[Resource] = field(default_factory=list)
    unmatched_live: list[Resource] = field(default_factory=list)
    _live_of: dict[int, Resource] | None = field(default=None, repr=False, compare=False)

    def live_for(self, desired: Resource) -> Resource | None:
        # Built on first use: the pairs are complete once `match` returns.
        if self._live_of is None:
            self._live_of = {id(want): have for want, have in self.pairs}
        return self._live_of.get(id(desired))


def match(desired: Sequence[Resource], live: Sequence[Resource], *, scope: str = "") -> Matching:
    """Match `desired` against the `live` pool. `scope` (e.g. "of pipeline 'Sales'") words
    errors about where the live object was looked for."""
    errors: list[str] = []
    claimed: dict[int, Resource] = {}  # id(live) -> desired that claimed it
    pairs: dict[int, Resource] = {}  # id(desired) -> live

    def claim(want: Resource, have: Resource) -> None:
        claimed[id(have)] = want
        pairs[id(want)] = have

    where = f" {scope}" if scope else ""
    by_id: dict[int | None, Resource] = {}
    by_name: dict[str, list[Resource]] = {}
    for have in live:
        by_id.setdefault(have.id, have)
        by_name.setdefault(have.name, []).append(have)
    for want in desired:
        if want.id is None:
            continue
        found = [by_id[want.id]] if want.id in by_id else []
        if not found:
            errors.append(
                f"{want.origin}: {want.address} is pinned to id {want.id}, "
                f"which is not a live {want.kind}{where}"
            )
        elif id(found[0]) in claimed:
            other = claimed[id(found[0])]
            errors.append(
                f"{want.origin}: {want.address} and {other.address} are both pinned to id {want.id}"
            )
        else:
            claim(want, found[0])

    def by_names(renames: bool) -> None:
        for want in desired:
            if id(want) in pairs or want.id is not None:
                continue
            names = want.renamed_from if renames else (want.name,)
            for name in names:
                found = [r for r in by_name.get(name, ()) if id(r) not in claimed]
                if len(found) > 1:
                    ids = ", ".join(str(r.id) for r in found)
                    errors.append(
                        f"{want.origin}: {want.address}: {len(found)} live {want.kind}s{where} "
                        f"are named '{name}' (ids {ids}); pin one with `id:`"
                    )
                    break
                if found:
                    claim(want, found[0])
                    break

    by_names(renames=False)
    by_names(renames=True)
    if errors:
        raise PlanError(errors)
    return Matching(
        pairs=[(want, pairs[id(want)]) for want in desired if id(want) in pairs],
        unmatched_desired=[want for want in desired if id(want) not in pairs],
        unmatched_live=[have for have in live if id(have) not in claimed],
    )
