"""The estimated token cost of applying a plan: the documented cost of each call the
applier makes (`reconciler.api.costs`), per change:

    pipeline        v2: POST /pipelines, PATCH|DELETE /pipelines/{id}
                    v1 (stages API v1): POST /pipelines, PUT|DELETE /pipelines/{id}
    stage           v2: POST /stages, PATCH|DELETE /stages/{id}
                    v1: POST /stages (+ PUT /stages/{id} when extra["set_position"]),
                        PUT /stages/{id}; all deletes are ONE bulk DELETE /stages?ids=
    role            POST /roles, PUT /roles/{id}; DELETE /roles/{id} + one
                    DELETE /roles/{id}/assignments per member moved + one PUT /roles/{id}
                    per sub-role re-parented
    role_settings   one POST /roles/{id}/settings per key written
    role_pipelines  one PUT /roles/{id}/pipelines
    role_members    one POST /roles/{id}/assignments per add, one DELETE per removal
    project         POST /projects | PUT /projects/{id} (when fields change) |
                    DELETE /projects/{id}; + POST /projects/{id}/archive; + one PUT
                    /projects/{id}/plan/tasks|activities/{itemId} per item placed
    product_followers  one POST /products/{id}/followers per add, one DELETE per removal
    subscription    POST /subscriptions/recurring|installment, PUT .../{id},
                    PUT .../recurring/{id}/cancel, DELETE /subscriptions/{id}; a
                    replacement is a DELETE and a POST (generic v1 costs: undocumented)

Each group of creates of a pipeline, stage, role or project also reads the kind's list
right before and after it runs, so a concurrent apply cannot create an object twice
(`reconciler.conflicts`); the check after one group is the check before the next.

The costs come from `reconciler.api.costs`, pure data that imports no I/O library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from reconciler.api import costs
from reconciler.planning.changes import Action, Change
from reconciler.planning.order import groups
from reconciler.state import (
    PIPELINE,
    PRODUCT_FOLLOWERS,
    PROJECT,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    SUBSCRIPTION,
)

_ONE = "/{id}"


def token_cost(version: Literal["v1", "v2"], method: str, operation_path: str) -> int:
    """The documented cost of `method operation_path`, e.g. ("v1", "PUT", "/roles/{id}")."""
    return costs.token_cost(version, method, operation_path)


def plan_token_cost(changes: Iterable[Change], stages_api: Literal["v1", "v2"] | str) -> int:
    api: Literal["v1", "v2"] = "v1" if stages_api == "v1" else "v2"
    changes = list(changes)
    total = 0
    bulk_stage_delete = False
    for change in changes:
        if change.kind == STAGE and change.action is Action.DELETE and api == "v1":
            bulk_stage_delete = True
        else:
            total += change_token_cost(change, api)
    if bulk_stage_delete:
        total += token_cost("v1", "DELETE", "/stages")
    return total + conflict_check_cost(changes, api)


# The list each checked kind reads around its creates; its API version where it varies.
CHECKED_LISTS: dict[str, tuple[Literal["v1", "v2"] | None, str]] = {
    PIPELINE: (None, "/pipelines"),
    STAGE: (None, "/stages"),
    ROLE: ("v1", "/roles"),
    PROJECT: ("v1", "/projects"),
}


def conflict_check_cost(changes: Iterable[Change], stages_api: Literal["v1", "v2"]) -> int:
    """The list reads around groups of creates: one after each group, and one before the
    first group of a kind (one page each)."""
    total = 0
    last_read: str | None = None
    for group in groups(changes):
        kinds = {c.kind for c in group if c.action is Action.CREATE and c.kind in CHECKED_LISTS}
        for kind in sorted(kinds):
            version, path = CHECKED_LISTS[kind]
            read = token_cost(version or stages_api, "GET", path)
            total += read if last_read == kind else 2 * read
            last_read = kind
    return total


def change_token_cost(change: Change, stages_api: Literal["v1", "v2"]) -> int:
    """Tokens one change costs; a v1 stage delete alone costs one bulk delete."""
    action = change.action
    if change.kind in (PIPELINE, STAGE):
        base = "/pipelines" if change.kind == PIPELINE else "/stages"
        write = "PATCH" if stages_api == "v2" else "PUT"
        if action is Action.CREATE:
            cost = token_cost(stages_api, "POST", base)
            if change.extra.get("set_position"):
                cost += token_cost(stages_api, write, base + _ONE)
            return cost
        if action is Action.UPDATE:
            return token_cost(stages_api, write, base + _ONE)
        if change.kind == STAGE and stages_api == "v1":
            return token_cost("v1", "DELETE", "/stages")
        return token_cost(stages_api, "DELETE", base + _ONE)
    if change.kind == ROLE:
        if action is Action.CREATE:
            return token_cost("v1", "POST", "/roles")
        if action is Action.UPDATE:
            return token_cost("v1", "PUT", "/roles" + _ONE)
        moved = len(change.extra.get("member_user_ids", ()))
        reparented = len(change.extra.get("reparent_role_ids", ()))
        return (
            token_cost("v1", "DELETE", "/roles" + _ONE)
            + moved * token_cost("v1", "DELETE", "/roles/{id}/assignments")
            + reparented * token_cost("v1", "PUT", "/roles" + _ONE)
        )
    if change.kind == ROLE_SETTINGS:
        keys = len(change.after or {}) if action is Action.CREATE else len(change.fields)
        return keys * token_cost("v1", "POST", "/roles/{id}/settings")
    if change.kind == ROLE_PIPELINES:
        return token_cost("v1", "PUT", "/roles/{id}/pipelines")
    if change.kind == ROLE_MEMBERS:
        adds = len(change.extra.get("add_user_ids", ()))
        removes = len(change.extra.get("remove_user_ids", ()))
        return adds * token_cost("v1", "POST", "/roles/{id}/assignments") + removes * token_cost(
            "v1", "DELETE", "/roles/{id}/assignments"
        )
    return _extended_cost(change)


def _extended_cost(change: Change) -> int:
    action, extra = change.action, change.extra
    if change.kind == PROJECT:
        plan_items = len(extra.get("plan_items", ()))
        if action is Action.CREATE:
            tasks = (change.after or {}).get("plan") or {}
            plan_items = sum(len(part) for part in tasks.values())
            cost = token_cost("v1", "POST", "/projects")
        elif action is Action.UPDATE:
            cost = token_cost("v1", "PUT", "/projects" + _ONE) if extra.get("fields") else 0
        else:
            return token_cost("v1", "DELETE", "/projects" + _ONE)
        if extra.get("archive"):
            cost += token_cost("v1", "POST", "/projects/{id}/archive")
        return cost + plan_items * token_cost("v1", "PUT", "/projects/{id}/plan/tasks/{taskId}")
    if change.kind == PRODUCT_FOLLOWERS:
        adds = len(extra.get("add_user_ids", ()))
        removes = len(extra.get("remove_follower_ids", ()))
        return adds * token_cost("v1", "POST", "/products/{id}/followers") + removes * token_cost(
            "v1", "DELETE", "/products/{id}/followers/{follower_id}"
        )
    if change.kind == SUBSCRIPTION:
        kind = (change.after or {}).get("type", "recurring")
        create = token_cost("v1", "POST", f"/subscriptions/{kind}")
        delete = token_cost("v1", "DELETE", "/subscriptions" + _ONE)
        cancel = token_cost("v1", "PUT", "/subscriptions/recurring/{id}/cancel")
        cost = cancel if extra.get("cancel") else 0
        if action is Action.CREATE:
            return create + cost
        if action is Action.DELETE:
            return delete
        if extra.get("replace"):
            return delete + create + cost
        if any(f.path != "cancelled" for f in change.fields):
            cost += token_cost("v1", "PUT", f"/subscriptions/{kind}" + _ONE)
        return cost
    return 0
