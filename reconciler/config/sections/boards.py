"""`boards:` project boards and their phases, through API v2 (`/boards`, `/phases`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from reconciler.config.types import Model, Name


class Phase(Model):
    """A phase of a board, matched by name within its board (or `id`)."""

    name: Name
    id: int | None = Field(None, description="Pin to this live phase id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live phase by one is renamed."
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")


PhaseEntry = Annotated[Name | Phase, Field(description="A phase name, or {name, ...}.")]


class Board(Model):
    """A project board, matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = Field(None, description="Pin to this live board id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live board by one is renamed."
    )
    phases: list[PhaseEntry] | None = Field(
        None,
        description="List order is the phase order (order_nr). Authoritative when present: "
        "undeclared phases of the board are deleted.",
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")

    def phase_names(self) -> list[str]:
        return [p if isinstance(p, str) else p.name for p in self.phases or []]
