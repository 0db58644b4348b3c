"""v2 products: read-only, so the tool can list products to export their followers.

Products are seeded (the seed's `products` section), never written through the API here.
Cursor pages sorted by `sort_by` (id, name, add_time, update_time) as documented; the
`owner_id` and `ids` filters are honoured, `filter_id` and `updated_since` are accepted and
ignored (the sandbox has no filters, and seeded products never change).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.entities_billing import Product
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, ok, query_fields
from reconciler.sandbox.routes import sandbox_of
from reconciler.sandbox.routes.v2_lists import sorted_page
from reconciler.sandbox.views import v2_time

SORT_FIELDS = ("id", "name", "add_time", "update_time")


def product_v2(product: Product) -> dict[str, Any]:
    stamp = v2_time(product.add_time)
    return {
        "id": product.id,
        "name": product.name,
        "code": "",
        "description": "",
        "unit": "",
        "tax": 0,
        "category": None,
        "is_linkable": True,
        "is_deleted": product.deleted,
        "visible_to": 3,
        "owner_id": product.owner_id,
        "add_time": stamp,
        "update_time": stamp,
        "billing_frequency": "one-time",
        "billing_frequency_cycles": None,
        "prices": [],
        "custom_fields": {},
    }


async def list_products(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    query = query_fields(request, "v2")
    products = [p for p in sandbox.store.products.values() if not p.deleted]
    owner = query.integer("owner_id")
    if owner is not MISSING:
        products = [p for p in products if p.owner_id == owner]
    ids = query.string("ids")
    if ids is not MISSING and query.integer("filter_id") is MISSING:
        try:
            wanted = {int(part) for part in ids.split(",") if part.strip()}
        except ValueError:
            raise bad_request("ids must be a comma separated list of integers") from None
        if len(wanted) > 100:
            raise bad_request("ids accepts at most 100 ids")
        products = [p for p in products if p.id in wanted]
    page, additional = sorted_page(products, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([product_v2(p) for p in page], additional)


routes = [Route("/products", list_products, methods=["GET"])]
