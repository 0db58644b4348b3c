"""What board and phase writers need beyond a change's fields."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.planning.changes import Payload


@dataclass(frozen=True)
class Placed(Payload):
    # A board or phase created out of the end of its list is posted with its `order_nr`;
    # otherwise Pipedrive appends it.
    set_position: bool = False


@dataclass(frozen=True)
class BoardDeleted(Payload):
    phase_ids: tuple[int, ...] = ()  # its live phases, deleted with it (live order)
