"""v2 pipelines: strict types, cursor lists, order_nr read-only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import Fields, ok, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.stage_fields import pipeline_values
from reconciler.sandbox.routes.v2_lists import sorted_page
from reconciler.sandbox.views import pipeline_v2

SORT_FIELDS = ("id", "update_time", "add_time")


async def list_pipelines(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    pipelines = sandbox.store.active_pipelines()
    page, additional = sorted_page(pipelines, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([pipeline_v2(p) for p in page], additional)


def _fields(body: dict[str, object]) -> Fields:
    for key in ("order_nr", "is_deleted", "active"):
        if key in body:
            raise bad_request(f"{key} cannot be set through API v2")
    return Fields(body, "v2")


async def add_pipeline(request: Request) -> JSONResponse:
    fields = _fields(await read_body(request, "v2"))
    fields.string("name", required=True)
    values = pipeline_values(fields)
    values.setdefault("deal_probability", False)
    pipeline = sandbox_of(request).store.create_pipeline(values.pop("name"), **values)
    return ok(pipeline_v2(pipeline))


async def get_pipeline(request: Request) -> JSONResponse:
    return ok(pipeline_v2(sandbox_of(request).store.get_pipeline(path_id(request))))


async def update_pipeline(request: Request) -> JSONResponse:
    values = pipeline_values(_fields(await read_body(request, "v2")))
    store = sandbox_of(request).store
    return ok(pipeline_v2(store.update_pipeline(path_id(request), values)))


async def delete_pipeline(request: Request) -> JSONResponse:
    pipeline_id = path_id(request)
    sandbox_of(request).store.delete_pipeline(pipeline_id)
    return ok({"id": pipeline_id})


routes = [
    Route("/pipelines", list_pipelines, methods=["GET"]),
    Route("/pipelines", add_pipeline, methods=["POST"]),
    Route("/pipelines/{id:int}", get_pipeline, methods=["GET"]),
    Route("/pipelines/{id:int}", update_pipeline, methods=["PATCH"]),
    Route("/pipelines/{id:int}", delete_pipeline, methods=["DELETE"]),
]
