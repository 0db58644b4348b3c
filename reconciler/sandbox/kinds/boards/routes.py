"""The v1 (read-only) and v2 routes of boards and phases."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from reconciler.sandbox.context import part_of, path_id
from reconciler.sandbox.http import (
    MISSING,
    Fields,
    Version,
    ok,
    query_fields,
    read_body,
)
from reconciler.sandbox.kinds.boards.rules import Boards, board_view, phase_view


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
