"""What the project writer needs beyond a change's fields: references resolved to ids when
planning (templates and owners are read, not written; boards and phases too unless the same
plan creates them, when the writer finds their ids by name), and what to do besides writing
fields."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.planning.changes import Payload


@dataclass(frozen=True)
class PlanItem(Payload):
    item_type: str  # "task" | "activity"
    item_id: int
    phase_id: int | None = None
    group_id: int | None = None
    places: tuple[str, ...] = ()  # which of phase_id, group_id to write


@dataclass(frozen=True)
class ProjectWrite(Payload):
    board_id: int | None = None
    phase_id: int | None = None
    # The board and phase by config name, for ids only known once the same run created them.
    board_name: str | None = None
    phase_name: str | None = None
    owner_id: int | None = None
    template_id: int | None = None  # creates only
    archive: bool = False
    fields: tuple[str, ...] = ()  # updates: the config fields whose values are written
    plan_items: tuple[PlanItem, ...] = ()  # updates: items to move in the project plan
