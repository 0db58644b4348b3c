"""v1 projects: list (cursor), CRUD, one-way archive, groups, plan, tasks and activities."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, Fields, cursor_page, ok, query_fields, read_body
from reconciler.sandbox.routes import path_id, sandbox_of
from reconciler.sandbox.store_projects import PROJECT_STATUSES
from reconciler.sandbox.views_projects import (
    activity_v1,
    group_v1,
    plan_item_v1,
    project_v1,
    task_v1,
)

_LIST_STATUSES = (*PROJECT_STATUSES, "deleted")
_NULLABLE_INTS = ("owner_id", "org_id", "person_id")
# A project's tasks and activities document no paging parameters: the list comes whole, with
# the documented `next_cursor` at its end.
_WHOLE_LIST = {"next_cursor": None}


def date_field(fields: Fields, name: str) -> Any:
    """A `YYYY-MM-DD` string, None (clears it) or MISSING."""
    value = fields.values.get(name, MISSING)
    if value is MISSING or value is None:
        return value
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise bad_request(f"Parameter '{name}' must be a date (YYYY-MM-DD)") from exc
    if len(value) != 10:
        raise bad_request(f"Parameter '{name}' must be a date (YYYY-MM-DD)")
    return value


def id_list(fields: Fields, name: str) -> Any:
    value = fields.values.get(name, MISSING)
    if value is MISSING:
        return value
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in value
    ):
        raise bad_request(f"Parameter '{name}' must be an array of integers")
    return list(value)


def project_fields(fields: Fields) -> dict[str, Any]:
    """Every documented optional key present in the body, typed; MISSING ones left out."""
    found: dict[str, Any] = {}
    if fields.has("description"):
        value = fields.values["description"]
        if value is not None:  # null clears it
            value = fields.string("description", empty_ok=True)
        found["description"] = value
    if fields.has("status"):
        found["status"] = fields.string("status")
    for name in _NULLABLE_INTS:
        found[name] = fields.integer(name, nullable=name != "owner_id")
    for name in ("start_date", "end_date"):
        found[name] = date_field(fields, name)
    found["deal_ids"] = id_list(fields, "deal_ids")
    found["labels"] = id_list(fields, "labels")
    return {key: value for key, value in found.items() if value is not MISSING}


async def list_projects(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    query = query_fields(request, "v1")
    if query.has("filter_id"):
        raise bad_request("Parameter 'filter_id': filters are not supported by the sandbox")
    status = query.string("status")
    if status is not MISSING and status not in _LIST_STATUSES:
        raise bad_request(f"Parameter 'status' must be one of {', '.join(_LIST_STATUSES)}")
    phase_id = query.integer("phase_id")
    archived = query.boolean("include_archived")
    projects = sandbox.store.list_projects(
        None if status is MISSING else status,
        None if phase_id is MISSING else phase_id,
        archived is True,
    )
    page, next_cursor = cursor_page(
        projects,
        request,
        sandbox.options.page_cap,
        key=lambda p: p.id,
        item_id=lambda p: p.id,
        sort=("id", "asc"),
    )
    return ok([project_v1(p) for p in page], {"next_cursor": next_cursor})


async def add_project(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    title = fields.string("title", required=True)
    board_id = fields.integer("board_id", required=True)
    phase_id = fields.integer("phase_id", required=True)
    extra = project_fields(fields)
    template_id = fields.integer("template_id", nullable=True)
    if template_id is not MISSING:
        extra["template_id"] = template_id
    project = sandbox_of(request).store.create_project(title, board_id, phase_id, **extra)
    return ok(project_v1(project), None, status=201)


async def get_project(request: Request) -> JSONResponse:
    return ok(project_v1(sandbox_of(request).store.get_project(path_id(request))), None)


async def update_project(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = project_fields(fields)
    if fields.has("title"):
        changes["title"] = fields.string("title")
    for name in ("board_id", "phase_id"):
        if fields.has(name):
            changes[name] = fields.integer(name)
    project = sandbox_of(request).store.update_project(path_id(request), changes)
    return ok(project_v1(project), None)


async def delete_project(request: Request) -> JSONResponse:
    # The document's example (not its schema) is what Pipedrive answers (FACTS.md §9).
    project_id = path_id(request)
    sandbox_of(request).store.delete_project(project_id)
    return ok({"id": project_id}, None)


async def archive_project(request: Request) -> JSONResponse:
    return ok(project_v1(sandbox_of(request).store.archive_project(path_id(request))), None)


async def list_groups(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    project = store.get_project(path_id(request))
    return ok([group_v1(g) for g in store.project_groups(project.id)], None)


async def get_plan(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return ok([plan_item_v1(i) for i in store.plan_items(path_id(request))], None)


async def _placement(request: Request) -> dict[str, Any]:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = {name: fields.integer(name, nullable=True) for name in ("phase_id", "group_id")}
    return {key: value for key, value in changes.items() if value is not MISSING}


async def place_task(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    project_id = path_id(request)
    changes = await _placement(request)
    task = store.project_task(project_id, path_id(request, "taskId"))
    return ok(plan_item_v1(store.place(project_id, task, changes)), None)


async def place_activity(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    project_id = path_id(request)
    changes = await _placement(request)
    activity = store.project_activity(project_id, path_id(request, "activityId"))
    return ok(plan_item_v1(store.place(project_id, activity, changes)), None)


async def list_tasks(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    project = store.get_project(path_id(request))
    return ok([task_v1(t) for t in store.project_tasks(project.id)], _WHOLE_LIST)


async def list_activities(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    project = store.get_project(path_id(request))
    return ok([activity_v1(a) for a in store.project_activities(project.id)], _WHOLE_LIST)


routes = [
    Route("/projects", list_projects, methods=["GET"]),
    Route("/projects", add_project, methods=["POST"]),
    Route("/projects/{id:int}", get_project, methods=["GET"]),
    Route("/projects/{id:int}", update_project, methods=["PUT"]),
    Route("/projects/{id:int}", delete_project, methods=["DELETE"]),
    Route("/projects/{id:int}/archive", archive_project, methods=["POST"]),
    Route("/projects/{id:int}/groups", list_groups, methods=["GET"]),
    Route("/projects/{id:int}/plan", get_plan, methods=["GET"]),
    Route("/projects/{id:int}/plan/tasks/{taskId:int}", place_task, methods=["PUT"]),
    Route("/projects/{id:int}/plan/activities/{activityId:int}", place_activity, methods=["PUT"]),
    Route("/projects/{id:int}/tasks", list_tasks, methods=["GET"]),
    Route("/projects/{id:int}/activities", list_activities, methods=["GET"]),
]
