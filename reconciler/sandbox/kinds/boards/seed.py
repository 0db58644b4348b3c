"""The config's `boards` section as a seed."""

from __future__ import annotations

from reconciler.sandbox.kind import SeedBuild
from reconciler.sandbox.kinds.boards.rules import Boards


def seed_boards(build: SeedBuild) -> None:
    boards = build.store.part(Boards)
    names: set[str] = set()
    for index, spec in enumerate(build.config.boards):
        if spec.name in names:
            build.problem(("boards", index, "name"), f"duplicate board {spec.name!r}")
            continue
        names.add(spec.name)
        board = boards.add_board(spec.name)
        phases: set[str] = set()
        for p_index, phase in enumerate(spec.phase_names()):
            if phase in phases:
                loc = ("boards", index, "phases", p_index)
                build.problem(loc, f"duplicate phase {phase!r} on board {spec.name!r}")
                continue
            phases.add(phase)
            boards.add_phase(phase, board.id)
