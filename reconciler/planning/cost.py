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

The costs come from `reconciler.api.costs`, pure data that imports no I/O library.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from reconciler.api import costs
from reconciler.planning.changes import Action, Change
from reconciler.state import PIPELINE, ROLE, ROLE_MEMBERS, ROLE_PIPELINES, ROLE_SETTINGS, STAGE

_ONE = "/{id}"


def token_cost(version: Literal["v1", "v2"], method: str, operation_path: str) -> int:
    """The documented cost of `method operation_path`, e.g. ("v1", "PUT", "/roles/{id}")."""
    return costs.token_cost(version, method, operation_path)


def plan_token_cost(changes: Iterable[Change], stages_api: Literal["v1", "v2"] | str) -> int:
    api: Literal["v1", "v2"] = "v1" if stages_api == "v1" else "v2"
    total = 0
    bulk_stage_delete = False
    for change in changes:
        if change.kind == STAGE and change.action is Action.DELETE and api == "v1":
            bulk_stage_delete = True
        else:
            total += change_token_cost(change, api)
    if bulk_stage_delete:
        total += token_cost("v1", "DELETE", "/stages")
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
    return 0
