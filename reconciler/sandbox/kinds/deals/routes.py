"""Deal lists: v1 deals of one stage or pipeline (deprecated upstream, still emulated) and
v2 `/deals`, read-only: enough to tell whether a stage or pipeline holds deals.

v1, as documented: without parameters, only open deals owned by the authorized user;
`user_id` picks another owner and `everyone=1` every owner, and either makes Pipedrive
disregard `filter_id`. A `filter_id` it would apply is refused (the sandbox has no saved
filters), as is `get_summary=1` (the summary Pipedrive dropped in 2025, FACTS.md §4).
v2 honours or refuses every documented list filter (FACTS.md §12 item 5; V2A getDeals).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.http import MISSING, Fields, offset_page, ok, query_fields
from reconciler.sandbox.kinds.deals.rules import Deal, Deals
from reconciler.sandbox.kinds.deals.views import deal_v1, deal_v2
from reconciler.sandbox.kinds.pipelines import Pipelines
from reconciler.sandbox.kinds.users import Users
from reconciler.sandbox.lists import refuse_filter_id, sorted_page, updated_between, wanted_ids

SORT_FIELDS = ("id", "update_time", "add_time")
# (query parameter, Deal attribute) of the filters that match one id.
ID_FILTERS = (
    ("owner_id", "user_id"),
    ("person_id", "person_id"),
    ("org_id", "org_id"),
    ("pipeline_id", "pipeline_id"),
    ("stage_id", "stage_id"),
)


def _refuse_extra_fields(query: Fields) -> None:
    # include_fields adds keys (products_count, ...) the sandbox does not keep.
    if query.has("include_fields"):
        raise bad_request("Parameter 'include_fields': the sandbox keeps none of these fields")


def _by_status(deals: Deals, text: object) -> list[Deal]:
    """Default: every deal not deleted; `status` may list several, comma-separated."""
    if text is MISSING:
        return deals.active_deals()
    wanted = {part.strip() for part in str(text).split(",")}
    every = sorted(deals.deals.values(), key=lambda d: d.id)
    return [d for d in every if ("deleted" if d.deleted else d.status) in wanted]


async def list_deals(request: Request) -> JSONResponse:
    query = query_fields(request, "v2")
    refuse_filter_id(query)
    _refuse_extra_fields(query)
    deals = _by_status(part_of(request, Deals), query.string("status"))
    ids = wanted_ids(query)
    if ids is not None:
        deals = [d for d in deals if d.id in ids]
    for name, attribute in ID_FILTERS:
        wanted = query.integer(name)
        if wanted is not MISSING:
            deals = [d for d in deals if getattr(d, attribute) == wanted]
    deals = updated_between(deals, query)
    page, additional = sorted_page(deals, request, page_cap(request), SORT_FIELDS)
    return ok([deal_v2(d) for d in page], additional)


async def get_deal(request: Request) -> JSONResponse:
    _refuse_extra_fields(query_fields(request, "v2"))
    deal = part_of(request, Deals).deals.get(path_id(request))
    if deal is None:
        raise not_found("Deal")
    return ok(deal_v2(deal))


def _owned(request: Request, deals: list[Deal]) -> list[Deal]:
    query = query_fields(request, "v1")
    everyone = query.integer("everyone")
    user_id = query.integer("user_id")
    if query.has("filter_id") and everyone is MISSING and user_id is MISSING:
        raise bad_request("Parameter 'filter_id': filters are not supported by the sandbox")
    deals = [d for d in deals if d.status == "open"]
    if everyone != 1:
        owner = part_of(request, Users).owner().id if user_id is MISSING else user_id
        deals = [d for d in deals if d.user_id == owner]
    return deals


async def _page(request: Request, deals: list[Deal]) -> JSONResponse:
    page, pagination = offset_page(_owned(request, deals), request, page_cap(request))
    pipelines, users = part_of(request, Pipelines), part_of(request, Users)
    return ok([deal_v1(pipelines, users, d) for d in page], {"pagination": pagination})


async def stage_deals(request: Request) -> JSONResponse:
    stage = part_of(request, Pipelines).get_stage(path_id(request))
    return await _page(request, part_of(request, Deals).stage_deals(stage.id))


async def pipeline_deals(request: Request) -> JSONResponse:
    pipeline = part_of(request, Pipelines).get_pipeline(path_id(request))
    query = query_fields(request, "v1")
    if query.integer("get_summary") == 1:
        raise bad_request("Parameter 'get_summary': the sandbox keeps no pipeline summary")
    deals = [d for d in part_of(request, Deals).active_deals() if d.pipeline_id == pipeline.id]
    stage_id = query.integer("stage_id")
    if stage_id is not MISSING:
        deals = [d for d in deals if d.stage_id == stage_id]
    return await _page(request, deals)


V1_ROUTES = [
    Route("/stages/{id:int}/deals", stage_deals, methods=["GET"]),
    Route("/pipelines/{id:int}/deals", pipeline_deals, methods=["GET"]),
]
V2_ROUTES = [
    Route("/deals", list_deals, methods=["GET"]),
    Route("/deals/{id:int}", get_deal, methods=["GET"]),
]
