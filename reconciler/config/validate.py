"""Offline checks: what the schema cannot say but the config alone shows to be wrong.

Duplicate names (and `renamed_from` names that clash), duplicate `id:` pins, a user in two
roles, cycles of parent roles, misuse of the default role, a pipeline listed twice as
visible, members that are neither an email nor a user id. References to objects the config
does not declare (a parent, a visible pipeline, a member) are not checked here: they may
exist live, and `plan` checks them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reconciler.config.locations import DocPath, Pos
from reconciler.config.models import DEFAULT_ROLE_NAME, Config
from reconciler.errors import ConfigIssue

Where = Callable[[DocPath], Pos]


@dataclass(frozen=True)
class _Named:
    """A declared object as the name checks see it."""

    path: DocPath
    name: str
    renamed_from: list[str]
    id: int | None


def check_config(config: Config, where: Where) -> list[ConfigIssue]:
    """Every offline issue in `config`; `where` gives the position of a document path."""
    issues: list[ConfigIssue] = []
    roles = [_Named(("roles", i), r.name, r.renamed_from, r.id) for i, r in enumerate(config.roles)]
    pipelines = [
        _Named(("pipelines", i), p.name, p.renamed_from, p.id)
        for i, p in enumerate(config.pipelines)
    ]
    stages: list[_Named] = []
    issues += _default_role(config, where)
    renamers = [r for r in roles if r.name != DEFAULT_ROLE_NAME]
    issues += _names(_kind("role"), renamers, roles, where, reserved=DEFAULT_ROLE_NAME)
    issues += _names(_kind("pipeline"), pipelines, pipelines, where)
    for i, pipeline in enumerate(config.pipelines):
        group = [
            _Named(("pipelines", i, "stages", j), s.name, s.renamed_from, s.id)
            for j, s in enumerate(pipeline.stages or [])
        ]
        issues += _names(_kind("stage", f" of pipeline '{pipeline.name}'"), group, group, where)
        stages += group
    for kind, group in (("role", roles), ("pipeline", pipelines), ("stage", stages)):
        issues += _pins(kind, group, where)
    issues += _members(config, where)
    issues += _parents(config, where)
    issues += _visible(config, where)
    issues += _extended(config, where)
    return issues


def _kind(kind: str, suffix: str = "") -> Callable[[str], str]:
    return lambda name: f"{kind} '{name}'{suffix}"


def _names(
    label: Callable[[str], str],
    renamers: list[_Named],
    declared: list[_Named],
    where: Where,
    reserved: str | None = None,
) -> Iterator[ConfigIssue]:
    """Duplicate names, and `renamed_from` names that are declared or claimed twice.

    `reserved` (the default role) is checked by its own rule, not here.
    """
    first: dict[str, _Named] = {}
    for obj in declared:
        if obj.name in first:
            yield where((*obj.path, "name")).issue(
                f"{label(obj.name)} is defined twice: "
                f"{where((*first[obj.name].path, 'name'))} and {where((*obj.path, 'name'))}"
            )
        else:
            first[obj.name] = obj
    claimed: dict[str, tuple[_Named, DocPath]] = {}
    for obj in renamers:
        for k, old in enumerate(obj.renamed_from):
            path = (*obj.path, "renamed_from", k)
            if old == reserved:
                continue
            if old == obj.name:
                message = f"{label(obj.name)} lists its own name in renamed_from"
            elif old in first:
                message = (
                    f"{label(obj.name)} is renamed from '{old}', but '{old}' is declared too "
                    f"(at {where((*first[old].path, 'name'))})"
                )
            elif old in claimed:
                other, other_path = claimed[old]
                message = (
                    f"'{old}' is in renamed_from of both {label(other.name)} "
                    f"({where(other_path)}) and {label(obj.name)}"
                    if other is not obj
                    else f"{label(obj.name)} lists '{old}' twice in renamed_from"
                )
            else:
                claimed[old] = (obj, path)
                continue
            yield where(path).issue(message)


def _pins(kind: str, objects: list[_Named], where: Where) -> Iterator[ConfigIssue]:
    pinned: dict[int, _Named] = {}
    for obj in objects:
        if obj.id is None:
            continue
        if obj.id in pinned:
            other = pinned[obj.id]
            yield where((*obj.path, "id")).issue(
                f"id {obj.id} is pinned by two {kind}s: '{other.name}' "
                f"({where((*other.path, 'id'))}) and '{obj.name}'"
            )
        else:
            pinned[obj.id] = obj


def _default_role(config: Config, where: Where) -> Iterator[ConfigIssue]:
    default = f"the default role '{DEFAULT_ROLE_NAME}'"
    for i, role in enumerate(config.roles):
        if role.name == DEFAULT_ROLE_NAME and "parent" in role.model_fields_set:
            yield where(("roles", i, "parent")).issue(f"{default} cannot have a parent")
        if role.name == DEFAULT_ROLE_NAME and role.renamed_from:
            yield where(("roles", i, "renamed_from")).issue(f"{default} cannot be renamed")
        for k, old in enumerate(role.renamed_from):
            if old == DEFAULT_ROLE_NAME and role.name != DEFAULT_ROLE_NAME:
                message = f"{default} cannot be renamed (role '{role.name}' is renamed from it)"
                yield where(("roles", i, "renamed_from", k)).issue(message)


def _members(config: Config, where: Where) -> Iterator[ConfigIssue]:
    seen: dict[str | int, tuple[str, DocPath]] = {}
    for i, role in enumerate(config.roles):
        for k, member in enumerate(role.members or []):
            path = ("roles", i, "members", k)
            problem = _member_problem(member)
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


def _member_problem(member: str | int) -> str | None:
    if isinstance(member, int):
        return None if member > 0 else f"member {member}: a user id must be positive"
    if member.strip().isdigit():
        return f"member {member!r} is text, not a user id: write the id without quotes"
    local, at, domain = member.partition("@")
    if not at or not local or not domain or any(c.isspace() for c in member):
        return f"member {member!r} is neither an email address nor a user id"
    return None


def _parents(config: Config, where: Where) -> Iterator[ConfigIssue]:
    index: dict[str, int] = {}
    for i, role in enumerate(config.roles):
        index.setdefault(role.name, i)
    parent = {
        role.name: role.parent
        for i, role in enumerate(config.roles)
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


def _visible(config: Config, where: Where) -> Iterator[ConfigIssue]:
    for i, role in enumerate(config.roles):
        seen: set[str] = set()
        for k, name in enumerate(role.pipelines.visible if role.pipelines else []):
            if name in seen:
                path = ("roles", i, "pipelines", "visible", k)
                yield where(path).issue(f"pipeline '{name}' is listed twice as visible")
            seen.add(name)


def _extended(config: Config, where: Where) -> Iterator[ConfigIssue]:
    """Projects (titles, pins, owner), products and subscriptions (one entry per id/deal)."""
    projects = [
        _Named(("projects", i), p.title, p.renamed_from, p.id)
        for i, p in enumerate(config.projects)
    ]
    yield from _names(_kind("project"), projects, projects, where)
    yield from _pins("project", projects, where)
    for i, project in enumerate(config.projects):
        if isinstance(project.owner, str) and "@" not in project.owner:
            yield where(("projects", i, "owner")).issue(
                f"owner {project.owner!r} is neither an email address nor a user id"
            )
    for section, ident in (("products", "id"), ("subscriptions", "deal")):
        seen: dict[int, int] = {}
        for i, entry in enumerate(getattr(config, section)):
            value = getattr(entry, ident)
            if value in seen:
                first = where((section, seen[value], ident))
                yield where((section, i, ident)).issue(
                    f"{section[:-1]} {ident} {value} is declared twice (first at {first})"
                )
            seen.setdefault(value, i)
    for i, product in enumerate(config.products):
        labels: set[str | int] = set()
        for k, follower in enumerate(product.followers or []):
            problem = _member_problem(follower)
            label = follower.lower() if isinstance(follower, str) else follower
            if problem:
                yield where(("products", i, "followers", k)).issue(
                    problem.replace("member", "follower", 1)
                )
            elif label in labels:
                yield where(("products", i, "followers", k)).issue(
                    f"follower {follower!r} is listed twice"
                )
            labels.add(label)
    for i, sub in enumerate(config.subscriptions):
        here = ("subscriptions", i)
        if (sub.recurring is None) == (sub.installment is None):
            yield where(here).issue(
                f"subscription of deal {sub.deal}: declare exactly one of recurring or installment"
            )
        if sub.cancelled is not None and sub.recurring is None:
            yield where((*here, "cancelled")).issue(
                "only a recurring subscription can be cancelled"
            )
        recurring = sub.recurring
        if recurring is not None and (recurring.cycles_count is None) == (not recurring.infinite):
            yield where((*here, "recurring")).issue(
                "a recurring subscription needs either cycles_count or infinite: true, not both"
            )
