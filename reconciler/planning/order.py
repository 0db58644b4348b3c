"""Execution order as data: the one sort key every change carries in `Change.order`.

    order = (phase, kind_rank, level, tiebreak)

- phase: 0 for creates and updates, 1 for deletes (all deletes run after everything else).
- kind_rank: the kind's index in `state.KINDS` for phase 0 (pipelines before stages before
  roles before role aspects); the reverse index for deletes (role aspects, roles, stages,
  pipelines), so children go before what they live in.
- level: within a kind, what must run before what.
    roles, phase 0: depth in the desired hierarchy (parents first);
    roles, deletes: minus the live depth (deepest sub-roles first);
    stage creates: 1, 2, ... in list order per pipeline (v2 appends stages in creation order,
      so the creates of one pipeline form a chain of single-member groups; creates of
      different pipelines at the same step share a group); stage updates: 0, before creates;
    everything else: 0.
- tiebreak: a tuple that only makes the order deterministic; stages sort by
  (pipeline, position, name), everything else by (address,).

`order[:-1]` is the change's *group*: the applier runs groups one after another and the
changes of one group concurrently (all stage deletes share one group, which v1 turns into a
bulk delete).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from reconciler.planning.changes import Action, Change
from reconciler.state import KINDS, STAGE

OrderKey = tuple[int, int, int, tuple[Any, ...]]


def order_key(change: Change, level: int = 0) -> OrderKey:
    index = KINDS.index(change.kind) if change.kind in KINDS else len(KINDS)
    if change.action is Action.DELETE:
        phase, rank = 1, len(KINDS) - index
    else:
        phase, rank = 0, index
    if change.kind == STAGE:
        fields = change.after or change.before or {}
        position = fields.get("position")
        tiebreak: tuple[Any, ...] = (
            change.key[0],
            position if isinstance(position, int) else 0,
            change.key[-1],
        )
    else:
        tiebreak = (change.address,)
    return (phase, rank, level, tiebreak)


def with_order(change: Change, level: int = 0) -> Change:
    return dataclasses.replace(change, order=order_key(change, level))


def sort_changes(changes: Iterable[Change]) -> tuple[Change, ...]:
    """Changes in execution order; a change without an order gets the default one."""
    ordered = [c if c.order else with_order(c) for c in changes]
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
