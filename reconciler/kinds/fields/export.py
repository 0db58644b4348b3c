"""The live custom fields as config (`export`), and two companies' fields compared
(`diff-envs`).

Custom fields, each entity's in Pipedrive's order, with every setting the config can state,
so `plan` right after is empty. System fields are not worth writing new (their settings stay
unmanaged until declared); `export --update` brings declared ones up to date. Each item says
its entity in `_group` (never written). Two live fields of one entity sharing a name: the
first is written with a `code:` pin, the others are left unmanaged, with a note.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.kinds.exporting import Item, Notes
from reconciler.kinds.fields.desired import FIELD
from reconciler.kinds.fields.model import ENTITIES
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import LiveState, Resource

_SETTINGS = ("add_visible", "details_visible", "pipelines", "important", "required")


def export_fields(live: LiveState, notes: Notes) -> list[Item]:
    items: list[Item] = []
    for entity in ENTITIES:
        custom = [r for r in live.of_kind(FIELD) if r.key[0] == entity]
        seen: dict[str, Resource] = {}
        for field in custom:
            if field.name in seen:
                first, other = seen[field.name].fields["code"], field.fields["code"]
                notes.add(
                    "fields",
                    f"two live {entity} fields are named '{field.name}': {first} is written "
                    f"with a code pin, {other} left unmanaged; rename one in Pipedrive",
                )
                continue
            seen[field.name] = field
            items.append(_item(field, shared=sum(r.name == field.name for r in custom) > 1))
    return items


def _item(field: Resource, *, shared: bool) -> Item:
    values = field.fields
    item: Item = {"_group": field.key[0], "name": field.name}
    if values["system"]:
        item["_system"] = True
    if shared:
        item["code"] = values["code"]
    if not values["system"]:
        item["type"] = values["type"]
    if values.get("description"):
        item["description"] = values["description"]
    if values.get("options") is not None:
        item["options"] = list(values["options"])
    for name in _SETTINGS:
        if name in values:
            item[name] = _plain(values[name])
    if values.get("required_on"):
        item["required_on"] = _plain(values["required_on"])
    return item


def custom(item: Item, live: LiveState | None = None) -> bool:
    """System fields are exported only to bring declared ones up to date (`--update`)."""
    return not item.get("_system")


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return list(value)
    return value


def compare_fields(a: LiveState, b: LiveState) -> list[Change]:
    """Changes turning B's custom fields into A's, matched by name within their entity."""
    if FIELD not in a.kinds_read or FIELD not in b.kinds_read:
        return []
    wanted = _by_key([i for i in export_fields(a, Notes()) if custom(i)])
    have = _by_key([i for i in export_fields(b, Notes()) if custom(i)])
    changes: list[Change] = []
    for key in sorted(wanted.keys() | have.keys()):
        after, before = wanted.get(key), have.get(key)
        if before is None and after is not None:
            changes.append(Create(kind=FIELD, key=key, after=after))
        elif after is None and before is not None:
            changes.append(Delete(kind=FIELD, key=key, id=None, before=before))
        elif after is not None and before is not None:
            keys = [*after, *(k for k in before if k not in after)]
            fields = diff_fields(before, after, keys)
            if fields:
                changes.append(
                    Update(kind=FIELD, key=key, id=None, before=before, after=after, fields=fields)
                )
    return changes


def _by_key(items: list[Item]) -> dict[tuple[str, str], Item]:
    hidden = {"name", "code"}
    return {
        (item["_group"], item["name"]): {
            k: v for k, v in item.items() if not k.startswith("_") and k not in hidden
        }
        for item in items
    }
