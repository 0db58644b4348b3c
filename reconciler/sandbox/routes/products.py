"""v1 product followers (offset pages; removed by relationship id) and permitted users."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.http import Fields, offset_page, ok, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.views_billing import follower_v1


async def list_followers(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    followers = sandbox.store.followers(path_id(request))
    page, pagination = offset_page(followers, request, sandbox.options.page_cap)
    return ok([follower_v1(f) for f in page], {"pagination": pagination})


async def add_follower(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    user_id = fields.integer("user_id", required=True)
    follower = sandbox_of(request).store.follow(path_id(request), user_id)
    return ok(follower_v1(follower), status=201)


async def delete_follower(request: Request) -> JSONResponse:
    follower_id = path_id(request, "follower_id")
    sandbox_of(request).store.unfollow(path_id(request), follower_id)
    return ok({"id": follower_id})


async def permitted_users(request: Request) -> JSONResponse:
    return ok(sandbox_of(request).store.permitted_users(path_id(request)))


routes = [
    Route("/products/{id:int}/followers", list_followers, methods=["GET"]),
    Route("/products/{id:int}/followers", add_follower, methods=["POST"]),
    Route("/products/{id:int}/followers/{follower_id:int}", delete_follower, methods=["DELETE"]),
    Route("/products/{id:int}/permittedUsers", permitted_users, methods=["GET"]),
]
