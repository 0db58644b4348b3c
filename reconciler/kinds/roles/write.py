"""Writing roles and what they hold (API v1).

- role: POST /roles, PUT /roles/{id}; a delete first carries out its consequences (the plan
  showed them): each member still in it goes to the default role (`DELETE
  /roles/{id}/assignments` with a JSON body) and each surviving sub-role to its new parent
  (PUT), then `DELETE /roles/{id}`. Pipedrive's behaviour for a role that still has people
  or sub-roles is undocumented, so nothing is left to it.
- settings: one `POST /roles/{id}/settings {setting_key, value}` per key (an upsert).
- pipelines seen: one `PUT /roles/{id}/pipelines` whose body is a delta,
  `{"visible_pipeline_ids": {"add": ..., "remove": ...}}`: the whole wanted set as `add` and
  every other pipeline as `remove`, so the write lands on the same state whatever Pipedrive
  made visible by default. The arrays go string-encoded, as Pipedrive documents them.
- people: `POST /roles/{id}/assignments {user_id}` per add (an upsert: the user ends in the
  role), `DELETE /roles/{id}/assignments {user_id}` per removal (to the default role).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reconciler.calls import Call, Ids, Step
from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.kinds.decode import ids_by_key
from reconciler.kinds.roles.payloads import Membership, RoleDeleted
from reconciler.kinds.roles.read import role_active
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import PIPELINE, ROLE, Key

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


def role_id(ids: Ids, name: str | None) -> int | None:
    if name is None:
        return None
    if name == DEFAULT_ROLE_NAME and ids.default_role_id is not None:
        return ids.default_role_id
    return ids.id_of(ROLE, (name,))


def _own_id(change: Change, ids: Ids) -> int | None:
    """The role a detail belongs to: the change's id, or the role this run created."""
    return change.id if change.id is not None else ids.id_of(ROLE, change.key)


def write_role(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    match change:
        case Create():
            body = {
                "name": change.after["name"],
                "parent_role_id": role_id(ids, change.after.get("parent")),
            }
            return [Call("POST", "v1", "/roles", body, creates=True)]
        case Update():
            update: dict[str, object] = {}
            for field in change.fields:
                if field.path == "name":
                    update["name"] = field.after
                elif field.path == "parent":
                    update["parent_role_id"] = role_id(ids, field.after)
            return [Call("PUT", "v1", f"/roles/{change.id}", update)]
        case Delete():
            deleted = change.payload if isinstance(change.payload, RoleDeleted) else RoleDeleted()
            path = f"/roles/{change.id}/assignments"
            calls = [Call("DELETE", "v1", path, {"user_id": u}) for u in deleted.member_user_ids]
            new_parent = role_id(ids, deleted.reparent_to)
            calls += [
                Call("PUT", "v1", f"/roles/{sub}", {"parent_role_id": new_parent})
                for sub in deleted.reparent_role_ids
            ]
            return [*calls, Call("DELETE", "v1", f"/roles/{change.id}")]


def write_settings(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    owner = _own_id(change, ids)
    match change:
        case Create():
            wanted = {k: v for k, v in change.after.items() if v is not None}
        case Update():
            wanted = {f.path: f.after for f in change.fields}
        case Delete():
            return []
    return [
        Call(
            "POST",
            "v1",
            f"/roles/{owner}/settings",
            {"setting_key": key, "value": int(value)},
            upsert=True,
        )
        for key, value in sorted(wanted.items())
    ]


def write_visibility(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    if change.after is None:
        return []
    wanted = set(change.after.get("visible", ()))
    add = sorted({ids.id_of(PIPELINE, (name,)) or 0 for name in wanted})
    # By id, not name: a renamed pipeline is known under both its old and new name.
    remove = sorted(set(ids.ids_of(PIPELINE).values()) - set(add))
    body = {"visible_pipeline_ids": {"add": json.dumps(add), "remove": json.dumps(remove)}}
    return [Call("PUT", "v1", f"/roles/{_own_id(change, ids)}/pipelines", body)]


def write_members(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    moves = change.payload if isinstance(change.payload, Membership) else Membership()
    path = f"/roles/{_own_id(change, ids)}/assignments"
    calls = [Call("POST", "v1", path, {"user_id": u}, upsert=True) for u in moves.add_user_ids]
    calls += [Call("DELETE", "v1", path, {"user_id": u}) for u in moves.remove_user_ids]
    return calls


async def role_ids(
    client: PipedriveClient, keys: Sequence[Key], ids: Ids, api: StagesApi
) -> Mapping[Key, list[int]]:
    items = [i for i in await client.list_all("v1", "/roles") if role_active(i)]
    return ids_by_key(items, lambda i: (i["name"],), keys)
