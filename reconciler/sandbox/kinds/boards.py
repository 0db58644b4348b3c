"""Project boards and their phases: written through API v2 (`/boards`, `/phases`), read
through v1 as well (`/projects/boards`, `/projects/phases`, read-only views of the same
records), and the config's `boards` section as a seed.

Decisions where the documents are silent (FACTS.md §12 item 3, §14):
- `order_nr` is 1-based and stays 1..n within its list (boards; one board's phases): a
  create or move to position k (1..n+1, as documented) shifts the others down, a delete
  closes the gap;
- a phase moved to another board (PATCH `board_id`) goes to the end of that board, or to
  its `order_nr`; its projects move to the new board with it (the projects kind follows);
- deleting a phase that holds projects is allowed and deletes those projects, and deleting
  a board deletes its phases and so their projects: the pessimistic model of stages with
  deals, so that only the tool's own checks protect data. Both answer `{id}` as documented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import (
    MISSING,
    Fields,
    Version,
    ok,
    query_fields,
    read_body,
    v1_time,
    v2_time,
)
from reconciler.sandbox.kind import Kind, Rules, SeedBuild, alive, live


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


# -- routes ---------------------------------------------------------------------------------


def _version(request: Request) -> Version:
    return "v2" if request.url.path.startswith("/api/v2/") else "v1"


async def list_boards(request: Request) -> JSONResponse:
    version = _version(request)
    return ok([board_view(b, version) for b in part_of(request, Boards).list_boards()], None)


def _one(data: dict[str, Any], version: str) -> JSONResponse:
    # v1 answers one board or phase with `additional_data: null`; v2 documents none.
    return ok(data, None) if version == "v1" else ok(data)


async def get_board(request: Request) -> JSONResponse:
    version = _version(request)
    return _one(board_view(part_of(request, Boards).get_board(path_id(request)), version), version)


async def list_phases(request: Request) -> JSONResponse:
    version = _version(request)
    board_id = query_fields(request, version).integer("board_id", required=True)
    boards = part_of(request, Boards)
    boards.get_board(board_id)
    return ok([phase_view(p, version) for p in boards.list_phases(board_id)], None)


async def get_phase(request: Request) -> JSONResponse:
    version = _version(request)
    return _one(phase_view(part_of(request, Boards).get_phase(path_id(request)), version), version)


def _order(fields: Fields) -> Any:
    order = fields.integer("order_nr")
    return None if order is MISSING else order


async def add_board(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v2"), "v2")
    name = fields.string("name", required=True)
    return ok(board_view(part_of(request, Boards).add_board(name, _order(fields)), "v2"))


async def update_board(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v2"), "v2")
    name, order = fields.string("name"), fields.integer("order_nr")
    board = part_of(request, Boards).update_board(path_id(request), name, order)
    return ok(board_view(board, "v2"))


async def delete_board(request: Request) -> JSONResponse:
    board_id = path_id(request)
    part_of(request, Boards).delete_board(board_id)
    return ok({"id": board_id})


async def add_phase(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v2"), "v2")
    name = fields.string("name", required=True)
    board_id = fields.integer("board_id", required=True)
    phase = part_of(request, Boards).add_phase(name, board_id, _order(fields))
    return ok(phase_view(phase, "v2"))


async def update_phase(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v2"), "v2")
    found = {key: read(key) for key, read in (("name", fields.string),
             ("board_id", fields.integer), ("order_nr", fields.integer))}  # fmt: skip
    changes = {key: value for key, value in found.items() if value is not MISSING}
    phase = part_of(request, Boards).update_phase(path_id(request), changes)
    return ok(phase_view(phase, "v2"))


async def delete_phase(request: Request) -> JSONResponse:
    phase_id = path_id(request)
    part_of(request, Boards).delete_phase(phase_id)
    return ok({"id": phase_id})


# -- seed -----------------------------------------------------------------------------------


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


KIND = Kind(
    name="boards",
    rules=Boards,
    v1_routes=[
        Route("/projects/boards", list_boards, methods=["GET"]),
        Route("/projects/boards/{id:int}", get_board, methods=["GET"]),
        Route("/projects/phases", list_phases, methods=["GET"]),
        Route("/projects/phases/{id:int}", get_phase, methods=["GET"]),
    ],
    v2_routes=[
        Route("/boards", list_boards, methods=["GET"]),
        Route("/boards", add_board, methods=["POST"]),
        Route("/boards/{id:int}", get_board, methods=["GET"]),
        Route("/boards/{id:int}", update_board, methods=["PATCH"]),
        Route("/boards/{id:int}", delete_board, methods=["DELETE"]),
        Route("/phases", list_phases, methods=["GET"]),
        Route("/phases", add_phase, methods=["POST"]),
        Route("/phases/{id:int}", get_phase, methods=["GET"]),
        Route("/phases/{id:int}", update_phase, methods=["PATCH"]),
        Route("/phases/{id:int}", delete_phase, methods=["DELETE"]),
    ],
    seed=seed_boards,
)
