"""diff-envs for custom fields (pure: two live states): matched by name within their entity,
options by label; field codes, which differ between companies, are ignored."""

from __future__ import annotations

from typing import Any

from reconciler.compare import compare
from reconciler.kinds.fields.desired import FIELD
from reconciler.state import LiveState, Resource


def field(entity: str, name: str, code: str, **values: Any) -> Resource:
    base = {"name": name, "entity": entity, "code": code, "type": "enum", "system": False,
            "options": ("Low", "High"), "add_visible": False, "required": False}  # fmt: skip
    return Resource(FIELD, (entity, name), base | values)


def company(*resources: Resource) -> LiveState:
    return LiveState(resources=resources, kinds_read=frozenset({FIELD}))


def test_fields_compare_by_name_within_their_entity_and_options_by_label():
    a = company(
        field("deal", "Priority", "a1", options=("Low", "High", "Urgent")),
        field("person", "Priority", "a2"),
        field("deal", "Only in A", "a3"),
        field("deal", "Value", "value", type="monetary", system=True, required=True),
    )
    b = company(
        field("deal", "Priority", "b1"),
        field("person", "Priority", "b2"),
        field("organization", "Only in B", "b3"),
        field("deal", "Value", "value", type="monetary", system=True),
    )
    changes = [
        (c.action.value, c.address, [f.path for f in c.fields]) for c in compare(a, b).changes
    ]
    assert changes == [
        ("create", "field/deal/Only in A", []),
        ("update", "field/deal/Priority", ["options"]),
        ("delete", "field/organization/Only in B", []),
    ]
