"""v2 stages and pipelines: strict types, cursor lists, `order_nr` read-only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, ok, query_fields, read_body
from reconciler.sandbox.kinds.pipelines.bodies import pipeline_values, stage_values
from reconciler.sandbox.kinds.pipelines.rules import Pipelines
from reconciler.sandbox.kinds.pipelines.views import pipeline_v2, stage_v2
from reconciler.sandbox.lists import sorted_page

STAGE_SORT_FIELDS = ("id", "update_time", "add_time", "order_nr")
PIPELINE_SORT_FIELDS = ("id", "update_time", "add_time")


async def list_stages(request: Request) -> JSONResponse:
    pipeline_id = query_fields(request, "v2").integer("pipeline_id")
    stages = part_of(request, Pipelines).active_stages(
        None if pipeline_id is MISSING else pipeline_id
    )
    page, additional = sorted_page(stages, request, page_cap(request), STAGE_SORT_FIELDS)
    return ok([stage_v2(s) for s in page], additional)


def _stage_fields(body: dict[str, object]) -> Fields:
    if "order_nr" in body:
        raise bad_request("order_nr cannot be set through API v2")
    return Fields(body, "v2")


async def add_stage(request: Request) -> JSONResponse:
    fields = _stage_fields(await read_body(request, "v2"))
    fields.string("name", required=True)
    fields.integer("pipeline_id", required=True)
    values = stage_values(fields)
    stage = part_of(request, Pipelines).create_stage(
        values.pop("name"), values.pop("pipeline_id"), **values
    )
    return ok(stage_v2(stage))


async def get_stage(request: Request) -> JSONResponse:
    return ok(stage_v2(part_of(request, Pipelines).get_stage(path_id(request))))


async def update_stage(request: Request) -> JSONResponse:
    values = stage_values(_stage_fields(await read_body(request, "v2")))
    return ok(stage_v2(part_of(request, Pipelines).update_stage(path_id(request), values)))


async def delete_stage(request: Request) -> JSONResponse:
    stage_id = path_id(request)
    part_of(request, Pipelines).delete_stages([stage_id])
    return ok({"id": stage_id})


async def list_pipelines(request: Request) -> JSONResponse:
    pipelines = part_of(request, Pipelines).active_pipelines()
    page, additional = sorted_page(pipelines, request, page_cap(request), PIPELINE_SORT_FIELDS)
    return ok([pipeline_v2(p) for p in page], additional)


def _pipeline_fields(body: dict[str, object]) -> Fields:
    for key in ("order_nr", "is_deleted", "active"):
        if key in body:
            raise bad_request(f"{key} cannot be set through API v2")
    return Fields(body, "v2")


async def add_pipeline(request: Request) -> JSONResponse:
    fields = _pipeline_fields(await read_body(request, "v2"))
    fields.string("name", required=True)
    values = pipeline_values(fields)
    values.setdefault("deal_probability", False)
    pipeline = part_of(request, Pipelines).create_pipeline(values.pop("name"), **values)
    return ok(pipeline_v2(pipeline))


async def get_pipeline(request: Request) -> JSONResponse:
    return ok(pipeline_v2(part_of(request, Pipelines).get_pipeline(path_id(request))))


async def update_pipeline(request: Request) -> JSONResponse:
    values = pipeline_values(_pipeline_fields(await read_body(request, "v2")))
    pipelines = part_of(request, Pipelines)
    return ok(pipeline_v2(pipelines.update_pipeline(path_id(request), values)))


async def delete_pipeline(request: Request) -> JSONResponse:
    pipeline_id = path_id(request)
    part_of(request, Pipelines).delete_pipeline(pipeline_id)
    return ok({"id": pipeline_id})


ROUTES = [
    Route("/stages", list_stages, methods=["GET"]),
    Route("/stages", add_stage, methods=["POST"]),
    Route("/stages/{id:int}", get_stage, methods=["GET"]),
    Route("/stages/{id:int}", update_stage, methods=["PATCH"]),
    Route("/stages/{id:int}", delete_stage, methods=["DELETE"]),
    Route("/pipelines", list_pipelines, methods=["GET"]),
    Route("/pipelines", add_pipeline, methods=["POST"]),
    Route("/pipelines/{id:int}", get_pipeline, methods=["GET"]),
    Route("/pipelines/{id:int}", update_pipeline, methods=["PATCH"]),
    Route("/pipelines/{id:int}", delete_pipeline, methods=["DELETE"]),
]
