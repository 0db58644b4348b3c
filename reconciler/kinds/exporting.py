"""What every section's exporter shares: notes on what could not be written, and one
object per name when Pipedrive holds several with the same name."""

from __future__ import annotations

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
        by_name[resource.name].append(resource)
    for name, group in by_name.items():
        if len(group) > 1:
            others = ", ".join(str(r.id) for r in group[1:])
            notes.add(
                section,
                f"{len(group)} live {noun}s are named '{name}': id {group[0].id} is written "
                f"with an id pin, id {others} left unmanaged; rename them in Pipedrive",
            )
    return [group[0] for group in by_name.values()]


def pinned(resource: Resource, all_of_kind: list[Resource]) -> bool:
    """Whether its name is shared, so the written entry needs an `id:` pin."""
    return sum(1 for r in all_of_kind if r.name == resource.name) > 1


def start(resource: Resource, all_of_kind: list[Resource], key: str = "name") -> Item:
    """An exported entry's first keys: its name (or title), the live id for `--update`
    (`_id`, never written) and an `id:` pin when the name is shared."""
    item: Item = {key: resource.name, "_id": resource.id}
    if pinned(resource, all_of_kind):
        item["id"] = resource.id
    return item
