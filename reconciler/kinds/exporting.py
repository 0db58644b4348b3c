"""What every section's exporter shares: notes on what could not be written, one object per
name when Pipedrive holds several with the same name, and names a config can declare."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from reconciler.state import Resource

Item = dict[str, Any]


@dataclass
class Notes:
    """What an export could not express, per section, for stderr and the file header."""

    by_section: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, section: str, message: str) -> None:
        self.by_section[section].append(message)


def unique(resources: list[Resource], noun: str, section: str, notes: Notes) -> list[Resource]:
    """One object per name (the lowest id), in id order; a note for every name shared."""
    by_name: dict[str, list[Resource]] = defaultdict(list)
    for resource in sorted(resources, key=lambda r: r.id or 0):
        by_name[declarable(resource.name)].append(resource)
    for name, group in by_name.items():
        if len(group) > 1:
            others = ", ".join(str(r.id) for r in group[1:])
            notes.add(
                section,
                f"{len(group)} live {noun}s are named '{name}': id {group[0].id} is written "
                f"with an id pin, id {others} left unmanaged; rename them in Pipedrive",
            )
    kept = [group[0] for group in by_name.values()]
    for resource in kept:
        if declarable(resource.name) != resource.name:
            notes.add(section, _renamed_note(noun, resource))
    return kept


def declarable(name: str) -> str:
    """`name` as a config may declare it: control characters as spaces, no surrounding
    whitespace (`config.types.Name`); a name left blank by that keeps a placeholder."""
    spaced = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in name)
    return spaced.strip() or "(unnamed)"


def _renamed_note(noun: str, resource: Resource) -> str:
    return (
        f"{noun} {resource.name!r} (id {resource.id}) is written as "
        f"'{declarable(resource.name)}' with an id pin: a config cannot declare a name with "
        "surrounding whitespace or control characters, so plan renames it in Pipedrive"
    )


def undeclarable_note(noun: str, resource: Resource) -> str | None:
    """The note for an object whose name is written changed (`start` pins it), if it is."""
    return None if declarable(resource.name) == resource.name else _renamed_note(noun, resource)


def pinned(resource: Resource, all_of_kind: list[Resource]) -> bool:
    """Whether its name is shared, so the written entry needs an `id:` pin."""
    name = declarable(resource.name)
    return sum(1 for r in all_of_kind if declarable(r.name) == name) > 1


def start(resource: Resource, all_of_kind: list[Resource], key: str = "name") -> Item:
    """An exported entry's first keys: its name (or title) as a config may declare it, the
    live id for `--update` (`_id`, never written) and an `id:` pin when the name is shared
    or had to be changed."""
    item: Item = {key: declarable(resource.name), "_id": resource.id}
    if pinned(resource, all_of_kind) or item[key] != resource.name:
        item["id"] = resource.id
    return item
