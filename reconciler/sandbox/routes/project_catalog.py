"""v1 boards, phases and project templates: read-only in API v1 (FACTS.md §9)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.http import cursor_page, ok, query_fields
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.views_projects import board_v1, phase_v1, template_v1


async def list_boards(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok([board_v1(b) for b in store.list_boards()], None)


async def get_board(request: Request) -> JSONResponse:
    return ok(board_v1(sandbox_of(request).store.get_board(path_id(request))), None)


async def list_phases(request: Request) -> JSONResponse:
    board_id = query_fields(request, "v1").integer("board_id", required=True)
    store = sandbox_of(request).store
    store.get_board(board_id)
    return ok([phase_v1(p) for p in store.list_phases(board_id)], None)


async def get_phase(request: Request) -> JSONResponse:
    return ok(phase_v1(sandbox_of(request).store.get_phase(path_id(request))), None)


async def list_templates(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    page, next_cursor = cursor_page(
        sandbox.store.list_templates(),
        request,
        sandbox.options.page_cap,
        key=lambda t: t.id,
        item_id=lambda t: t.id,
        sort=("id", "asc"),
    )
    return ok([template_v1(t) for t in page], {"next_cursor": next_cursor})


async def get_template(request: Request) -> JSONResponse:
    return ok(template_v1(sandbox_of(request).store.get_template(path_id(request))), None)


routes = [
    Route("/projects/boards", list_boards, methods=["GET"]),
    Route("/projects/boards/{id:int}", get_board, methods=["GET"]),
    Route("/projects/phases", list_phases, methods=["GET"]),
    Route("/projects/phases/{id:int}", get_phase, methods=["GET"]),
    Route("/projectTemplates", list_templates, methods=["GET"]),
    Route("/projectTemplates/{id:int}", get_template, methods=["GET"]),
]
