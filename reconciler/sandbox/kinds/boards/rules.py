"""The board and phase records, their ordering rules and their views."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import (
    MISSING,
    v1_time,
    v2_time,
)
from reconciler.sandbox.kind import Rules, alive, live


@dataclass
class Board:
    id: int
    name: str
    order_nr: int
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Phase:
    id: int
    name: str
    board_id: int
    order_nr: int
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


def _place(siblings: list[Any], record: Any, order_nr: int | None) -> None:
    """Put `record` at 1-based `order_nr` among `siblings` (None: last); renumber them all.
    `order_nr` may be 1..len(siblings) + 1 as documented, `siblings` being the list as it is
    (a record already in it counts), so an update may say n + 1: last."""
    if order_nr is not None and not 1 <= order_nr <= len(siblings) + 1:
        raise bad_request(f"Parameter 'order_nr' must be between 1 and {len(siblings) + 1}")
    others = [s for s in siblings if s is not record]
    others.insert(len(others) if order_nr is None else min(order_nr - 1, len(others)), record)
    _renumber(others)


def _renumber(items: list[Any]) -> None:
    for number, item in enumerate(items, start=1):
        item.order_nr = number


class Boards(Rules):
    tables: ClassVar[Mapping[str, type]] = {"boards": Board, "phases": Phase}
    boards: dict[int, Board]
    phases: dict[int, Phase]

    def list_boards(self) -> list[Board]:
        return sorted(alive(self.boards), key=lambda b: (b.order_nr, b.id))

    def get_board(self, board_id: int) -> Board:
        return live(self.boards, board_id, "Board")

    def list_phases(self, board_id: int) -> list[Phase]:
        found = (p for p in alive(self.phases) if p.board_id == board_id)
        return sorted(found, key=lambda p: (p.order_nr, p.id))

    def get_phase(self, phase_id: int) -> Phase:
        return live(self.phases, phase_id, "Phase")

    def add_board(self, name: str, order_nr: int | None = None) -> Board:
        now = self.store.now()
        board = Board(self.store.new_id("boards"), name, 0, add_time=now, update_time=now)
        _place(self.list_boards(), board, order_nr)
        self.boards[board.id] = board
        return board

    def update_board(self, board_id: int, name: Any, order_nr: Any) -> Board:
        board = self.get_board(board_id)
        if name is not MISSING:
            board.name = name
        if order_nr is not MISSING:
            _place(self.list_boards(), board, order_nr)
        board.update_time = self.store.now()
        return board

    def delete_board(self, board_id: int) -> None:
        board = self.get_board(board_id)
        for phase in self.list_phases(board.id):
            self._delete_phase(phase)
        board.deleted = True
        board.update_time = self.store.now()
        _renumber(self.list_boards())
        self.store.deleted(board)

    def add_phase(self, name: str, board_id: int, order_nr: int | None = None) -> Phase:
        self._board_for_write(board_id)
        now = self.store.now()
        phase = Phase(self.store.new_id("phases"), name, board_id, 0, now, now)
        _place(self.list_phases(board_id), phase, order_nr)
        self.phases[phase.id] = phase
        return phase

    def update_phase(self, phase_id: int, changes: dict[str, Any]) -> Phase:
        phase = self.get_phase(phase_id)
        board_id = changes.get("board_id", phase.board_id)
        moved = board_id != phase.board_id
        if moved:
            self._board_for_write(board_id)
            old_board, phase.board_id = phase.board_id, board_id
            _renumber(self.list_phases(old_board))
        if "name" in changes:
            phase.name = changes["name"]
        if moved or "order_nr" in changes:
            _place(self.list_phases(board_id), phase, changes.get("order_nr"))
        phase.update_time = self.store.now()
        if moved:
            self.store.changed(phase)
        return phase

    def delete_phase(self, phase_id: int) -> None:
        phase = self._delete_phase(self.get_phase(phase_id))
        _renumber(self.list_phases(phase.board_id))

    def _delete_phase(self, phase: Phase) -> Phase:
        phase.deleted = True
        phase.update_time = self.store.now()
        self.store.deleted(phase)
        return phase

    def _board_for_write(self, board_id: int) -> Board:
        board = self.boards.get(board_id)
        if board is None or board.deleted:
            raise bad_request(f"Parameter 'board_id': board {board_id} not found")
        return board


# -- views ----------------------------------------------------------------------------------


def board_view(record: Board | Phase, version: str) -> dict[str, Any]:
    time = v1_time if version == "v1" else v2_time
    found = {"id": record.id, "name": record.name, "order_nr": record.order_nr}
    return found | {"add_time": time(record.add_time), "update_time": time(record.update_time)}


def phase_view(phase: Phase, version: str) -> dict[str, Any]:
    return {**board_view(phase, version), "board_id": phase.board_id}
