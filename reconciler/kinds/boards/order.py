"""Where the objects of one ordered list go: a board among the boards, a phase in its board.

Pipedrive numbers such a list 1..n and a write of `order_nr` k (1..n+1, as documented) puts
the object at k, the others moving along. Nothing is written while the declared objects
already stand in their declared order relative to each other (gaps and undeclared objects
in between are no drift) and no new one is declared before an existing one. Otherwise the
declared objects are placed in list order at positions 1, 2, ...: the planner replays those
moves on the live order and writes only the objects not already where they belong when their
turn comes, so `before` is the position an object then has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconciler.planning.match import Matching
from reconciler.state import Resource, in_live_order


@dataclass
class Placement:
    reorder: bool = False
    # id(desired) -> (position when its turn comes, position wanted) for the existing
    # objects to move
    moves: dict[int, tuple[int, int]] = field(default_factory=dict)


def place(wanted: Sequence[Resource], pool: Sequence[Resource], matching: Matching) -> Placement:
    ordered = in_live_order(pool)
    paired = {id(have): want for want, have in matching.pairs}
    existing_live = [paired[id(have)] for have in ordered if id(have) in paired]
    existing = [want for want in wanted if matching.live_for(want) is not None]
    index = {id(want): i for i, want in enumerate(wanted)}
    last_existing = max((index[id(w)] for w in existing), default=-1)
    new_first = any(index[id(w)] < last_existing for w in matching.unmatched_desired)
    if existing_live == existing and not new_first:
        return Placement()
    placement = Placement(reorder=True)
    sim: list[int] = [id(have) for have in ordered]  # the live order as the writes change it
    for position, want in enumerate(wanted):
        have = matching.live_for(want)
        if have is None:
            sim.insert(position, id(want))
            continue
        now = sim.index(id(have))
        if now != position:
            placement.moves[id(want)] = (now + 1, position + 1)
            sim.remove(id(have))
            sim.insert(position, id(have))
    return placement
