"""Offline checks of `boards:`: names and pins of boards, and of each one's phases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.config.checks import Named, Where, duplicate_names, duplicate_pins, kind_label
from reconciler.errors import ConfigIssue
from reconciler.kinds.boards.model import Board


def check_boards(config: Any, where: Where) -> list[ConfigIssue]:
    boards: list[Board] = config.boards
    named = [Named(("boards", i), b.name, b.renamed_from, b.id) for i, b in enumerate(boards)]
    issues = [*duplicate_names(kind_label("board"), named, named, where)]
    phases: list[Named] = []
    for i, board in enumerate(boards):
        group = [
            Named(("boards", i, "phases", j), p.name, p.renamed_from, p.id)
            for j, p in enumerate(board.phase_models())
        ]
        label = kind_label("phase", f" of board '{board.name}'")
        issues += duplicate_names(label, group, group, where)
        phases += group
    issues += duplicate_pins("board", named, where)
    issues += duplicate_pins("phase", phases, where)
    return issues


def count_boards(config: Any) -> Mapping[str, int]:
    boards: list[Board] = config.boards
    return {"boards": len(boards), "phases": sum(len(b.phases or ()) for b in boards)}
