"""Offline checks of `fields:`: names, `renamed_from` and `code:` pins per entity, and each
field's option labels and their `renamed_from`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.config.checks import Named, Where, duplicate_names, kind_label
from reconciler.errors import ConfigIssue
from reconciler.kinds.fields.model import ENTITIES, CustomField, Fields


def check_fields(config: Any, where: Where) -> list[ConfigIssue]:
    fields: Fields = config.fields
    issues: list[ConfigIssue] = []
    for entity in ENTITIES:
        declared: list[CustomField] = getattr(fields, entity)
        named = [
            Named(("fields", entity, i), f.name, f.renamed_from, None)
            for i, f in enumerate(declared)
        ]
        issues += duplicate_names(kind_label(f"{entity} field"), named, named, where)
        pinned: dict[str, int] = {}
        for i, spec in enumerate(declared):
            if spec.code is not None and spec.code in pinned:
                first = where(("fields", entity, pinned[spec.code], "code"))
                message = f"code {spec.code} is pinned by two {entity} fields (first at {first})"
                issues.append(where(("fields", entity, i, "code")).issue(message))
            elif spec.code is not None:
                pinned[spec.code] = i
            issues += _options(entity, i, spec, where)
    return issues


def _options(entity: str, index: int, spec: CustomField, where: Where) -> list[ConfigIssue]:
    path = ("fields", entity, index, "options")
    options = [
        Named((*path, k), o, [], None)
        if isinstance(o, str)
        else Named((*path, k), o.label, o.renamed_from, None)
        for k, o in enumerate(spec.options or [])
    ]
    label = kind_label("option", f" of {entity} field '{spec.name}'")
    return list(duplicate_names(label, options, options, _label_where(where, spec.options)))


def _label_where(where: Where, options: Any) -> Where:
    """A plain-label option is its own node: point at it rather than at a `name` key."""

    def at(path: tuple[str | int, ...]) -> Any:
        if path and path[-1] == "name" and isinstance(path[-2], int):
            option = options[path[-2]]
            return where(path[:-1] if isinstance(option, str) else (*path[:-1], "label"))
        return where(path)

    return at


def count_fields(config: Any) -> Mapping[str, int]:
    fields: Fields = config.fields
    return {"fields": sum(len(getattr(fields, e)) for e in ENTITIES)}
