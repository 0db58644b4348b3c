"""Planning projects: matched by title (or `id`, or `renamed_from`), only the keys set compared.

References are resolved against what was read, and their ids go into the payload so the
writer needs no lookups: board, phase, owner, and template (creates only: a template shapes a
project when it is made and is never compared afterwards). Boards and phases are those that
exist once the plan is applied (`kinds.boards`' outcome): live ones under their config names,
and those `boards:` creates, whose ids the writer takes from the same run (the payload names
them). A board, phase or template that does not exist is a PlanError listing the names that
do; so is an owner who is not a user, or a task or group of `plan:` the project does not have.

`archived: true` archives; Pipedrive cannot un-archive, so `archived: false` on an archived
project is a warning, never a change. `plan:` places tasks (by title) and activities (by id)
in phases and groups by name; an existing project's placements are diffed
(`plan.tasks.<title>.phase` ...) and the items to move go into the payload. A new project's
tasks come from its template, so the writer places them after the create, by name.

Undeclared live projects are deleted under `prune: [projects]` (unless protected), else
listed as unmanaged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from reconciler.errors import PlanError
from reconciler.kinds.boards.plan import BoardAfter, BoardOutcome
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.projects.model import PROJECT_FIELDS
from reconciler.kinds.projects.payloads import PlanItem, ProjectWrite
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import match
from reconciler.state import BOARD, PROJECT, PROJECT_TEMPLATE, Resource

# Compared on update when declared; `template` and `plan` have their own rules.
_COMPARED = ("title", *PROJECT_FIELDS)


def plan_projects(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    wanted = ctx.desired.of_kind(PROJECT)
    if not wanted and not ctx.prunes(PROJECT):
        return out
    outcome = ctx.outcome(BOARD, BoardOutcome)
    boards = outcome.after
    templates = {t.key[-1]: t for t in ctx.live.of_kind(PROJECT_TEMPLATE)}
    errors: list[str] = []
    live = [_named_after(outcome, have) for have in ctx.live.of_kind(PROJECT)]
    matching = match(wanted, live)
    for want in wanted:
        have = matching.live_for(want)
        try:
            change = _plan_one(ctx, want, have, boards, templates, out)
        except PlanError as error:
            errors.extend(error.messages)
            continue
        if change is not None:
            out.changes.append(change)
    if errors:
        raise PlanError(errors)
    for have in matching.unmatched_live:
        ctx.leave_or_delete(PROJECT, have, out, _delete)
    return out


def _delete(have: Resource) -> Delete:
    before = {k: have.fields.get(k) for k in _COMPARED if k in have.fields}
    return Delete(kind=PROJECT, key=have.key, id=have.id, before=before)


def _named_after(outcome: BoardOutcome, project: Resource) -> Resource:
    """A live project naming its board and phase as they are called once the plan is applied
    (a board the plan renames keeps its projects)."""
    fields = dict(project.fields)
    for name, names in (("board", outcome.board_names), ("phase", outcome.phase_names)):
        live_id = fields.get(f"{name}_id")
        if isinstance(live_id, int) and live_id in names:
            fields[name] = names[live_id]
    return dataclasses.replace(project, fields=fields)


def _plan_one(
    ctx: PlanContext,
    want: Resource,
    have: Resource | None,
    boards: Mapping[str, BoardAfter],
    templates: Mapping[str, Resource],
    out: KindOutcome,
) -> Change | None:
    f = dict(want.fields)
    errors: list[str] = []
    ids: dict[str, Any] = {}
    board_name = f.get("board") or (have.fields.get("board") if have else None)
    board = boards.get(board_name) if board_name else None
    if "board" in f:
        if board is None:
            errors.append(_unknown(want, "board", f["board"], sorted(boards)))
        else:
            ids |= _reference("board", board.id, {"board_name": board_name})
    phases: Mapping[str, int | None] = board.phases if board else {}
    if "phase" in f:
        if f["phase"] not in phases and board is not None:
            where = f"board '{board_name}'"
            errors.append(_unknown(want, f"phase of {where}", f["phase"], sorted(phases)))
        elif board is not None:
            names = {"board_name": board_name, "phase_name": f["phase"]}
            ids |= _reference("phase", phases[f["phase"]], names)
    if "owner" in f and f["owner"] is not None:
        user = ctx.users.find(f["owner"])
        if user is None:
            errors.append(f"{want.origin}: owner '{f['owner']}' of {want.address} is not a user")
        else:
            ids["owner_id"] = user.id
            f["owner"] = user.email or user.id
    items: tuple[PlanItem, ...] = ()
    if have is None:
        if "template" in f:
            template = templates.get(f["template"])
            if template is None:
                errors.append(_unknown(want, "template", f["template"], sorted(templates)))
            else:
                ids["template_id"] = template.id
        if "board_id" not in ids or "phase_id" not in ids:
            errors.append(
                f"{want.origin}: {want.address} is new: Pipedrive needs its board and phase"
            )
    else:
        placed = {name: phase for name, phase in phases.items() if phase is not None}
        items = _plan_items(want, have, placed, errors)
    if errors:
        raise PlanError(errors)
    if have is None:
        payload = ProjectWrite(**ids, archive=bool(f.get("archived")))
        return Create(kind=PROJECT, key=want.key, after=f, payload=payload)
    return _update(ctx, want, have, f, ids, items, out)


def _reference(what: str, live_id: int | None, names: dict[str, Any]) -> dict[str, Any]:
    """A board or phase for the payload: its id, or for one the plan creates (whose id the
    writer finds by name) its names."""
    return {f"{what}_id": live_id} if live_id is not None else {f"{what}_id": None, **names}


def _update(
    ctx: PlanContext,
    want: Resource,
    have: Resource,
    f: Mapping[str, Any],
    ids: dict[str, Any],
    items: tuple[PlanItem, ...],
    out: KindOutcome,
) -> Change | None:
    keys = [k for k in _COMPARED if k in f]
    changed = list(diff_fields(have.fields, f, keys))
    archive = False
    if f.get("archived") and not have.fields.get("archived"):
        changed += diff_fields({"archived": False}, {"archived": True})
        archive = True
    elif f.get("archived") is False and have.fields.get("archived"):
        out.warnings.append(
            f"{want.address} is archived in Pipedrive and the config says archived: false; "
            "Pipedrive cannot un-archive a project, so it is left archived"
        )
    if "plan" in f:
        changed += diff_fields({"plan": have.fields.get("plan") or {}}, {"plan": f["plan"]})
    if not changed:
        return None
    shown = [k for k in (*keys, "archived", "plan") if k in f]
    written = tuple(k for k in keys if any(c.path == k for c in changed))
    payload = ProjectWrite(**ids, archive=archive, fields=written, plan_items=items)
    return Update(
        kind=PROJECT,
        key=want.key,
        id=have.id,
        before={k: have.fields.get(k) for k in shown},
        after={k: f.get(k) for k in shown},
        fields=tuple(changed),
        payload=payload,
    )


def _plan_items(
    want: Resource, have: Resource, phases: Mapping[str, int], errors: list[str]
) -> tuple[PlanItem, ...]:
    """The plan placements to write, for items not yet in place."""
    wanted_plan = want.fields.get("plan")
    if not wanted_plan:
        return ()
    live_plan = have.fields.get("plan") or {}
    tasks: Mapping[str, int] = have.fields.get("task_ids") or {}
    groups: Mapping[str, int] = have.fields.get("group_ids") or {}
    items: list[PlanItem] = []
    for part, item_type in (("tasks", "task"), ("activities", "activity")):
        for item, place in wanted_plan.get(part, {}).items():
            if part == "tasks" and item not in tasks:
                errors.append(_unknown(want, "task", item, sorted(tasks)))
                continue
            item_id = tasks[item] if part == "tasks" else int(item)
            current = (live_plan.get(part) or {}).get(item) or {}
            found: dict[str, int | None] = {}
            for key, known in (("phase", phases), ("group", groups)):
                if key not in place or place[key] == current.get(key):
                    continue
                name = place[key]
                if name is not None and name not in known:
                    errors.append(_unknown(want, key, name, sorted(known)))
                    continue
                found[f"{key}_id"] = None if name is None else known[name]
            if found:
                items.append(PlanItem(item_type, item_id, **found, places=tuple(found)))
    return tuple(items)


def _unknown(want: Resource, what: str, name: Any, known: list[str]) -> str:
    names = ", ".join(f"'{n}'" for n in known) or "none"
    return f"{want.origin}: {want.address}: {what} '{name}' does not exist (there are: {names})"
