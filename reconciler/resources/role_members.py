"""Who holds a role. Read from `GET /users`, whose users carry their `role_id`, so reading
members costs one request for the whole company instead of one per role.

A user has exactly one role: assigning them to a role moves them there, and removing them
from a role puts them in the default role. The planner never removes a user who is being
added elsewhere, so the order of adds and removes across roles does not matter.
"""

from __future__ import annotations

from reconciler.planning.changes import Change
from reconciler.resources.base import ApplyContext, ReadContext, as_bool, as_int
from reconciler.state import ROLE, ROLE_MEMBERS, DesiredState, User


class RoleMembersAdapter:
    kind = ROLE_MEMBERS
    # Members come from the users list alone, so they are read alongside roles, not after.
    depends_on: tuple[str, ...] = ()

    def wanted(self, desired: DesiredState) -> bool:
        # Deleting a role moves its people, which the plan must show: read them then too.
        return bool(desired.of_kind(ROLE_MEMBERS)) or ROLE in desired.prune

    async def read(self, ctx: ReadContext) -> None:
        for item in await ctx.client.list_all("v1", "/users"):
            if as_bool(item.get("is_deleted", False)):
                continue
            ctx.users.append(
                User(
                    id=int(item["id"]),
                    email=str(item.get("email") or "").lower(),
                    name=str(item.get("name") or ""),
                    role_id=as_int(item.get("role_id")),
                    active=as_bool(item.get("active_flag"), default=True),
                )
            )

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        role_id = change.id if change.id is not None else ctx.id_of(ROLE, *change.key)
        path = f"/roles/{role_id}/assignments"
        for user_id in change.extra.get("add_user_ids", ()):
            await ctx.client.post("v1", path, {"user_id": int(user_id)})
        for user_id in change.extra.get("remove_user_ids", ()):
            await ctx.client.delete("v1", path, json={"user_id": int(user_id)})
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return None
