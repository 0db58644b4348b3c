"""v2 deals, read-only: enough to tell whether a stage or pipeline holds deals, with every
documented list filter honoured or refused (FACTS.md §12 item 5; V2A getDeals, getDeal)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.entities import Deal
from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.http import MISSING, Fields, ok, query_fields
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.v2_lists import (
    refuse_filter_id,
    sorted_page,
    updated_between,
    wanted_ids,
)
from reconciler.sandbox.store import Store
from reconciler.sandbox.views_deals import deal_v2

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


def _by_status(store: Store, text: object) -> list[Deal]:
    """Default: every deal not deleted; `status` may list several, comma-separated."""
    if text is MISSING:
        return store.active_deals()
    wanted = {part.strip() for part in str(text).split(",")}
    every = sorted(store.deals.values(), key=lambda d: d.id)
    return [d for d in every if ("deleted" if d.deleted else d.status) in wanted]


async def list_deals(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    query = query_fields(request, "v2")
    refuse_filter_id(query)
    _refuse_extra_fields(query)
    deals = _by_status(sandbox.store, query.string("status"))
    ids = wanted_ids(query)
    if ids is not None:
        deals = [d for d in deals if d.id in ids]
    for name, attribute in ID_FILTERS:
        wanted = query.integer(name)
        if wanted is not MISSING:
            deals = [d for d in deals if getattr(d, attribute) == wanted]
    deals = updated_between(deals, query)
    page, additional = sorted_page(deals, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([deal_v2(d) for d in page], additional)


async def get_deal(request: Request) -> JSONResponse:
    _refuse_extra_fields(query_fields(request, "v2"))
    deal = sandbox_of(request).store.deals.get(path_id(request))
    if deal is None:
        raise not_found("Deal")
    return ok(deal_v2(deal))


routes = [
    Route("/deals", list_deals, methods=["GET"]),
    Route("/deals/{id:int}", get_deal, methods=["GET"]),
]
