"""v1 users (unpaginated), the token owner's `/users/me`, and each user's role."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.http import offset_page, ok
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.views import assignment_v1, me_v1, settings_v1, user_v1


async def list_users(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok([user_v1(store, u) for u in store.list_users()])


async def me(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(me_v1(store, store.owner()))


async def get_user(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok(user_v1(store, store.get_user(path_id(request))))


async def role_assignments(request: Request) -> JSONResponse:
    """The one role a user holds, as a RoleAssignment list with offset pagination."""
    sandbox = sandbox_of(request)
    store = sandbox.store
    user = store.get_user(path_id(request))
    page, pagination = offset_page([user], request, sandbox.options.page_cap)
    data = [assignment_v1(store.roles[u.role_id], u) for u in page]
    return ok(data, {"pagination": pagination})


async def role_settings(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    user = store.get_user(path_id(request))
    return ok(settings_v1(store.roles[user.role_id]))


routes = [
    Route("/users", list_users, methods=["GET"]),
    Route("/users/me", me, methods=["GET"]),
    Route("/users/{id:int}", get_user, methods=["GET"]),
    Route("/users/{id:int}/roleAssignments", role_assignments, methods=["GET"]),
    Route("/users/{id:int}/roleSettings", role_settings, methods=["GET"]),
]
