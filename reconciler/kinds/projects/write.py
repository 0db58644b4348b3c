"""Writing projects (API v1): POST /projects (201), PUT /projects/{id}, POST
/projects/{id}/archive, DELETE /projects/{id}, PUT /projects/{id}/plan/tasks|activities/{id}.
A board or phase created earlier in the same run is written by the id that create answered.

A new project's plan is placed right after the create, by name, from its freshly read tasks
and groups (its template made them): a `Deferred` step, estimated at one placement per item.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reconciler.calls import NEW_ID, Call, Deferred, Ids, Step
from reconciler.errors import PlanError
from reconciler.kinds.decode import ids_by_key
from reconciler.kinds.projects.payloads import ProjectWrite
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import BOARD, PHASE, Key

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

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
# References written by id, from the payload.
_BY_ID = {"board": "board_id", "phase": "phase_id", "owner": "owner_id"}


def write_project(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    write = change.payload if isinstance(change.payload, ProjectWrite) else ProjectWrite()
    write = _with_new_ids(write, ids)
    match change:
        case Create():
            # Unset is absent on create: the documents type these fields, never null.
            body = {
                k: v
                for k, v in _body(change.after, write, list(change.after)).items()
                if v is not None
            }
            if write.template_id is not None:
                body["template_id"] = write.template_id
            steps: list[Step] = [Call("POST", "v1", "/projects", body, creates=True)]
            if write.archive:
                steps.append(Call("POST", "v1", f"/projects/{NEW_ID}/archive"))
            if change.after.get("plan"):
                steps.append(_place_new(change, write.board_id))
            return steps
        case Update():
            calls = []
            if write.fields:
                body = _body(change.after, write, list(write.fields))
                calls.append(Call("PUT", "v1", f"/projects/{change.id}", body))
            if write.archive:
                calls.append(Call("POST", "v1", f"/projects/{change.id}/archive"))
            for item in write.plan_items:
                segment = "tasks" if item.item_type == "task" else "activities"
                body = {name: getattr(item, name) for name in item.places}
                calls.append(
                    Call("PUT", "v1", f"/projects/{change.id}/plan/{segment}/{item.item_id}", body)
                )
            return calls
        case Delete():
            return [Call("DELETE", "v1", f"/projects/{change.id}")]


async def project_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    items = await client.list_all("v1", "/projects", {"include_archived": "true"})
    live = [i for i in items if i.get("status") != "deleted"]
    return ids_by_key(live, lambda i: (i["title"],), keys)


def _with_new_ids(write: ProjectWrite, ids: Ids) -> ProjectWrite:
    """The payload with the ids of a board and phase this run created (`boards:`)."""
    board_id, phase_id = write.board_id, write.phase_id
    if board_id is None and write.board_name is not None:
        board_id = ids.id_of(BOARD, (write.board_name,))
    if phase_id is None and write.board_name is not None and write.phase_name is not None:
        phase_id = ids.id_of(PHASE, (write.board_name, write.phase_name))
    return dataclasses.replace(write, board_id=board_id, phase_id=phase_id)


def _body(after: Any, write: ProjectWrite, fields: list[str]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in fields:
        if name in _PLAIN:
            value = after.get(name)
            if name == "description" and value is None:
                value = ""  # the documents type it a string: empty clears it, null is refused
            body[_PLAIN[name]] = list(value) if isinstance(value, tuple) else value
        elif name in _BY_ID and getattr(write, _BY_ID[name]) is not None:
            body[_BY_ID[name]] = getattr(write, _BY_ID[name])
    if "board_id" in body and write.phase_id is not None:
        body["phase_id"] = write.phase_id  # a new board needs a phase of that board
    return body


def _place_new(change: Create, board_id: int | None) -> Deferred:
    plan = change.after.get("plan") or {}
    items = [
        (part, item, place)
        for part in ("tasks", "activities")
        for item, place in (plan.get(part) or {}).items()
    ]

    async def expand(client: PipedriveClient, project_id: int | None) -> Sequence[Call]:
        """Place a new project's plan items by name, now that its tasks and groups exist."""
        phases = await client.get("v1", "/projects/phases", {"board_id": board_id}) or []
        phase_ids = {p["name"]: int(p["id"]) for p in phases}
        groups = await client.get("v1", f"/projects/{project_id}/groups") or []
        group_ids = {g["name"]: int(g["id"]) for g in groups}
        tasks = await client.list_all("v1", f"/projects/{project_id}/tasks")
        task_ids = {t["title"]: int(t["id"]) for t in tasks}
        calls = []
        for part, item, place in items:
            item_id = task_ids.get(item) if part == "tasks" else int(item)
            if item_id is None:
                raise PlanError(f"{change.address}: the new project has no task '{item}'")
            body: dict[str, Any] = {}
            for key, known in (("phase", phase_ids), ("group", group_ids)):
                if key in place:
                    name = place[key]
                    if name is not None and name not in known:
                        raise PlanError(f"{change.address}: the new project has no {key} '{name}'")
                    body[f"{key}_id"] = None if name is None else known[name]
            calls.append(Call("PUT", "v1", f"/projects/{project_id}/plan/{part}/{item_id}", body))
        return calls

    estimate = [Call("PUT", "v1", f"/projects/{NEW_ID}/plan/tasks/0", {}) for _ in items]
    return Deferred(expand, estimate, f"placing the plan of {change.address}")
