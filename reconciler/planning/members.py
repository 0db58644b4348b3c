"""Planning role members: who holds which role.

Live members are derived from `LiveState.users`: a user whose `role_id` is None or not a
live role belongs to the default role. Each declared label (email, case-insensitive, or user
id) must resolve to a user of the company, and a user may be declared in one role only.

A role_members change has `before`/`after` = {"members": sorted emails} (before None for a
new role) and `extra`:
- `add_user_ids`: declared users not in the role now (the POST moves them from wherever they
  are; note "x moves from Role" when that is another, non-default role);
- `remove_user_ids`: current members declared in no role at all (they go to the default
  role; note "x moves to (Unassigned users)"). A member declared in another role is moved
  by that role's add and never removed here, or they would end in the default role.
Nobody can be removed from the default role (there is nowhere to go): PlanError.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.order import with_order
from reconciler.state import ROLE, ROLE_MEMBERS, DesiredState, LiveState, Resource, User


@dataclass
class MembersOutcome:
    changes: list[Change] = field(default_factory=list)
    declared_user_ids: set[int] = field(default_factory=set)  # users declared in any role


def plan_members(
    desired: DesiredState,
    live: LiveState,
    live_role_of: Mapping[str, Resource | None],
    default: Resource | None,
    role_names: Mapping[int, str],
) -> MembersOutcome:
    """`live_role_of`: config role name -> matched live role (None: created by this plan).
    `role_names`: live role id -> the name shown in notes."""
    out = MembersOutcome()
    wanted = _resolve(desired, live)
    for users in wanted.values():
        out.declared_user_ids.update(u.id for u in users)
    live_ids = {r.id for r in live.of_kind(ROLE)}
    default_id = default.id if default else None

    def role_of(user: User) -> int | None:
        return user.role_id if user.role_id in live_ids else default_id

    members_of: dict[int | None, list[User]] = {}
    for user in live.users:
        members_of.setdefault(role_of(user), []).append(user)
    errors: list[str] = []
    for resource in desired.of_kind(ROLE_MEMBERS):
        have = live_role_of.get(resource.name)
        users = wanted[resource.name]
        current = [] if have is None else members_of.get(have.id, [])
        current_ids = {u.id for u in current}
        add = [u for u in users if u.id not in current_ids]
        remove = [u for u in current if u.id not in out.declared_user_ids]
        if have is not None and have is default and remove:
            names = ", ".join(_label(u) for u in remove)
            errors.append(
                f"{resource.origin}: {names} cannot leave the default role {DEFAULT_ROLE_NAME}: "
                "a user leaves it only by being declared in another role"
            )
            continue
        notes = [
            f"{_label(u)} moves from {role_names[role_of(u) or 0]}"
            for u in add
            if role_of(u) not in (None, default_id) and role_of(u) in role_names
        ]
        notes += [f"{_label(u)} moves to {DEFAULT_ROLE_NAME}" for u in remove]
        after = {"members": _emails(users)}
        extra = {
            "add_user_ids": tuple(sorted(u.id for u in add)),
            "remove_user_ids": tuple(sorted(u.id for u in remove)),
        }
        if have is None:
            if users:
                change = Change(
                    Action.CREATE,
                    ROLE_MEMBERS,
                    resource.key,
                    after=after,
                    extra=extra,
                    notes=tuple(notes),
                )
                out.changes.append(with_order(change))
        elif add or remove:
            before = {"members": _emails(current)}
            fields = diff_fields(before, after)
            change = Change(
                Action.UPDATE,
                ROLE_MEMBERS,
                resource.key,
                have.id,
                before,
                after,
                fields,
                notes=tuple(notes),
                extra=extra,
            )
            out.changes.append(with_order(change))
    if errors:
        raise PlanError(errors)
    return out


def _resolve(desired: DesiredState, live: LiveState) -> dict[str, list[User]]:
    by_email = {u.email.lower(): u for u in live.users if u.email}
    by_id = {u.id: u for u in live.users}
    errors: list[str] = []
    wanted: dict[str, list[User]] = {}
    seen: dict[int, str] = {}
    for resource in desired.of_kind(ROLE_MEMBERS):
        users: dict[int, User] = {}
        for label in resource.fields.get("members", ()):
            user = by_id.get(label) if isinstance(label, int) else by_email.get(str(label).lower())
            where = desired.origin_of(resource, "members", label)
            if user is None:
                errors.append(
                    f"{where}: member '{label}' of role '{resource.name}' "
                    "is not a user of this company"
                )
            elif seen.get(user.id, resource.name) != resource.name:
                errors.append(
                    f"{where}: member '{label}' of role '{resource.name}' is also declared "
                    f"in role '{seen[user.id]}'; a user holds one role"
                )
            else:
                seen[user.id] = resource.name
                users[user.id] = user
        wanted[resource.name] = list(users.values())
    if errors:
        raise PlanError(errors)
    return wanted


def _emails(users: list[User]) -> tuple[str, ...]:
    return tuple(sorted(_label(u) for u in users))


def _label(user: User) -> str:
    return user.email.lower() if user.email else f"user {user.id}"
