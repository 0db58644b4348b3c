"""Exporting project boards: in live order, each with all its `phases` in live order (bare
names). A board with two phases of one name keeps its phases unmanaged (a config cannot
declare one name twice), with a note."""

from __future__ import annotations

from collections import Counter

from reconciler.kinds.exporting import Item, Notes, start, unique
from reconciler.state import BOARD, PHASE, LiveState, in_live_order


def export_boards(live: LiveState, notes: Notes) -> list[Item]:
    items = []
    phases = live.of_kind(PHASE)
    every = live.of_kind(BOARD)
    kept = {id(b) for b in unique(every, "board", "boards", notes)}
    for board in in_live_order([b for b in every if id(b) in kept]):
        item = start(board, every)
        own = in_live_order([p for p in phases if p.fields.get("board_id") == board.id])
        twice = sorted(n for n, c in Counter(p.name for p in own).items() if c > 1)
        if twice:
            notes.add(
                "boards",
                f"phases of board '{board.name}' are not managed: more than one phase is "
                f"named {', '.join(repr(n) for n in twice)}; rename one in Pipedrive",
            )
        else:
            item["phases"] = [p.name for p in own]
        items.append(item)
    return items
