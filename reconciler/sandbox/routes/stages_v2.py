"""v2 stages: strict types, cursor lists, PATCH without order_nr."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, ok, query_fields, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.stage_fields import stage_values
from reconciler.sandbox.routes.v2_lists import sorted_page
from reconciler.sandbox.views import stage_v2

SORT_FIELDS = ("id", "update_time", "add_time", "order_nr")


async def list_stages(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    pipeline_id = query_fields(request, "v2").integer("pipeline_id")
    stages = sandbox.store.active_stages(None if pipeline_id is MISSING else pipeline_id)
    page, additional = sorted_page(stages, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([stage_v2(s) for s in page], additional)


def _fields(body: dict[str, object]) -> Fields:
    if "order_nr" in body:
        raise bad_request("order_nr cannot be set through API v2")
    return Fields(body, "v2")


async def add_stage(request: Request) -> JSONResponse:
    fields = _fields(await read_body(request, "v2"))
    fields.string("name", required=True)
    fields.integer("pipeline_id", required=True)
    values = stage_values(fields)
    stage = sandbox_of(request).store.create_stage(
        values.pop("name"), values.pop("pipeline_id"), **values
    )
    return ok(stage_v2(stage))


async def get_stage(request: Request) -> JSONResponse:
    return ok(stage_v2(sandbox_of(request).store.get_stage(path_id(request))))


async def update_stage(request: Request) -> JSONResponse:
    values = stage_values(_fields(await read_body(request, "v2")))
    return ok(stage_v2(sandbox_of(request).store.update_stage(path_id(request), values)))


async def delete_stage(request: Request) -> JSONResponse:
    stage_id = path_id(request)
    sandbox_of(request).store.delete_stages([stage_id])
    return ok({"id": stage_id})


routes = [
    Route("/stages", list_stages, methods=["GET"]),
    Route("/stages", add_stage, methods=["POST"]),
    Route("/stages/{id:int}", get_stage, methods=["GET"]),
    Route("/stages/{id:int}", update_stage, methods=["PATCH"]),
    Route("/stages/{id:int}", delete_stage, methods=["DELETE"]),
]
