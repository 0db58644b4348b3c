"""Planning projects: matched by title (or `id`, or `renamed_from`), only the keys set compared.

References are resolved against what was read, and their ids go into `extra` so the applier
needs no lookups: `board_id`, `phase_id`, `owner_id`, `template_id` (creates only: a template
shapes a project when it is made and is never compared afterwards). Boards, phases and
templates are read-only in Pipedrive, so a name that does not exist is a PlanError listing
the names that do; so is an owner who is not a user, or a task or group of `plan:` that the
project does not have.

`archived: true` archives (`extra["archive"]`); Pipedrive cannot un-archive, so
`archived: false` on an archived project is a warning, never a change. `plan:` places tasks
(by title) and activities (by id) in phases and groups by name; an existing project's
placements are diffed (`plan.tasks.<title>.phase` ...) and the items to move go into
`extra["plan_items"]` as (item_type, item_id, {phase_id?, group_id?}). A new project's tasks
come from its template, so the applier places them after the create, by name.

Undeclared live projects are deleted under `prune: [projects]` (unless protected), else
listed as unmanaged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import match
from reconciler.planning.order import with_order
from reconciler.state import (
    PROJECT,
    PROJECT_BOARD,
    PROJECT_FIELDS,
    PROJECT_TEMPLATE,
    DesiredState,
    LiveState,
    Resource,
    User,
)

# Compared on update when declared; `template` and `plan` have their own rules.
_COMPARED = ("title", *PROJECT_FIELDS)


@dataclass
class ProjectOutcome:
    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)  # kept although pruned
    warnings: list[str] = field(default_factory=list)


def plan_projects(desired: DesiredState, live: LiveState) -> ProjectOutcome:
    out = ProjectOutcome()
    wanted = desired.of_kind(PROJECT)
    if not wanted and PROJECT not in desired.prune:
        return out
    boards = {b.name: b for b in live.of_kind(PROJECT_BOARD)}
    templates = {t.key[-1]: t for t in live.of_kind(PROJECT_TEMPLATE)}
    errors: list[str] = []
    matching = match(wanted, live.of_kind(PROJECT))
    for want in wanted:
        have = matching.live_for(want)
        try:
            change = _plan_one(desired, live, want, have, boards, templates, out)
        except PlanError as error:
            errors.extend(error.messages)
            continue
        if change is not None:
            out.changes.append(with_order(change))
    if errors:
        raise PlanError(errors)
    for have in matching.unmatched_live:
        if PROJECT in desired.prune and have.address in desired.protected:
            out.protected.append(have.address)  # listed like protected pipelines and roles
        elif PROJECT in desired.prune:
            before = {k: have.fields.get(k) for k in _COMPARED if k in have.fields}
            out.changes.append(
                with_order(Change(Action.DELETE, PROJECT, have.key, have.id, before))
            )
        else:
            out.unmanaged.append(have.address)
    return out


def _plan_one(
    desired: DesiredState,
    live: LiveState,
    want: Resource,
    have: Resource | None,
    boards: Mapping[str, Resource],
    templates: Mapping[str, Resource],
    out: ProjectOutcome,
) -> Change | None:
    f = want.fields
    errors: list[str] = []
    extra: dict[str, Any] = {}
    board_name = f.get("board") or (have.fields.get("board") if have else None)
    board = boards.get(board_name) if board_name else None
    if "board" in f:
        if board is None:
            errors.append(_unknown(want, "board", f["board"], sorted(boards)))
        else:
            extra["board_id"] = board.id
    phases: Mapping[str, int] = board.fields.get("phases", {}) if board else {}
    if "phase" in f:
        if f["phase"] not in phases and board is not None:
            where = f"board '{board.name}'"
            errors.append(_unknown(want, f"phase of {where}", f["phase"], sorted(phases)))
        elif board is not None:
            extra["phase_id"] = phases[f["phase"]]
    if "owner" in f and f["owner"] is not None:
        user = _user(live, f["owner"])
        if user is None:
            errors.append(f"{want.origin}: owner '{f['owner']}' of {want.address} is not a user")
        else:
            extra["owner_id"] = user.id
            f = {**f, "owner": user.email or user.id}
    if have is None:
        if "template" in f:
            template = templates.get(f["template"])
            if template is None:
                errors.append(_unknown(want, "template", f["template"], sorted(templates)))
            else:
                extra["template_id"] = template.id
        if "board_id" not in extra or "phase_id" not in extra:
            errors.append(
                f"{want.origin}: {want.address} is new: Pipedrive needs its board and phase"
            )
    else:
        extra["plan_items"] = _plan_items(want, have, phases, errors)
    if errors:
        raise PlanError(errors)
    if have is None:
        if f.get("archived"):
            extra["archive"] = True
        return Change(Action.CREATE, PROJECT, want.key, after=dict(f), extra=extra)
    return _update(want, have, f, extra, out)


def _update(
    want: Resource, have: Resource, f: Mapping[str, Any], extra: dict[str, Any], out: ProjectOutcome
) -> Change | None:
    keys = [k for k in _COMPARED if k in f]
    changed = list(diff_fields(have.fields, f, keys))
    if f.get("archived") and not have.fields.get("archived"):
        changed += diff_fields({"archived": False}, {"archived": True})
        extra["archive"] = True
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
    before = {k: have.fields.get(k) for k in shown}
    after = {k: f.get(k) for k in shown}
    extra["fields"] = tuple(k for k in keys if any(c.path == k for c in changed))
    return Change(
        Action.UPDATE, PROJECT, want.key, have.id, before, after, tuple(changed), extra=extra
    )


def _plan_items(
    want: Resource, have: Resource, phases: Mapping[str, int], errors: list[str]
) -> tuple[tuple[str, int, dict[str, int | None]], ...]:
    """The plan placements to write: (item_type, item_id, body) for items not yet in place."""
    wanted_plan = want.fields.get("plan")
    if not wanted_plan:
        return ()
    live_plan = have.fields.get("plan") or {}
    tasks: Mapping[str, int] = have.fields.get("task_ids") or {}
    groups: Mapping[str, int] = have.fields.get("group_ids") or {}
    items: list[tuple[str, int, dict[str, int | None]]] = []
    for part, item_type in (("tasks", "task"), ("activities", "activity")):
        for item, place in wanted_plan.get(part, {}).items():
            if part == "tasks" and item not in tasks:
                errors.append(_unknown(want, "task", item, sorted(tasks)))
                continue
            item_id = tasks[item] if part == "tasks" else int(item)
            current = (live_plan.get(part) or {}).get(item) or {}
            body: dict[str, int | None] = {}
            for key, ids in (("phase", phases), ("group", groups)):
                if key not in place or place[key] == current.get(key):
                    continue
                name = place[key]
                if name is not None and name not in ids:
                    errors.append(_unknown(want, key, name, sorted(ids)))
                    continue
                body[f"{key}_id"] = None if name is None else ids[name]
            if body:
                items.append((item_type, item_id, body))
    return tuple(items)


def _user(live: LiveState, label: Any) -> User | None:
    if isinstance(label, int):
        return next((u for u in live.users if u.id == label), None)
    return next((u for u in live.users if u.email.lower() == str(label).lower()), None)


def _unknown(want: Resource, what: str, name: Any, known: list[str]) -> str:
    names = ", ".join(f"'{n}'" for n in known) or "none"
    return f"{want.origin}: {want.address}: {what} '{name}' does not exist (there are: {names})"
