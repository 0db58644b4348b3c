"""Reading projects (API v1) with the read-only templates they refer to.

Boards and phases are read first, by their own kind (`kinds.boards`), whose names are here
in `ReadContext.names`. `GET /projectTemplates` only when a project declares a template,
`GET /projects?include_archived=true` (archived projects must match, or they would be
created again), and for each live project whose config entry declares `plan:` its `groups`,
`tasks` and `plan`. Ids become names (board, phase, owner email; groups and tasks in the
plan) so the planner compares the config's vocabulary; the ids ride along (`board_id`,
`phase_id`, `task_ids`, `group_ids`), so a board or phase the plan renames is still
recognised.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_int
from reconciler.state import BOARD, PHASE, PROJECT, PROJECT_TEMPLATE, DesiredState, Resource

TEMPLATES = "templates"
PLAN = "plan"


def project_flags(desired: DesiredState) -> Mapping[str, frozenset[str]]:
    """Projects declaring `plan:` (by title, former title or pinned id), and whether any
    declares a template (then every template is read)."""
    with_plan: set[str] = set()
    templates: set[str] = set()
    for project in desired.of_kind(PROJECT):
        if "plan" in project.fields:
            with_plan.update((project.name, *project.renamed_from))
            if project.id is not None:
                with_plan.add(str(project.id))
        if "template" in project.fields:
            templates.add("*")
    return {PLAN: frozenset(with_plan), TEMPLATES: frozenset(templates)}


async def read_projects(ctx: ReadContext) -> None:
    client = ctx.client
    wanted = ctx.scope.of(PROJECT)
    board_names = ctx.names.get(BOARD, {})
    phase_names = ctx.names.get(PHASE, {})
    if wanted.flags.get(TEMPLATES):
        for item in await client.list_all("v1", "/projectTemplates"):
            board = board_names.get(as_int(item.get("projects_board_id")) or 0)
            fields = {"title": item["title"], "board": board}
            key = (item["title"],)
            ctx.resources.append(Resource(PROJECT_TEMPLATE, key, fields, id=int(item["id"])))
    emails = {u.id: u.email for u in ctx.users}
    for item in await client.list_all("v1", "/projects", {"include_archived": "true"}):
        if item.get("status") == "deleted":
            continue
        project_id = int(item["id"])
        fields = _fields(item, board_names, phase_names, emails)
        project = Resource(PROJECT, (item["title"],), fields, id=project_id)
        if wanted.flags.get(PLAN) and wanted.flagged(PLAN, project):
            fields |= await _read_plan(ctx, project_id, phase_names)
            project = Resource(PROJECT, (item["title"],), fields, id=project_id)
        ctx.resources.append(project)


def _fields(
    item: dict[str, Any],
    boards: dict[int, str],
    phases: dict[int, str],
    emails: dict[int, str],
) -> dict[str, Any]:
    owner = as_int(item.get("owner_id"))
    board_id, phase_id = as_int(item.get("board_id")), as_int(item.get("phase_id"))
    return {
        "title": item["title"],
        "board": boards.get(board_id or 0),
        "board_id": board_id,
        "phase": phases.get(phase_id or 0),
        "phase_id": phase_id,
        "owner": emails.get(owner or 0) or owner,
        "status": item.get("status"),
        "description": item.get("description"),
        "start_date": item.get("start_date"),
        "end_date": item.get("end_date"),
        "labels": item.get("labels") or [],
        "deals": item.get("deal_ids") or [],
        "org": item.get("org_id"),
        "person": item.get("person_id"),
        "archived": bool(item.get("archive_time")),
    }


async def _read_plan(ctx: ReadContext, project_id: int, phases: dict[int, str]) -> dict[str, Any]:
    client = ctx.client
    groups = await client.get("v1", f"/projects/{project_id}/groups") or []
    tasks = await client.list_all("v1", f"/projects/{project_id}/tasks")
    plan = await client.get("v1", f"/projects/{project_id}/plan") or []
    group_names = {int(g["id"]): g["name"] for g in groups}
    task_titles = {int(t["id"]): t["title"] for t in tasks}
    placed: dict[str, dict[str, Any]] = {"tasks": {}, "activities": {}}
    for item in plan:
        item_id = as_int(item.get("item_id")) or 0
        place = {
            "phase": phases.get(as_int(item.get("phase_id")) or 0),
            "group": group_names.get(as_int(item.get("group_id")) or 0),
        }
        if item.get("item_type") == "task" and item_id in task_titles:
            placed["tasks"][task_titles[item_id]] = place
        elif item.get("item_type") == "activity":
            placed["activities"][str(item_id)] = place
    return {
        "plan": placed,
        "task_ids": {title: task_id for task_id, title in task_titles.items()},
        "group_ids": {name: group_id for group_id, name in group_names.items()},
    }
