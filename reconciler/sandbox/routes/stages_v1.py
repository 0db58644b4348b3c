"""v1 stages (deprecated upstream, still emulated): offset lists and bulk delete."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, offset_page, ok, query_fields, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.stage_fields import stage_values
from reconciler.sandbox.views import stage_v1


async def list_stages(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    store = sandbox.store
    pipeline_id = query_fields(request, "v1").integer("pipeline_id")
    stages = store.active_stages(None if pipeline_id is MISSING else pipeline_id)
    page, pagination = offset_page(stages, request, sandbox.options.page_cap)
    data = [stage_v1(store, s, with_pipeline=True) for s in page]
    return ok(data, {"pagination": pagination})


async def add_stage(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    fields.string("name", required=True)
    fields.integer("pipeline_id", required=True)
    values = stage_values(fields)
    store = sandbox_of(request).store
    stage = store.create_stage(values.pop("name"), values.pop("pipeline_id"), **values)
    return ok(stage_v1(store, stage))


async def delete_stages(request: Request) -> JSONResponse:
    text = query_fields(request, "v1").string("ids", required=True)
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise bad_request("Parameter 'ids' must be comma-separated stage ids") from exc
    if not ids:
        raise bad_request("Parameter 'ids' is required")
    sandbox_of(request).store.delete_stages(ids)
    return ok({"id": ids})


async def get_stage(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(stage_v1(store, store.get_stage(path_id(request))))


async def update_stage(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    values = stage_values(fields, with_order=True)
    store = sandbox_of(request).store
    return ok(stage_v1(store, store.update_stage(path_id(request), values)))


async def delete_stage(request: Request) -> JSONResponse:
    stage_id = path_id(request)
    sandbox_of(request).store.delete_stages([stage_id])
    return ok({"id": stage_id})


routes = [
    Route("/stages", list_stages, methods=["GET"]),
    Route("/stages", add_stage, methods=["POST"]),
    Route("/stages", delete_stages, methods=["DELETE"]),
    Route("/stages/{id:int}", get_stage, methods=["GET"]),
    Route("/stages/{id:int}", update_stage, methods=["PUT"]),
    Route("/stages/{id:int}", delete_stage, methods=["DELETE"]),
]
