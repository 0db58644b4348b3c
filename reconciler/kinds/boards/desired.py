"""The `boards:` section as desired state.

board (name,)          name, position (1-based index among the declared boards)
phase (board, name)    name, board, position (1-based index in the board's `phases`). Only
                       for boards that declare `phases`, which makes their list
                       authoritative.
"""

from __future__ import annotations

from reconciler.kinds.boards.model import Board
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import BOARD, PHASE, Resource, address


def desired_boards(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    boards: list[Board] = loaded.config.boards
    for index, board in enumerate(boards):
        part.resources.append(
            Resource(
                BOARD,
                (board.name,),
                {"name": board.name, "position": index + 1},
                id=board.id,
                renamed_from=tuple(board.renamed_from),
                protect=board.protect,
                origin=loaded.origin("boards", index),
            )
        )
        if board.phases is not None:
            part.authoritative.add(address(BOARD, (board.name,)))
        for position, phase in enumerate(board.phase_models(), start=1):
            part.resources.append(
                Resource(
                    PHASE,
                    (board.name, phase.name),
                    {"name": phase.name, "board": board.name, "position": position},
                    id=phase.id,
                    renamed_from=tuple(phase.renamed_from),
                    protect=phase.protect,
                    origin=loaded.origin("boards", index, "phases", position - 1),
                )
            )
    return part
