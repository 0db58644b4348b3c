"""The `fields:` section as desired state.

field (entity, name)   name, entity; and only what the entry sets: type, description,
                       options (labels, in order), option_renames {label: former labels},
                       add_visible, details_visible, pipelines ("all" or names), important,
                       required (true, false or {pipeline: stages}), required_on
                       ({pipeline: [won, lost]}); code (a pin to the live field_code)
"""

from __future__ import annotations

from typing import Any

from reconciler.kinds.fields.model import CustomField, FieldOption, Fields, entity_fields
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import Resource

FIELD = "field"
_SETTINGS = (
    "description", "add_visible", "details_visible", "pipelines", "important", "required",
    "required_on",
)  # fmt: skip


def desired_fields(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    config: Fields = loaded.config.fields
    for entity, index, spec in entity_fields(config):
        part.resources.append(
            Resource(
                FIELD,
                (entity, spec.name),
                field_values(entity, spec),
                renamed_from=tuple(spec.renamed_from),
                protect=spec.protect,
                origin=loaded.origin("fields", entity, index),
            )
        )
    return part


def field_values(entity: str, spec: CustomField) -> dict[str, Any]:
    values: dict[str, Any] = {"name": spec.name, "entity": entity}
    if spec.code is not None:
        values["code"] = spec.code
    if spec.type is not None:
        values["type"] = spec.type
    if spec.options is not None:
        values["options"] = tuple(spec.option_labels())
        renames = {
            o.label: tuple(o.renamed_from)
            for o in spec.options
            if isinstance(o, FieldOption) and o.renamed_from
        }
        if renames:
            values["option_renames"] = renames
    for name in _SETTINGS:
        value = getattr(spec, name, None)
        if value is not None:
            values[name] = value
    return values
