"""v1 roles: the role tree, assignments, settings and pipeline visibility, and each user's
role (`/users/{id}/roleAssignments`, `/users/{id}/roleSettings`)."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, offset_page, ok, query_fields, read_body
from reconciler.sandbox.kinds.roles.rules import Roles
from reconciler.sandbox.kinds.roles.views import assignment_v1, role_v1, settings_v1
from reconciler.sandbox.kinds.users import Users


async def list_roles(request: Request) -> JSONResponse:
    roles = part_of(request, Roles)
    page, pagination = offset_page(roles.list_roles(), request, page_cap(request))
    return ok([role_v1(roles, r) for r in page], {"pagination": pagination})


async def add_role(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    name = fields.string("name", required=True)
    parent = fields.integer("parent_role_id", nullable=True)
    role = part_of(request, Roles).create_role(name, None if parent is MISSING else parent)
    return ok({"id": role.id})


async def get_role(request: Request) -> JSONResponse:
    roles = part_of(request, Roles)
    role = roles.get_role(path_id(request))
    return ok(role_v1(roles, role, with_level=False), {"settings": settings_v1(role)})


async def update_role(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes: dict[str, Any] = {}
    if fields.has("name"):
        changes["name"] = fields.string("name")
    if fields.has("parent_role_id"):
        changes["parent_role_id"] = fields.integer("parent_role_id", nullable=True)
    role = part_of(request, Roles).update_role(path_id(request), changes)
    return ok({"id": role.id})


async def delete_role(request: Request) -> JSONResponse:
    role_id = path_id(request)
    part_of(request, Roles).delete_role(role_id)
    return ok({"id": role_id})


async def list_assignments(request: Request) -> JSONResponse:
    roles = part_of(request, Roles)
    role = roles.get_role(path_id(request))
    members = roles.role_members(role.id)
    page, pagination = offset_page(members, request, page_cap(request))
    return ok([assignment_v1(role, u) for u in page], {"pagination": pagination})


async def add_assignment(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    user_id = fields.integer("user_id", required=True)
    role_id = path_id(request)
    part_of(request, Roles).assign(role_id, user_id)
    return ok({"user_id": user_id, "role_id": role_id})


async def delete_assignment(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    user_id = fields.integer("user_id", required=True)
    role_id = path_id(request)
    part_of(request, Roles).unassign(role_id, user_id)
    return ok({"id": role_id})


async def get_settings(request: Request) -> JSONResponse:
    role = part_of(request, Roles).get_role(path_id(request))
    return ok(settings_v1(role))


async def set_setting(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    key = fields.string("setting_key", required=True)
    value = fields.integer("value", required=True)
    role_id = path_id(request)
    part_of(request, Roles).set_setting(role_id, key, value)
    return ok({"id": role_id, key: value})


async def get_pipelines(request: Request) -> JSONResponse:
    visible = query_fields(request, "v1").boolean("visible")
    visible = True if visible is MISSING else visible
    roles = part_of(request, Roles)
    role = roles.get_role(path_id(request))
    return ok({"pipeline_ids": roles.visible_pipeline_ids(role, visible), "visible": visible})


def _id_list(value: Any, name: str) -> list[int]:
    """Real arrays, or the documented string-encoded arrays such as "[1, 2]"."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError as exc:
            raise bad_request(f"visible_pipeline_ids.{name} must be an array of ids") from exc
    if isinstance(value, int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in value
    ):
        raise bad_request(f"visible_pipeline_ids.{name} must be an array of ids")
    return value


async def update_pipelines(request: Request) -> JSONResponse:
    body = await read_body(request, "v1")
    spec = body.get("visible_pipeline_ids", MISSING)
    if spec is MISSING:
        raise bad_request("Parameter 'visible_pipeline_ids' is required")
    if isinstance(spec, str):
        try:
            spec = json.loads(spec)
        except ValueError as exc:
            raise bad_request("visible_pipeline_ids must be an object") from exc
    if not isinstance(spec, dict) or not set(spec) <= {"add", "remove"}:
        raise bad_request("visible_pipeline_ids must be an object with 'add' and/or 'remove'")
    add, remove = _id_list(spec.get("add"), "add"), _id_list(spec.get("remove"), "remove")
    roles = part_of(request, Roles)
    role = roles.change_visibility(path_id(request), add, remove)
    return ok({"pipeline_ids": roles.visible_pipeline_ids(role, True), "visible": True})


async def user_assignments(request: Request) -> JSONResponse:
    """The one role a user holds, as a RoleAssignment list with offset pagination."""
    roles = part_of(request, Roles)
    user = part_of(request, Users).get_user(path_id(request))
    page, pagination = offset_page([user], request, page_cap(request))
    data = [assignment_v1(roles.roles[u.role_id], u) for u in page]
    return ok(data, {"pagination": pagination})


async def user_settings(request: Request) -> JSONResponse:
    user = part_of(request, Users).get_user(path_id(request))
    return ok(settings_v1(part_of(request, Roles).roles[user.role_id]))


ROUTES = [
    Route("/roles", list_roles, methods=["GET"]),
    Route("/roles", add_role, methods=["POST"]),
    Route("/roles/{id:int}", get_role, methods=["GET"]),
    Route("/roles/{id:int}", update_role, methods=["PUT"]),
    Route("/roles/{id:int}", delete_role, methods=["DELETE"]),
    Route("/roles/{id:int}/assignments", list_assignments, methods=["GET"]),
    Route("/roles/{id:int}/assignments", add_assignment, methods=["POST"]),
    Route("/roles/{id:int}/assignments", delete_assignment, methods=["DELETE"]),
    Route("/roles/{id:int}/settings", get_settings, methods=["GET"]),
    Route("/roles/{id:int}/settings", set_setting, methods=["POST"]),
    Route("/roles/{id:int}/pipelines", get_pipelines, methods=["GET"]),
    Route("/roles/{id:int}/pipelines", update_pipelines, methods=["PUT"]),
    Route("/users/{id:int}/roleAssignments", user_assignments, methods=["GET"]),
    Route("/users/{id:int}/roleSettings", user_settings, methods=["GET"]),
]
