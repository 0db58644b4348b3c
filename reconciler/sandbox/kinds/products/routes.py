"""Product followers (v1: offset pages, removed by relationship id), permitted users, and
the read-only v2 product list.

v2 products come in cursor pages sorted by `sort_by` (id, name, add_time, update_time) as
documented; the `owner_id`, `ids` and `updated_since` filters are honoured and `filter_id`
is refused (the sandbox has no saved filters). `custom_fields` only narrows `custom_fields`,
which is empty.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import not_found
from reconciler.sandbox.http import (
    MISSING,
    Fields,
    offset_page,
    ok,
    query_fields,
    read_body,
    v1_time,
    v2_time,
)
from reconciler.sandbox.kinds.products.rules import Product, ProductFollower, Products
from reconciler.sandbox.lists import refuse_filter_id, sorted_page, updated_between, wanted_ids

SORT_FIELDS = ("id", "name", "add_time", "update_time")


def follower_v1(follower: ProductFollower) -> dict[str, Any]:
    return {
        "user_id": follower.user_id,
        "id": follower.id,
        "product_id": follower.product_id,
        "add_time": v1_time(follower.add_time),
    }


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
    query = query_fields(request, "v2")
    refuse_filter_id(query)
    products = [p for p in part_of(request, Products).products.values() if not p.deleted]
    owner = query.integer("owner_id")
    if owner is not MISSING:
        products = [p for p in products if p.owner_id == owner]
    ids = wanted_ids(query)
    if ids is not None:
        products = [p for p in products if p.id in ids]
    products = updated_between(products, query)
    page, additional = sorted_page(products, request, page_cap(request), SORT_FIELDS)
    return ok([product_v2(p) for p in page], additional)


async def get_product(request: Request) -> JSONResponse:
    product = part_of(request, Products).products.get(path_id(request))
    if product is None or product.deleted:
        raise not_found("Product")
    return ok(product_v2(product))


async def list_followers(request: Request) -> JSONResponse:
    followers = part_of(request, Products).followers(path_id(request))
    page, pagination = offset_page(followers, request, page_cap(request))
    return ok([follower_v1(f) for f in page], {"pagination": pagination})


async def add_follower(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    user_id = fields.integer("user_id", required=True)
    follower = part_of(request, Products).follow(path_id(request), user_id)
    return ok(follower_v1(follower), status=201)


async def delete_follower(request: Request) -> JSONResponse:
    follower_id = path_id(request, "follower_id")
    part_of(request, Products).unfollow(path_id(request), follower_id)
    return ok({"id": follower_id})


async def permitted_users(request: Request) -> JSONResponse:
    return ok(part_of(request, Products).permitted_users(path_id(request)))


V1_ROUTES = [
    Route("/products/{id:int}/followers", list_followers, methods=["GET"]),
    Route("/products/{id:int}/followers", add_follower, methods=["POST"]),
    Route("/products/{id:int}/followers/{follower_id:int}", delete_follower, methods=["DELETE"]),
    Route("/products/{id:int}/permittedUsers", permitted_users, methods=["GET"]),
]
V2_ROUTES = [
    Route("/products", list_products, methods=["GET"]),
    Route("/products/{id:int}", get_product, methods=["GET"]),
]
