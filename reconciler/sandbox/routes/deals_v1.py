"""v1 deal lists of one stage or one pipeline (deprecated upstream, still emulated).

As documented: without parameters, only open deals owned by the authorized user; `user_id`
picks another owner and `everyone=1` every owner, and either makes Pipedrive disregard
`filter_id`. A `filter_id` it would apply is refused (the sandbox has no saved filters), as
is `get_summary=1` (the summary Pipedrive dropped in 2025, FACTS.md §4).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.entities import Deal
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, offset_page, ok, query_fields
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.views_deals import deal_v1


def _owned(request: Request, deals: list[Deal]) -> list[Deal]:
    store = sandbox_of(request).store
    query = query_fields(request, "v1")
    everyone = query.integer("everyone")
    user_id = query.integer("user_id")
    if query.has("filter_id") and everyone is MISSING and user_id is MISSING:
        raise bad_request("Parameter 'filter_id': filters are not supported by the sandbox")
    deals = [d for d in deals if d.status == "open"]
    if everyone != 1:
        owner = store.owner().id if user_id is MISSING else user_id
        deals = [d for d in deals if d.user_id == owner]
    return deals


async def _page(request: Request, deals: list[Deal]) -> JSONResponse:
    sandbox = sandbox_of(request)
    page, pagination = offset_page(_owned(request, deals), request, sandbox.options.page_cap)
    return ok([deal_v1(sandbox.store, d) for d in page], {"pagination": pagination})


async def stage_deals(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    stage = store.get_stage(path_id(request))
    return await _page(request, store.stage_deals(stage.id))


async def pipeline_deals(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    pipeline = store.get_pipeline(path_id(request))
    query = query_fields(request, "v1")
    if query.integer("get_summary") == 1:
        raise bad_request("Parameter 'get_summary': the sandbox keeps no pipeline summary")
    deals = [d for d in store.active_deals() if d.pipeline_id == pipeline.id]
    stage_id = query.integer("stage_id")
    if stage_id is not MISSING:
        deals = [d for d in deals if d.stage_id == stage_id]
    return await _page(request, deals)


routes = [
    Route("/stages/{id:int}/deals", stage_deals, methods=["GET"]),
    Route("/pipelines/{id:int}/deals", pipeline_deals, methods=["GET"]),
]
