"""v2 products: read-only, so the tool can list products to export their followers.

Products are seeded (the seed's `products` section), never written through the API here.
Cursor pages sorted by `sort_by` (id, name, add_time, update_time) as documented; the
`owner_id`, `ids` and `updated_since` filters are honoured and `filter_id` is refused (the
sandbox has no saved filters). `custom_fields` only narrows `custom_fields`, which is empty.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.entities_billing import Product
from reconciler.sandbox.failure import not_found
from reconciler.sandbox.http import MISSING, ok, query_fields
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.routes.v2_lists import (
    refuse_filter_id,
    sorted_page,
    updated_between,
    wanted_ids,
)
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
    refuse_filter_id(query)
    products = [p for p in sandbox.store.products.values() if not p.deleted]
    owner = query.integer("owner_id")
    if owner is not MISSING:
        products = [p for p in products if p.owner_id == owner]
    ids = wanted_ids(query)
    if ids is not None:
        products = [p for p in products if p.id in ids]
    products = updated_between(products, query)
    page, additional = sorted_page(products, request, sandbox.options.page_cap, SORT_FIELDS)
    return ok([product_v2(p) for p in page], additional)


async def get_product(request: Request) -> JSONResponse:
    product = sandbox_of(request).store.products.get(path_id(request))
    if product is None or product.deleted:
        raise not_found("Product")
    return ok(product_v2(product))


routes = [
    Route("/products", list_products, methods=["GET"]),
    Route("/products/{id:int}", get_product, methods=["GET"]),
]
