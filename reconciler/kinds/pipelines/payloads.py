"""What pipeline and stage writers need beyond a change's fields."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.planning.changes import Payload


@dataclass(frozen=True)
class NewStage(Payload):
    # With stages API v1, a stage created out of the end of its pipeline gets its position
    # written after the create (v1 POST has no order_nr).
    set_position: bool = False


@dataclass(frozen=True)
class PipelineDeleted(Payload):
    stage_ids: tuple[int, ...] = ()  # its live stages, deleted with it (live order)
