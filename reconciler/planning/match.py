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
    matcher = _Matcher(live, f" {scope}" if scope else "")
    for want in desired:
        if want.id is not None:
            matcher.by_id(want)
    for renames in (False, True):
        for want in desired:
            if want.id is None and not matcher.paired(want):
                matcher.by_names(want, want.renamed_from if renames else (want.name,))
    if matcher.errors:
        raise PlanError(matcher.errors)
    return Matching(
        pairs=[(want, matcher.pairs[id(want)]) for want in desired if matcher.paired(want)],
        unmatched_desired=[want for want in desired if not matcher.paired(want)],
        unmatched_live=[have for have in live if id(have) not in matcher.claimed],
    )


class _Matcher:
    def __init__(self, live: Sequence[Resource], where: str) -> None:
        self.where = where
        self.errors: list[str] = []
        self.claimed: dict[int, Resource] = {}  # id(live) -> desired that claimed it
        self.pairs: dict[int, Resource] = {}  # id(desired) -> live
        self._by_id: dict[int | None, Resource] = {}
        self._by_name: dict[str, list[Resource]] = {}
        for have in live:
            self._by_id.setdefault(have.id, have)
            self._by_name.setdefault(have.name, []).append(have)

    def paired(self, want: Resource) -> bool:
        return id(want) in self.pairs

    def claim(self, want: Resource, have: Resource) -> None:
        self.claimed[id(have)] = want
        self.pairs[id(want)] = have

    def by_id(self, want: Resource) -> None:
        found = self._by_id.get(want.id)
        if found is None:
            self.errors.append(
                f"{want.origin}: {want.address} is pinned to id {want.id}, "
                f"which is not a live {want.kind}{self.where}"
            )
        elif id(found) in self.claimed:
            other = self.claimed[id(found)]
            self.errors.append(
                f"{want.origin}: {want.address} and {other.address} are both pinned to id {want.id}"
            )
        else:
            self.claim(want, found)

    def by_names(self, want: Resource, names: Sequence[str]) -> None:
        """The first of `names` an unclaimed live object has; two such objects: an error."""
        for name in names:
            found = [r for r in self._by_name.get(name, ()) if id(r) not in self.claimed]
            if len(found) > 1:
                ids = ", ".join(str(r.id) for r in found)
                self.errors.append(
                    f"{want.origin}: {want.address}: {len(found)} live {want.kind}s{self.where} "
                    f"are named '{name}' (ids {ids}); pin one with `id:`"
                )
                return
            if found:
                self.claim(want, found[0])
                return
