"""What the one-list admin kinds (activity types, lead labels, webhooks) share: a section of
entries keyed by name, each becoming one resource with the keys it sets, and its checks.
(Undeclared live objects go through `PlanContext.leave_or_delete`, as every kind's do.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from reconciler.config.checks import Named, Where, duplicate_names, duplicate_pins, kind_label
from reconciler.errors import ConfigIssue
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import Resource


def desired_named(
    loaded: Loaded,
    section: str,
    kind: str,
    fields_of: Callable[[Any], dict[str, Any]],
    *,
    pin: Callable[[Any], int | None] = lambda entry: entry.id,
) -> DesiredPart:
    """One resource per entry of `section`, keyed by its name, with `fields_of(entry)`."""
    part = DesiredPart()
    entries: list[Any] = getattr(loaded.config, section)
    for index, entry in enumerate(entries):
        part.resources.append(
            Resource(
                kind,
                (entry.name,),
                fields_of(entry),
                id=pin(entry),
                renamed_from=tuple(getattr(entry, "renamed_from", ())),
                protect=entry.protect,
                origin=loaded.origin(section, index),
            )
        )
    return part


def set_keys(entry: BaseModel, names: Mapping[str, str]) -> dict[str, Any]:
    """The state fields (`names`: config key -> field) of the keys the entry sets."""
    return {
        field: getattr(entry, key) for key, field in names.items() if key in entry.model_fields_set
    }


def check_named(
    section: str, noun: str, entries: list[Any], where: Where, *, pins: bool = True
) -> list[ConfigIssue]:
    named = [
        Named(
            (section, i),
            e.name,
            list(getattr(e, "renamed_from", [])),
            e.id if pins else None,
        )
        for i, e in enumerate(entries)
    ]
    return [
        *duplicate_names(kind_label(noun), named, named, where),
        *duplicate_pins(noun, named, where),
    ]
