"""v1 pipelines (deprecated upstream, still emulated): an unpaginated list, 0/1 booleans."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.http import Fields, ok, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.stage_fields import pipeline_values
from reconciler.sandbox.views import pipeline_v1


async def list_pipelines(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok([pipeline_v1(store, p) for p in store.active_pipelines()])


async def add_pipeline(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    fields.string("name", required=True)
    values = pipeline_values(fields)
    store = sandbox_of(request).store
    pipeline = store.create_pipeline(values.pop("name"), **values)
    return ok(pipeline_v1(store, pipeline, with_selected=False))


async def get_pipeline(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(pipeline_v1(store, store.get_pipeline(path_id(request))))


async def update_pipeline(request: Request) -> JSONResponse:
    values = pipeline_values(Fields(await read_body(request, "v1"), "v1"))
    store = sandbox_of(request).store
    return ok(pipeline_v1(store, store.update_pipeline(path_id(request), values)))


async def delete_pipeline(request: Request) -> JSONResponse:
    pipeline_id = path_id(request)
    sandbox_of(request).store.delete_pipeline(pipeline_id)
    return ok({"id": pipeline_id})


routes = [
    Route("/pipelines", list_pipelines, methods=["GET"]),
    Route("/pipelines", add_pipeline, methods=["POST"]),
    Route("/pipelines/{id:int}", get_pipeline, methods=["GET"]),
    Route("/pipelines/{id:int}", update_pipeline, methods=["PUT"]),
    Route("/pipelines/{id:int}", delete_pipeline, methods=["DELETE"]),
]
