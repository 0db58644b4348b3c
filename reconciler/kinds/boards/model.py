"""The `boards:` section of the config language: project boards and their phases."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from reconciler.config.types import Model, Name, former_names, pin, protect_flag


class Phase(Model):
    """A phase of a board, matched by name within its board (or `id`)."""

    name: Name
    id: int | None = pin("phase")
    renamed_from: list[Name] = former_names("phase")
    protect: bool = protect_flag()


PhaseEntry = Annotated[Name | Phase, Field(description="A phase name, or {name, ...}.")]


class Board(Model):
    """A project board, matched to the live one by name (or `id`); list order is the board
    order (order_nr) among the declared boards."""

    name: Name
    id: int | None = pin("board")
    renamed_from: list[Name] = former_names("board")
    phases: list[PhaseEntry] | None = Field(
        None,
        description="List order is the phase order (order_nr). Authoritative when present: "
        "undeclared phases of the board are deleted.",
    )
    protect: bool = protect_flag()

    def phase_models(self) -> list[Phase]:
        """Every phase as a `Phase`, a bare name included."""
        return [Phase(name=p) if isinstance(p, str) else p for p in self.phases or []]

    def phase_names(self) -> list[str]:
        return [p.name for p in self.phase_models()]
