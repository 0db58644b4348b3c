"""Planning role members: who holds which role.

Live members come from the users list: a user whose `role_id` is None or not a live role
belongs to the default role. Each declared label (email, any case, or user id) must resolve
to a user of the company, and a user may be declared in one role only.

A role_members change has `before`/`after` = {"members": sorted labels} (no before for a new
role) and a `Membership` payload: declared users not in the role now are added (the
assignment moves them from wherever they are; a note says from which role), current members
declared in no role at all are removed (they go to the default role; a note says so). A
member declared in another role is moved by that role's add and never removed here, or they
would end in the default role. Nobody can be removed from the default role: PlanError.
"""

from __future__ import annotations

from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext, user_label
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.roles.payloads import Membership
from reconciler.kinds.roles.people import declared_members
from reconciler.kinds.roles.plan_roles import RoleOutcome
from reconciler.planning.changes import Create, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import ROLE, ROLE_MEMBERS, User


def plan_members(ctx: PlanContext) -> KindOutcome:
    roles = ctx.outcome(ROLE, RoleOutcome)
    declared = declared_members(ctx)
    if declared.errors:
        raise PlanError(declared.errors)
    places = _Places(ctx, roles)
    out = KindOutcome()
    errors: list[str] = []
    for resource in ctx.desired.of_kind(ROLE_MEMBERS):
        have = roles.live_role(resource.name)
        users = declared.by_role[resource.name]
        current = [] if have is None else places.members(have.id)
        current_ids = {u.id for u in current}
        add = [u for u in users if u.id not in current_ids]
        remove = [u for u in current if u.id not in declared.user_ids]
        if have is not None and have is roles.default and remove:
            who = ", ".join(user_label(u) for u in remove)
            errors.append(
                f"{resource.origin}: {who} cannot leave the default role {DEFAULT_ROLE_NAME}: "
                "a user leaves it only by being declared in another role"
            )
            continue
        notes = (
            *places.moves(add),
            *(f"{user_label(u)} moves to {DEFAULT_ROLE_NAME}" for u in remove),
        )
        after = {"members": _labels(users)}
        payload = Membership(tuple(sorted(u.id for u in add)), tuple(sorted(u.id for u in remove)))
        if have is None:
            if users:
                out.changes.append(
                    Create(
                        kind=ROLE_MEMBERS,
                        key=resource.key,
                        after=after,
                        payload=payload,
                        notes=notes,
                    )
                )
        elif add or remove:
            before = {"members": _labels(current)}
            fields = diff_fields(before, after)
            out.changes.append(
                Update(
                    kind=ROLE_MEMBERS,
                    key=resource.key,
                    id=have.id,
                    before=before,
                    after=after,
                    fields=fields,
                    notes=notes,
                    payload=payload,
                )
            )
    if errors:
        raise PlanError(errors)
    return out


class _Places:
    """Which role each live user holds now: theirs, or the default role when theirs is None or
    not a live role."""

    def __init__(self, ctx: PlanContext, roles: RoleOutcome) -> None:
        self._live_ids = {r.id for r in ctx.live.of_kind(ROLE)}
        self._default_id = roles.default.id if roles.default else None
        self._names = roles.names
        self._members: dict[int | None, list[User]] = {}
        for user in ctx.live.users:
            self._members.setdefault(self.role_of(user), []).append(user)

    def role_of(self, user: User) -> int | None:
        return user.role_id if user.role_id in self._live_ids else self._default_id

    def members(self, role_id: int | None) -> list[User]:
        return self._members.get(role_id, [])

    def moves(self, added: list[User]) -> list[str]:
        """Notes for users an assignment takes out of another (non-default) role."""
        return [
            f"{user_label(u)} moves from {self._names[role]}"
            for u in added
            if (role := self.role_of(u)) not in (None, self._default_id) and role in self._names
        ]


def _labels(users: list[User]) -> tuple[str, ...]:
    return tuple(sorted(user_label(u) for u in users))
