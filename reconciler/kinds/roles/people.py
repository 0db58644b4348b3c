"""Who the config puts in which role: each declared label (email, any case, or user id)
resolved to a user of the company, one role per user. Both the role planner (a deleted
role's people who are declared elsewhere do not move to the default role) and the members
planner need it; it is computed once per plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.kinds.context import PlanContext
from reconciler.state import ROLE_MEMBERS, User


@dataclass
class Declared:
    by_role: dict[str, list[User]] = field(default_factory=dict)
    user_ids: set[int] = field(default_factory=set)  # users declared in any role
    errors: list[str] = field(default_factory=list)


def declared_members(ctx: PlanContext) -> Declared:
    cached = ctx.memo.get("declared_members")
    if isinstance(cached, Declared):
        return cached
    out = Declared()
    seen: dict[int, str] = {}
    for resource in ctx.desired.of_kind(ROLE_MEMBERS):
        users: dict[int, User] = {}
        for label in resource.fields.get("members", ()):
            user = ctx.users.find(label)
            where = ctx.desired.origin_of(resource, "members", label)
            if user is None:
                out.errors.append(
                    f"{where}: member '{label}' of role '{resource.name}' "
                    "is not a user of this company"
                )
            elif seen.get(user.id, resource.name) != resource.name:
                out.errors.append(
                    f"{where}: member '{label}' of role '{resource.name}' is also declared "
                    f"in role '{seen[user.id]}'; a user holds one role"
                )
            else:
                seen[user.id] = resource.name
                users[user.id] = user
        out.by_role[resource.name] = list(users.values())
        out.user_ids.update(users)
    ctx.memo["declared_members"] = out
    return out
