"""Roles (v1 only): name and parent. The default role "(Unassigned users)" is read so others
can refer to it, and never written.

Pipedrive gives top-level roles `parent_role_id: null`, or in its own example the default
role's id or the role's own id; all three mean "no parent" here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.planning.changes import Action, Change
from reconciler.resources.base import (
    ApplyContext,
    ReadContext,
    as_bool,
    as_int,
    ids_by_key,
    only,
)
from reconciler.state import ROLE, DesiredState, Key, Resource


class RoleAdapter:
    kind = ROLE
    depends_on: tuple[str, ...] = ()

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(ROLE)) or ROLE in desired.prune

    async def read(self, ctx: ReadContext) -> None:
        items = [i for i in await ctx.client.list_all("v1", "/roles") if _active(i)]
        default = next((i for i in items if i["name"] == DEFAULT_ROLE_NAME), None)
        ctx.default_role_id = int(default["id"]) if default else None
        names = {int(i["id"]): i["name"] for i in items}
        ctx.role_names.update(names)
        for item in items:
            role_id = int(item["id"])
            parent_id = as_int(item.get("parent_role_id"))
            no_parent = parent_id in (None, role_id, ctx.default_role_id) or parent_id not in names
            parent = None if no_parent else names[parent_id]
            ctx.resources.append(
                Resource(
                    ROLE, (item["name"],), {"name": item["name"], "parent": parent}, id=role_id
                )
            )

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        client = ctx.client
        match change.action:
            case Action.CREATE:
                after = change.after or {}
                body = {"name": after["name"], "parent_role_id": ctx.role_id(after.get("parent"))}
                created = await client.post("v1", "/roles", body)
                return int(created["id"])
            case Action.UPDATE:
                body: dict[str, Any] = {}
                for field in change.fields:
                    if field.path == "name":
                        body["name"] = field.after
                    elif field.path == "parent":
                        body["parent_role_id"] = ctx.role_id(field.after)
                await client.put("v1", f"/roles/{change.id}", body)
            case Action.DELETE:
                # Pipedrive's behaviour for a role that still has people or sub-roles is
                # undocumented, so the plan's consequences are carried out explicitly first.
                for user_id in change.extra.get("member_user_ids", ()):
                    path = f"/roles/{change.id}/assignments"
                    await client.delete("v1", path, json={"user_id": user_id})
                new_parent = change.extra.get("reparent_to")
                for sub_role_id in change.extra.get("reparent_role_ids", ()):
                    body = {"parent_role_id": ctx.role_id(new_parent)}
                    await client.put("v1", f"/roles/{sub_role_id}", body)
                await client.delete("v1", f"/roles/{change.id}")
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return only((await self.live_ids([change.key], ctx)).get(change.key, []))

    async def live_ids(self, keys: Sequence[Key], ctx: ApplyContext) -> dict[Key, list[int]]:
        items = [i for i in await ctx.client.list_all("v1", "/roles") if _active(i)]
        return ids_by_key(items, lambda i: (i["name"],), keys)


def _active(item: dict[str, Any]) -> bool:
    return as_bool(item.get("active_flag"), default=True)
