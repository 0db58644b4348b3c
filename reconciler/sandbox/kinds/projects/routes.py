"""v1 projects: list (cursor), CRUD, one-way archive, groups, plan, tasks and activities,
and the read-only project templates."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import page_cap, part_of, path_id
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import (
    MISSING,
    Fields,
    cursor_page,
    date_field,
    ok,
    query_fields,
    read_body,
)
from reconciler.sandbox.kinds.projects.rules import PROJECT_STATUSES, Projects
from reconciler.sandbox.kinds.projects.views import (
    activity_v1,
    group_v1,
    plan_item_v1,
    project_v1,
    task_v1,
    template_v1,
)

_LIST_STATUSES = (*PROJECT_STATUSES, "deleted")
_NULLABLE_INTS = ("owner_id", "org_id", "person_id")
# A project's tasks and activities document no paging parameters: the list comes whole, with
# the documented `next_cursor` at its end.
_WHOLE_LIST = {"next_cursor": None}


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
    query = query_fields(request, "v1")
    if query.has("filter_id"):
        raise bad_request("Parameter 'filter_id': filters are not supported by the sandbox")
    status = query.string("status")
    if status is not MISSING and status not in _LIST_STATUSES:
        raise bad_request(f"Parameter 'status' must be one of {', '.join(_LIST_STATUSES)}")
    phase_id = query.integer("phase_id")
    archived = query.boolean("include_archived")
    projects = part_of(request, Projects).list_projects(
        None if status is MISSING else status,
        None if phase_id is MISSING else phase_id,
        archived is True,
    )
    page, next_cursor = cursor_page(
        projects,
        request,
        page_cap(request),
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
    project = part_of(request, Projects).create_project(title, board_id, phase_id, **extra)
    return ok(project_v1(project), None, status=201)


async def get_project(request: Request) -> JSONResponse:
    return ok(project_v1(part_of(request, Projects).get_project(path_id(request))), None)


async def update_project(request: Request) -> JSONResponse:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = project_fields(fields)
    if fields.has("title"):
        changes["title"] = fields.string("title")
    for name in ("board_id", "phase_id"):
        if fields.has(name):
            changes[name] = fields.integer(name)
    project = part_of(request, Projects).update_project(path_id(request), changes)
    return ok(project_v1(project), None)


async def delete_project(request: Request) -> JSONResponse:
    # The document's example (not its schema) is what Pipedrive answers (FACTS.md §9).
    project_id = path_id(request)
    part_of(request, Projects).delete_project(project_id)
    return ok({"id": project_id}, None)


async def archive_project(request: Request) -> JSONResponse:
    return ok(project_v1(part_of(request, Projects).archive_project(path_id(request))), None)


async def list_groups(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    project = projects.get_project(path_id(request))
    return ok([group_v1(g) for g in projects.project_groups(project.id)], None)


async def get_plan(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    return ok([plan_item_v1(i) for i in projects.plan_items(path_id(request))], None)


async def _placement(request: Request) -> dict[str, Any]:
    fields = Fields(await read_body(request, "v1"), "v1")
    changes = {name: fields.integer(name, nullable=True) for name in ("phase_id", "group_id")}
    return {key: value for key, value in changes.items() if value is not MISSING}


async def place_task(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    project_id = path_id(request)
    changes = await _placement(request)
    task = projects.project_task(project_id, path_id(request, "taskId"))
    return ok(plan_item_v1(projects.place(project_id, task, changes)), None)


async def place_activity(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    project_id = path_id(request)
    changes = await _placement(request)
    activity = projects.project_activity(project_id, path_id(request, "activityId"))
    return ok(plan_item_v1(projects.place(project_id, activity, changes)), None)


async def list_tasks(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    project = projects.get_project(path_id(request))
    return ok([task_v1(t) for t in projects.project_tasks(project.id)], _WHOLE_LIST)


async def list_activities(request: Request) -> JSONResponse:
    projects = part_of(request, Projects)
    project = projects.get_project(path_id(request))
    return ok([activity_v1(a) for a in projects.project_activities(project.id)], _WHOLE_LIST)


async def list_templates(request: Request) -> JSONResponse:
    page, next_cursor = cursor_page(
        part_of(request, Projects).list_templates(),
        request,
        page_cap(request),
        key=lambda t: t.id,
        item_id=lambda t: t.id,
        sort=("id", "asc"),
    )
    return ok([template_v1(t) for t in page], {"next_cursor": next_cursor})


async def get_template(request: Request) -> JSONResponse:
    return ok(template_v1(part_of(request, Projects).get_template(path_id(request))), None)


ROUTES = [
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
    Route("/projectTemplates", list_templates, methods=["GET"]),
    Route("/projectTemplates/{id:int}", get_template, methods=["GET"]),
]
