"""What the role writers need beyond a change's fields."""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.planning.changes import Payload


@dataclass(frozen=True)
class RoleDeleted(Payload):
    """A role's delete and its consequences, carried out before it: its people move to the
    default role, its surviving sub-roles to `reparent_to` (None: the top level)."""

    member_user_ids: tuple[int, ...] = ()
    reparent_role_ids: tuple[int, ...] = ()
    reparent_to: str | None = None


@dataclass(frozen=True)
class Membership(Payload):
    add_user_ids: tuple[int, ...] = ()  # assigned to the role (moved from wherever they are)
    remove_user_ids: tuple[int, ...] = ()  # sent to the default role

    def user_ids(self) -> tuple[int, ...]:
        return (*self.add_user_ids, *self.remove_user_ids)
