"""v1 stages and pipelines (deprecated upstream, still emulated): offset lists, bulk stage
delete, `order_nr` through PUT, an unpaginated pipeline list with 0/1 booleans."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, offset_page, ok, query_fields, read_body
from reconciler.sandbox.kinds.pipelines.bodies import pipeline_values, stage_values
from reconciler.sandbox.kinds.pipelines.rules import Pipelines
from reconciler.sandbox.kinds.pipelines.views import pipeline_v1, stage_v1


async def list_stages(request: Request) -> JSONResponse:
    pipelines = part_of(request, Pipelines)
    pipeline_id = query_fields(request, "v1").integer("pipeline_id")
    stages = pipelines.active_stages(None if pipeline_id is MISSING else pipeline_id)
    page, pagination = offset_page(stages, request, page_cap(request))
    data = [stage_v1(pipelines, s, with_pipeline=True) for s in page]
    return ok(data, {"pagination": pagination})


async def add_stage(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    fields.string("name", required=True)
    fields.integer("pipeline_id", required=True)
    values = stage_values(fields)
    pipelines = part_of(request, Pipelines)
    stage = pipelines.create_stage(values.pop("name"), values.pop("pipeline_id"), **values)
    return ok(stage_v1(pipelines, stage))


async def delete_stages(request: Request) -> JSONResponse:
    text = query_fields(request, "v1").string("ids", required=True)
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise bad_request("Parameter 'ids' must be comma-separated stage ids") from exc
    if not ids:
        raise bad_request("Parameter 'ids' is required")
    part_of(request, Pipelines).delete_stages(ids)
    return ok({"id": ids})


async def get_stage(request: Request) -> JSONResponse:
    pipelines = part_of(request, Pipelines)
    return ok(stage_v1(pipelines, pipelines.get_stage(path_id(request))))


async def update_stage(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    values = stage_values(fields, with_order=True)
    pipelines = part_of(request, Pipelines)
    return ok(stage_v1(pipelines, pipelines.update_stage(path_id(request), values)))


async def delete_stage(request: Request) -> JSONResponse:
    stage_id = path_id(request)
    part_of(request, Pipelines).delete_stages([stage_id])
    return ok({"id": stage_id})


async def list_pipelines(request: Request) -> JSONResponse:
    pipelines = part_of(request, Pipelines)
    return ok([pipeline_v1(pipelines, p) for p in pipelines.active_pipelines()])


async def add_pipeline(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    fields.string("name", required=True)
    values = pipeline_values(fields)
    pipelines = part_of(request, Pipelines)
    pipeline = pipelines.create_pipeline(values.pop("name"), **values)
    return ok(pipeline_v1(pipelines, pipeline, with_selected=False))


async def get_pipeline(request: Request) -> JSONResponse:
    pipelines = part_of(request, Pipelines)
    return ok(pipeline_v1(pipelines, pipelines.get_pipeline(path_id(request))))


async def update_pipeline(request: Request) -> JSONResponse:
    values = pipeline_values(Fields(await read_body(request, "v1"), "v1"))
    pipelines = part_of(request, Pipelines)
    return ok(pipeline_v1(pipelines, pipelines.update_pipeline(path_id(request), values)))


async def delete_pipeline(request: Request) -> JSONResponse:
    pipeline_id = path_id(request)
    part_of(request, Pipelines).delete_pipeline(pipeline_id)
    return ok({"id": pipeline_id})


ROUTES = [
    Route("/stages", list_stages, methods=["GET"]),
    Route("/stages", add_stage, methods=["POST"]),
    Route("/stages", delete_stages, methods=["DELETE"]),
    Route("/stages/{id:int}", get_stage, methods=["GET"]),
    Route("/stages/{id:int}", update_stage, methods=["PUT"]),
    Route("/stages/{id:int}", delete_stage, methods=["DELETE"]),
    Route("/pipelines", list_pipelines, methods=["GET"]),
    Route("/pipelines", add_pipeline, methods=["POST"]),
    Route("/pipelines/{id:int}", get_pipeline, methods=["GET"]),
    Route("/pipelines/{id:int}", update_pipeline, methods=["PUT"]),
    Route("/pipelines/{id:int}", delete_pipeline, methods=["DELETE"]),
]
