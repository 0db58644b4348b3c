"""Execution order as data: the one sort key every change carries in `order`.

    order = (phase, kind_rank, level, tiebreak)

- phase: 0 for creates and updates, 1 for deletes (all deletes run after everything else),
  except the delete half of a replacement: phase 0 at level -1, before its kind's creates,
  so the old object is gone before its successor of the same name is made.
- kind_rank: the kind's place in the registry's dependency order for phase 0 (pipelines
  before stages before roles before what roles hold); reversed for deletes, so children go
  before what they live in.
- level: within a kind, what must run before what, as its planner set it: a role's depth
  (parents first; deletes deepest first), a stage create's place in its pipeline (v2 appends
  stages in creation order, so the creates of one pipeline form a chain of single-member
  groups; creates of different pipelines at the same step share a group).
- tiebreak: only makes the order deterministic: the kind's own (stages by pipeline,
  position, name) or the address.

`order[:-1]` is the change's *group*: the applier runs groups one after another and the
changes of one group concurrently (all stage deletes share one group, which v1 writes as one
bulk delete).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from reconciler import kinds
from reconciler.planning.changes import Action, Change

OrderKey = tuple[int, int, int, tuple[Any, ...]]


def order_key(change: Change) -> OrderKey:
    index = kinds.rank(change.kind)
    level = change.level
    if change.action is Action.DELETE and change.replaced:
        phase, rank, level = 0, index, -1
    elif change.action is Action.DELETE:
        phase, rank = 1, len(kinds.NAMES) - index
    else:
        phase, rank = 0, index
    spec = kinds.kind(change.kind) if kinds.known(change.kind) else None
    tiebreak = spec.tiebreak(change) if spec and spec.tiebreak else (change.address,)
    return (phase, rank, level, tiebreak)


def sort_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Changes in execution order, each with its `order` set."""
    ordered = [dataclasses.replace(c, order=order_key(c)) for c in changes]
    return tuple(sorted(ordered, key=lambda c: c.order))


def group_key(change: Change) -> tuple[Any, ...]:
    """Changes with equal keys may run concurrently; the order key's last element orders
    changes within a group and is dropped here."""
    return tuple(change.order[:-1]) if len(change.order) > 1 else (change.address,)


def groups(changes: Iterable[Change]) -> list[list[Change]]:
    """Consecutive changes with one group key, in plan order: what the applier runs at once."""
    out: list[list[Change]] = []
    for change in changes:
        if out and group_key(out[-1][0]) == group_key(change):
            out[-1].append(change)
        else:
            out.append([change])
    return out
