"""Projects (v1): the projects themselves plus the read-only boards, phases and templates
they refer to by name.

Reading: `GET /projects/boards`, `GET /projects/phases?board_id=` per board, `GET
/projectTemplates` only when a project declares a template, `GET /projects?include_archived=
true` (archived projects must match, or they would be created again), and for each live
project whose config entry declares `plan:` its `groups`, `tasks` and `plan`. Ids become
names (board, phase, owner email; groups and tasks in the plan) so the planner compares the
config's vocabulary; the name -> id maps it needs ride along (`phases`, `task_ids`,
`group_ids`).

Writing: POST /projects (201), PUT /projects/{id}, POST /projects/{id}/archive, DELETE
/projects/{id}, PUT /projects/{id}/plan/tasks|activities/{itemId}. A new project's plan is
placed right after the create, by name, from its freshly read tasks and groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change
from reconciler.resources.base import ApplyContext, ReadContext, as_int, ids_by_key, only
from reconciler.state import (
    PROJECT,
    PROJECT_BOARD,
    PROJECT_TEMPLATE,
    ROLE_MEMBERS,
    DesiredState,
    Key,
    Resource,
)

# Config field -> API field, for the fields written as they are.
_PLAIN = {
    "title": "title",
    "status": "status",
    "description": "description",
    "start_date": "start_date",
    "end_date": "end_date",
    "labels": "labels",
    "deals": "deal_ids",
    "org": "org_id",
    "person": "person_id",
}
# References written by id, from the change's extra.
_BY_ID = {"board": "board_id", "phase": "phase_id", "owner": "owner_id"}


class ProjectAdapter:
    kind = PROJECT
    depends_on: tuple[str, ...] = (ROLE_MEMBERS,)  # the users, for owners by email

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(PROJECT)) or PROJECT in desired.prune

    async def read(self, ctx: ReadContext) -> None:
        client = ctx.client
        boards = await client.get("v1", "/projects/boards") or []
        board_names: dict[int, str] = {}
        phase_names: dict[int, str] = {}
        for board in boards:
            board_id = int(board["id"])
            board_names[board_id] = board["name"]
            phases = await client.get("v1", "/projects/phases", {"board_id": board_id}) or []
            by_name = {p["name"]: int(p["id"]) for p in phases}
            phase_names.update({int(p["id"]): p["name"] for p in phases})
            fields = {"name": board["name"], "phases": by_name}
            ctx.resources.append(Resource(PROJECT_BOARD, (board["name"],), fields, id=board_id))
        if any("template" in p.fields for p in ctx.desired.of_kind(PROJECT)):
            for item in await client.list_all("v1", "/projectTemplates"):
                board = board_names.get(as_int(item.get("projects_board_id")) or 0)
                fields = {"title": item["title"], "board": board}
                key = (item["title"],)
                ctx.resources.append(Resource(PROJECT_TEMPLATE, key, fields, id=int(item["id"])))
        emails = {u.id: u.email for u in ctx.users}
        with_plan = _declaring_plan(ctx.desired)
        items = await client.list_all("v1", "/projects", {"include_archived": "true"})
        for item in items:
            if item.get("status") == "deleted":
                continue
            owner = as_int(item.get("owner_id"))
            fields: dict[str, Any] = {
                "title": item["title"],
                "board": board_names.get(as_int(item.get("board_id")) or 0),
                "phase": phase_names.get(as_int(item.get("phase_id")) or 0),
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
            project_id = int(item["id"])
            if item["title"] in with_plan[0] or project_id in with_plan[1]:
                fields |= await _read_plan(ctx, project_id, phase_names)
            ctx.resources.append(Resource(PROJECT, (item["title"],), fields, id=project_id))

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        client = ctx.client
        extra = change.extra
        match change.action:
            case Action.CREATE:
                after = change.after or {}
                # Unset is absent on create: the documents type these fields, never null.
                body = {k: v for k, v in _body(after, extra, list(after)).items() if v is not None}
                if extra.get("template_id") is not None:
                    body["template_id"] = extra["template_id"]
                created = await client.post("v1", "/projects", body)
                project_id = int(created["id"])
                ctx.ids[change.address] = project_id
                if extra.get("archive"):
                    await client.post("v1", f"/projects/{project_id}/archive", None)
                if after.get("plan"):
                    await _place_new(ctx, change, project_id, extra.get("board_id"))
                return project_id
            case Action.UPDATE:
                fields = list(extra.get("fields", ()))
                if fields:
                    body = _body(change.after or {}, extra, fields)
                    await client.put("v1", f"/projects/{change.id}", body)
                if extra.get("archive"):
                    await client.post("v1", f"/projects/{change.id}/archive", None)
                for item_type, item_id, place in extra.get("plan_items", ()):
                    segment = "tasks" if item_type == "task" else "activities"
                    path = f"/projects/{change.id}/plan/{segment}/{item_id}"
                    await client.put("v1", path, dict(place))
            case Action.DELETE:
                await client.delete("v1", f"/projects/{change.id}")
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return only((await self.live_ids([change.key], ctx)).get(change.key, []))

    async def live_ids(self, keys: Sequence[Key], ctx: ApplyContext) -> dict[Key, list[int]]:
        items = await ctx.client.list_all("v1", "/projects", {"include_archived": "true"})
        live = [i for i in items if i.get("status") != "deleted"]
        return ids_by_key(live, lambda i: (i["title"],), keys)


def _body(after: Any, extra: Any, fields: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in fields:
        if name in _PLAIN:
            value = after.get(name)
            if name == "description" and value is None:
                value = ""  # the documents type it a string: empty clears it, null is refused
            body[_PLAIN[name]] = list(value) if isinstance(value, tuple) else value
        elif name in _BY_ID and extra.get(_BY_ID[name]) is not None:
            body[_BY_ID[name]] = extra[_BY_ID[name]]
    if "board_id" in body and extra.get("phase_id") is not None:
        body["phase_id"] = extra["phase_id"]  # a new board needs a phase of that board
    return body


def _declaring_plan(desired: DesiredState) -> tuple[set[str], set[int]]:
    titles: set[str] = set()
    ids: set[int] = set()
    for project in desired.of_kind(PROJECT):
        if "plan" in project.fields:
            titles.update((project.name, *project.renamed_from))
            if project.id is not None:
                ids.add(project.id)
    return titles, ids


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


async def _place_new(ctx: ApplyContext, change: Change, project_id: int, board_id: Any) -> None:
    """Place a new project's plan items by name, now that its tasks and groups exist."""
    client = ctx.client
    phases = await client.get("v1", "/projects/phases", {"board_id": board_id}) or []
    phase_ids = {p["name"]: int(p["id"]) for p in phases}
    groups = await client.get("v1", f"/projects/{project_id}/groups") or []
    group_ids = {g["name"]: int(g["id"]) for g in groups}
    task_ids = {
        t["title"]: int(t["id"])
        for t in await client.list_all("v1", f"/projects/{project_id}/tasks")
    }
    plan = (change.after or {}).get("plan") or {}
    for part, segment in (("tasks", "tasks"), ("activities", "activities")):
        for item, place in (plan.get(part) or {}).items():
            item_id = task_ids.get(item) if part == "tasks" else int(item)
            if item_id is None:
                raise PlanError(f"{change.address}: the new project has no task '{item}'")
            body: dict[str, Any] = {}
            for key, ids in (("phase", phase_ids), ("group", group_ids)):
                if key in place:
                    name = place[key]
                    if name is not None and name not in ids:
                        raise PlanError(f"{change.address}: the new project has no {key} '{name}'")
                    body[f"{key}_id"] = None if name is None else ids[name]
            await client.put("v1", f"/projects/{project_id}/plan/{segment}/{item_id}", body)
