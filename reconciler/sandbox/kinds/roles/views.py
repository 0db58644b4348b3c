"""Roles, their settings and assignments as API v1 shows them."""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.kinds.roles.rules import Role, Roles
from reconciler.sandbox.kinds.users import DEFAULT_ROLE_ID, User

# RoleSettings' four *_access_level keys exist "(only for default role)" and are read-only
# (FACTS.md §5). The documents give them no values; the sandbox shows the widest one, 7, as
# for the visibility keys.
ACCESS_LEVEL_KEYS = ("deal_access_level", "org_access_level", "person_access_level",
                     "product_access_level")  # fmt: skip
DEFAULT_ACCESS_LEVEL = 7


def role_v1(roles: Roles, role: Role, *, with_level: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": role.id,
        "parent_role_id": role.parent_role_id,
        "name": role.name,
        "active_flag": not role.deleted,
        # Strings, as the documents' examples show.
        "assignment_count": str(len(roles.role_members(role.id))),
        "sub_role_count": str(len(roles.sub_roles(role.id))),
    }
    if with_level:
        data["level"] = roles.role_level(role)
    return data


def settings_v1(role: Role) -> dict[str, Any]:
    settings: dict[str, Any] = dict(role.settings)
    if role.id == DEFAULT_ROLE_ID:
        settings.update(dict.fromkeys(ACCESS_LEVEL_KEYS, DEFAULT_ACCESS_LEVEL))
    return settings


def assignment_v1(role: Role, user: User) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "role_id": role.id,
        "parent_role_id": role.parent_role_id,
        "name": role.name,
        "active_flag": user.active_flag,
        "type": "1",
    }
