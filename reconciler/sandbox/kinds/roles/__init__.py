"""Roles with their settings, pipeline visibility and assignments (v1), and the config's
`roles` section as a seed: users not declared as members of a role sit in the default role.
"""

from __future__ import annotations

from reconciler.kinds.roles.model import Role as RoleSpec
from reconciler.sandbox.kind import Kind, SeedBuild
from reconciler.sandbox.kinds.pipelines import Pipelines
from reconciler.sandbox.kinds.roles import routes
from reconciler.sandbox.kinds.roles.rules import (
    DEFAULT_ROLE_NAME,
    VISIBILITY_KEYS,
    VISIBILITY_VALUES,
    Role,
    Roles,
)
from reconciler.sandbox.kinds.users import DEFAULT_ROLE_ID, Users

__all__ = ["DEFAULT_ROLE_NAME", "KIND", "VISIBILITY_KEYS", "VISIBILITY_VALUES", "Role", "Roles"]


def seed_roles(build: SeedBuild) -> None:
    roles = _roles(build)
    placed: dict[int, str] = {}
    for index, spec in enumerate(build.config.roles):
        role = roles.get(spec.name)
        if role is not None:
            _role_details(build, index, spec, role, placed)


def _roles(build: SeedBuild) -> dict[str, Role]:
    part = build.store.part(Roles)
    roles: dict[str, Role] = {DEFAULT_ROLE_NAME: part.roles[DEFAULT_ROLE_ID]}
    specs = build.config.roles
    for index, spec in enumerate(specs):
        if spec.name == DEFAULT_ROLE_NAME:
            continue
        if spec.name in roles:
            build.problem(("roles", index, "name"), f"duplicate role {spec.name!r}")
            continue
        roles[spec.name] = part.create_role(spec.name, None)
    for index, spec in enumerate(specs):
        if spec.parent is None or spec.name not in roles:
            continue
        if spec.name == DEFAULT_ROLE_NAME:
            build.problem(("roles", index, "parent"), "the default role has no parent")
        elif spec.parent not in roles:
            build.problem(("roles", index, "parent"), f"unknown parent role {spec.parent!r}")
        else:
            roles[spec.name].parent_role_id = roles[spec.parent].id
    for index, spec in enumerate(specs):
        if spec.name in roles and _in_cycle(part, roles[spec.name]):
            build.problem(("roles", index, "parent"), f"role {spec.name!r} is in a cycle")
            roles[spec.name].parent_role_id = None
    return roles


def _in_cycle(part: Roles, role: Role) -> bool:
    seen: set[int] = set()
    cursor: int | None = role.id
    while cursor is not None:
        if cursor in seen:
            return True
        seen.add(cursor)
        cursor = part.roles[cursor].parent_role_id
    return False


def _role_details(
    build: SeedBuild, index: int, spec: RoleSpec, role: Role, placed: dict[int, str]
) -> None:
    if spec.settings is not None:
        for key, value in spec.settings.model_dump(exclude_none=True).items():
            role.settings[key] = value
    if spec.pipelines is not None:
        pipelines = {p.name: p.id for p in build.store.part(Pipelines).active_pipelines()}
        visible, hidden = spec.pipelines.visible, spec.pipelines.hidden
        key = "visible" if isinstance(visible, list) else "hidden"
        named = set()
        for p_index, name in enumerate(visible if isinstance(visible, list) else hidden or []):
            if name not in pipelines:
                loc: tuple[str | int, ...] = ("roles", index, "pipelines", key, p_index)
                build.problem(loc, f"unknown pipeline {name!r}")
            else:
                named.add(pipelines[name])
        every = set(pipelines.values())
        role.hidden_pipeline_ids = sorted(every - named if key == "visible" else named)
    users = build.store.part(Users)
    for m_index, member in enumerate(spec.members or []):
        loc = ("roles", index, "members", m_index)
        user_id = users.by_email(member)
        if user_id is None:
            build.problem(loc, f"member {member!r} is not among the seed's users")
        elif user_id in placed:
            build.problem(loc, f"member {member!r} is already in role {placed[user_id]!r}")
        else:
            placed[user_id] = spec.name
            users.users[user_id].role_id = role.id


KIND = Kind(name="roles", rules=Roles, v1_routes=routes.ROUTES, seed=seed_roles)
