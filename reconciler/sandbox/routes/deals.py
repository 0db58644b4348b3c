"""v2 deals: read-only, enough to tell whether a stage or pipeline holds deals."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, ok, query_fields
from reconciler.sandbox.routes import sandbox_of
from reconciler.sandbox.routes.v2_lists import sorted_page
from reconciler.sandbox.views import deal_v2

SORT_FIELDS = ("id", "update_time", "add_time")
STATUSES = ("open", "won", "lost", "deleted")


async def list_deals(request: Request) -> JSONResponse:
    """Filters: stage_id, pipeline_id, owner_id, status (default: every status but deleted)."""
    sandbox = sandbox_of(request)
    store = sandbox.store
    query = query_fields(request, "v2")
    status = query.string("status")
    if status is not MISSING and status not in STATUSES:
        raise bad_request(f"status must be one of {', '.join(STATUSES)}")
    if status == "deleted":
        deals = [d for d in store.deals.values() if d.deleted]
    else:
        deals = [d for d in store.active_deals() if status is MISSING or d.status == status]
    for name, attribute in (
        ("stage_id", "stage_id"),
        ("pipeline_id", "pipeline_id"),
        ("owner_id", "user_id"),
    ):
        wanted = query.integer(name)
        if wanted is not MISSING:
            deals = [d for d in deals if getattr(d, attribute) == wanted]
    page, additional = sorted_page(deals, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([deal_v2(d) for d in page], additional)


routes = [Route("/deals", list_deals, methods=["GET"])]
