"""Offline checks of `boards:`: names and pins of boards, and of each one's phases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.config.checks import Where, holder_names
from reconciler.errors import ConfigIssue
from reconciler.kinds.boards.model import Board


def check_boards(config: Any, where: Where) -> list[ConfigIssue]:
    boards: list[Board] = config.boards
    return holder_names("boards", boards, ("phases", "phase"), Board.phase_models, where)


def count_boards(config: Any) -> Mapping[str, int]:
    boards: list[Board] = config.boards
    return {"boards": len(boards), "phases": sum(len(b.phases or ()) for b in boards)}
