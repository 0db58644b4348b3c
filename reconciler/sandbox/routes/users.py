"""v1 users (unpaginated) and the token owner's `/users/me`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.http import ok
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.views import me_v1, user_v1


async def list_users(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok([user_v1(store, u) for u in store.list_users()])


async def me(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(me_v1(store, store.owner()))


async def get_user(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(user_v1(store, store.get_user(path_id(request))))


routes = [
    Route("/users", list_users, methods=["GET"]),
    Route("/users/me", me, methods=["GET"]),
    Route("/users/{id:int}", get_user, methods=["GET"]),
]
