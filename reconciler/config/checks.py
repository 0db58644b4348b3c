"""Offline checks every section shares: duplicate names, `renamed_from` clashes, duplicate
`id:` pins, one entry per key, and what a member (email or user id) looks like.

Each section's own checks (`SectionSpec.checks`) are built from these; `config.validate`
runs them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reconciler.config.positions import DocPath, Pos
from reconciler.errors import ConfigIssue

Where = Callable[[DocPath], Pos]


@dataclass(frozen=True)
class Named:
    """A declared object as the name checks see it."""

    path: DocPath
    name: str
    renamed_from: list[str]
    id: int | None


def kind_label(kind: str, suffix: str = "") -> Callable[[str], str]:
    return lambda name: f"{kind} '{name}'{suffix}"


def duplicate_names(
    label: Callable[[str], str],
    renamers: list[Named],
    declared: list[Named],
    where: Where,
    reserved: str | None = None,
) -> Iterator[ConfigIssue]:
    """Duplicate names, and `renamed_from` names that are declared or claimed twice.

    `reserved` (the default role) is checked by its own rule, not here.
    """
    first: dict[str, Named] = {}
    for obj in declared:
        if obj.name in first:
            yield where((*obj.path, "name")).issue(
                f"{label(obj.name)} is defined twice: "
                f"{where((*first[obj.name].path, 'name'))} and {where((*obj.path, 'name'))}"
            )
        else:
            first[obj.name] = obj
    claimed: dict[str, tuple[Named, DocPath]] = {}
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


def duplicate_pins(kind: str, objects: list[Named], where: Where) -> Iterator[ConfigIssue]:
    pinned: dict[int, Named] = {}
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


def holder_names(
    section: str,
    holders: Sequence[Any],
    children: tuple[str, str],
    children_of: Callable[[Any], Sequence[Any]],
    where: Where,
) -> list[ConfigIssue]:
    """Names and pins of a section's objects and of what each holds (a pipeline's stages,
    a board's phases): no name twice among the holders nor within one holder, no id twice.
    `children` is (the key holding them, their noun): ("stages", "stage")."""
    noun = section.removesuffix("s")
    key, child = children
    named = [Named((section, i), h.name, h.renamed_from, h.id) for i, h in enumerate(holders)]
    issues = [*duplicate_names(kind_label(noun), named, named, where)]
    held: list[Named] = []
    for i, holder in enumerate(holders):
        group = [
            Named((section, i, key, j), c.name, c.renamed_from, c.id)
            for j, c in enumerate(children_of(holder))
        ]
        issues += duplicate_names(
            kind_label(child, f" of {noun} '{holder.name}'"), group, group, where
        )
        held += group
    issues += duplicate_pins(noun, named, where)
    issues += duplicate_pins(child, held, where)
    return issues


def member_problem(member: str | int) -> str | None:
    if isinstance(member, int):
        return None if member > 0 else f"member {member}: a user id must be positive"
    if member.strip().isdigit():
        return f"member {member!r} is text, not a user id: write the id without quotes"
    local, at, domain = member.partition("@")
    if not at or not local or not domain or any(c.isspace() for c in member):
        return f"member {member!r} is neither an email address nor a user id"
    return None


def one_entry_per(
    section: str, ident: str, entries: Sequence[Any], where: Where
) -> Iterator[ConfigIssue]:
    """Entries keyed by `ident` (a product's id, a subscription's deal) declared once."""
    seen: dict[Any, int] = {}
    for i, entry in enumerate(entries):
        value = getattr(entry, ident)
        if value in seen:
            first = where((section, seen[value], ident))
            yield where((section, i, ident)).issue(
                f"{section[:-1]} {ident} {value} is declared twice (first at {first})"
            )
        seen.setdefault(value, i)
