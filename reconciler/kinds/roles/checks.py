"""Offline checks of `roles:`: names, pins, the default role, members, parent cycles and
pipelines listed twice. References to objects the config does not declare (a parent, a
visible pipeline, a member) are checked by `plan`: they may exist live."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reconciler.config.checks import (
    Named,
    Where,
    duplicate_names,
    duplicate_pins,
    kind_label,
    member_problem,
)
from reconciler.config.positions import DocPath
from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.errors import ConfigIssue
from reconciler.kinds.roles.model import Role


def check_roles(config: Any, where: Where) -> list[ConfigIssue]:
    roles: list[Role] = config.roles
    named = [Named(("roles", i), r.name, r.renamed_from, r.id) for i, r in enumerate(roles)]
    renamers = [r for r in named if r.name != DEFAULT_ROLE_NAME]
    return [
        *_default_role(roles, where),
        *duplicate_names(kind_label("role"), renamers, named, where, reserved=DEFAULT_ROLE_NAME),
        *duplicate_pins("role", named, where),
        *_members(roles, where),
        *_parents(roles, where),
        *_visible(roles, where),
    ]


def count_roles(config: Any) -> Mapping[str, int]:
    return {"roles": len(config.roles)}


def _default_role(roles: list[Role], where: Where) -> Iterator[ConfigIssue]:
    default = f"the default role '{DEFAULT_ROLE_NAME}'"
    for i, role in enumerate(roles):
        if role.name == DEFAULT_ROLE_NAME and "parent" in role.model_fields_set:
            yield where(("roles", i, "parent")).issue(f"{default} cannot have a parent")
        if role.name == DEFAULT_ROLE_NAME and role.renamed_from:
            yield where(("roles", i, "renamed_from")).issue(f"{default} cannot be renamed")
        for k, old in enumerate(role.renamed_from):
            if old == DEFAULT_ROLE_NAME and role.name != DEFAULT_ROLE_NAME:
                message = f"{default} cannot be renamed (role '{role.name}' is renamed from it)"
                yield where(("roles", i, "renamed_from", k)).issue(message)


def _members(roles: list[Role], where: Where) -> Iterator[ConfigIssue]:
    seen: dict[str | int, tuple[str, DocPath]] = {}
    for i, role in enumerate(roles):
        for k, member in enumerate(role.members or []):
            path = ("roles", i, "members", k)
            problem = member_problem(member)
            if problem:
                yield where(path).issue(problem)
                continue
            key = member.lower() if isinstance(member, str) else member
            if key not in seen:
                seen[key] = (role.name, path)
                continue
            other_role, other_path = seen[key]
            if other_path[1] == i:
                message = f"member {member!r} is listed twice in role '{role.name}'"
            else:
                message = (
                    f"user {member!r} is a member of two roles: '{other_role}' "
                    f"({where(other_path)}) and '{role.name}'"
                )
            yield where(path).issue(message)


def _parents(roles: list[Role], where: Where) -> Iterator[ConfigIssue]:
    index: dict[str, int] = {}
    for i, role in enumerate(roles):
        index.setdefault(role.name, i)
    parent = {
        role.name: role.parent
        for i, role in enumerate(roles)
        if index[role.name] == i and role.parent is not None and role.parent in index
    }
    reported: set[frozenset[str]] = set()
    for start in index:
        chain, name = [start], parent.get(start)
        while name is not None and name not in chain:
            chain.append(name)
            name = parent.get(name)
        if name is None or name != start:
            continue  # no cycle through `start` (any cycle further on is found from its members)
        members = frozenset(chain)
        if members in reported:
            continue
        reported.add(members)
        path = ("roles", index[start], "parent")
        if len(chain) == 1:
            yield where(path).issue(f"role '{start}' is its own parent")
        else:
            yield where(path).issue("role parent cycle: " + " -> ".join([*chain, start]))


def _visible(roles: list[Role], where: Where) -> Iterator[ConfigIssue]:
    """`visible` or `hidden`, exactly one, each pipeline listed once."""
    for i, role in enumerate(roles):
        if role.pipelines is None:
            continue
        here = ("roles", i, "pipelines")
        given = [k for k in ("visible", "hidden") if getattr(role.pipelines, k) is not None]
        if len(given) != 1:
            yield where(here).issue(
                f"role '{role.name}': pipelines takes `visible` (a list or `all`) or `hidden` "
                + ("(a list), not both" if given else "(a list)")
            )
        for key in given:
            names = getattr(role.pipelines, key)
            seen: set[str] = set()
            for k, name in enumerate(names if isinstance(names, list) else []):
                if name in seen:
                    yield where((*here, key, k)).issue(
                        f"pipeline '{name}' is listed twice as {key}"
                    )
                seen.add(name)
