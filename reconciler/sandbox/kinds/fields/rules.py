"""Custom fields of deals, persons, organizations, products and projects (API v2).

A company starts with each entity's system fields (`catalog`). Decisions where the documents
are silent (FACTS.md §14):
- a custom field's `field_code` is a 40-character hex hash, made from the company's field
  sequence so a seed always gives the same codes; field names need not be unique;
- `field_code` and `field_type` cannot change (400, as documented); a system field takes
  settings only: renaming, deleting it or changing its options is a 400;
- options belong to enum and set fields (400 elsewhere) and have integer ids that are never
  reused within a field; the bulk option writes are atomic: one unknown or repeated id, or an
  empty list, fails the whole request before anything changes;
- DELETE marks a custom field deleted: it leaves every list, and reads of it are 404;
- a deleted stage or pipeline leaves the settings that named it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.http import v2_time
from reconciler.sandbox.kind import Rules, alive
from reconciler.sandbox.kinds.fields.catalog import (
    CATALOG,
    ENTITIES,
    OPTION_TYPES,
    REQUIRED_SYSTEM_FIELDS,
    default_visibility,
)
from reconciler.sandbox.kinds.fields.settings import (
    check_references,
    merged_block,
    merged_visibility,
)
from reconciler.sandbox.kinds.pipelines import Pipeline, Pipelines, Stage

SETTINGS = ("ui_visibility", "important_fields", "required_fields")


@dataclass
class Field:
    id: int
    entity: str
    field_code: str
    field_name: str
    field_type: str
    is_custom_field: bool
    ui_visibility: dict[str, Any]
    important_fields: dict[str, Any] | None
    required_fields: dict[str, Any] | None
    description: str | None = None
    # {id, label, add_time, update_time}, times already as API text.
    options: list[dict[str, Any]] = field(default_factory=list)
    next_option_id: int = 1
    add_time: datetime | None = None
    deleted: bool = False


def _blank_blocks(entity: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    spec = CATALOG[entity]
    important = {"enabled": False, "stage_ids": []} if spec.important else None
    required: dict[str, Any] = {"enabled": False}
    if spec.required_by_stage:
        required.update({"stage_ids": [], "statuses": {}})
    return important, required if entity != "product" else None


class Fields(Rules):
    tables: ClassVar[Mapping[str, type]] = {"fields": Field}
    fields: dict[int, Field]

    def loaded(self) -> None:
        if not self.fields:
            for entity in ENTITIES:
                for code, name, field_type in CATALOG[entity].system:
                    self._new(entity, code, name, field_type, system=True)

    def _new(self, entity: str, code: str, name: str, field_type: str, system: bool) -> Field:
        important, required = _blank_blocks(entity)
        if required is not None and code in REQUIRED_SYSTEM_FIELDS.get(entity, ()):
            required["enabled"] = True
        found = Field(
            self.store.new_id("fields"), entity, code, name, field_type, not system,
            default_visibility(entity, system=system), important, required,
            add_time=self.store.now(),
        )  # fmt: skip
        self.fields[found.id] = found
        return found

    def listed(self, entity: str) -> list[Field]:
        return sorted((f for f in alive(self.fields) if f.entity == entity), key=lambda f: f.id)

    def get(self, entity: str, code: str) -> Field:
        for found in self.listed(entity):
            if found.field_code == code:
                return found
        raise not_found("Field")

    def create(self, entity: str, body: dict[str, Any]) -> Field:
        field_type = body["field_type"]
        labels = [option["label"] for option in body.get("options") or []]
        if field_type in OPTION_TYPES and not labels:
            raise bad_request(f"Parameter 'options' is required for {field_type} fields")
        if field_type not in OPTION_TYPES and "options" in body:
            raise bad_request("Parameter 'options' is only for enum and set fields")
        number = self.store.next_ids["fields"]
        code = hashlib.sha1(f"sandbox:{entity}:{number}".encode()).hexdigest()
        found = self._new(entity, code, body["field_name"], field_type, system=False)
        try:
            self._apply(found, body)
        except Exception:
            del self.fields[found.id]
            raise
        self._add_options(found, labels)
        return found

    def update(self, entity: str, code: str, body: dict[str, Any]) -> Field:
        found = self.get(entity, code)
        for fixed in ("field_code", "field_type"):
            if fixed in body:
                raise bad_request(f"{fixed} cannot be changed")
        if "field_name" in body and not found.is_custom_field:
            raise bad_request(f"System field {code} cannot be renamed")
        self._apply(found, body)
        if "field_name" in body:
            found.field_name = body["field_name"]
        return found

    def _apply(self, found: Field, body: dict[str, Any]) -> None:
        """Settings and description from a body, all checked before any is kept."""
        if "description" in body and not CATALOG[found.entity].has_description:
            raise bad_request(f"Parameter 'description' is not a {found.entity} field setting")
        visibility = found.ui_visibility
        if "ui_visibility" in body:
            sent = body["ui_visibility"]
            visibility = merged_visibility(found.entity, found.field_code, visibility, sent)
        blocks = {name: getattr(found, name) for name in SETTINGS[1:]}
        for name in SETTINGS[1:]:
            if name in body:
                blocks[name] = merged_block(found.entity, name, blocks[name], body[name])
        check_references(self.store.part(Pipelines), visibility, blocks)
        found.ui_visibility = visibility
        found.important_fields = blocks["important_fields"]
        found.required_fields = blocks["required_fields"]
        if "description" in body:
            found.description = body["description"]

    def delete(self, entity: str, code: str) -> Field:
        found = self.get(entity, code)
        if not found.is_custom_field:
            raise bad_request(f"System field {code} cannot be deleted")
        found.deleted = True
        return found

    # -- options ----------------------------------------------------------------------------

    def _option_field(self, entity: str, code: str, items: list[Any]) -> Field:
        found = self.get(entity, code)
        if found.field_type not in OPTION_TYPES or not found.is_custom_field:
            raise bad_request(f"Field {code} has no options to change")
        if not items:
            raise bad_request("At least one option is required")
        return found

    def _existing(self, found: Field, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        by_id = {option["id"]: option for option in found.options}
        ids = [item["id"] for item in items]
        missing = sorted(set(ids) - by_id.keys())
        if missing or len(set(ids)) != len(ids):
            what = f"not found: {', '.join(map(str, missing))}" if missing else "repeated"
            raise bad_request(f"Option ids {what}; nothing was changed")
        return [by_id[i] for i in ids]

    def add_options(self, entity: str, code: str, items: list[dict[str, Any]]) -> list[Any]:
        found = self._option_field(entity, code, items)
        return self._add_options(found, [item["label"] for item in items])

    def _add_options(self, found: Field, labels: list[str]) -> list[dict[str, Any]]:
        stamp = v2_time(self.store.now())
        added = []
        for label in labels:
            option = {"id": found.next_option_id, "label": label, "add_time": stamp,
                      "update_time": stamp}  # fmt: skip
            found.next_option_id += 1
            found.options.append(option)
            added.append(option)
        return added

    def rename_options(self, entity: str, code: str, items: list[dict[str, Any]]) -> list[Any]:
        found = self._option_field(entity, code, items)
        options = self._existing(found, items)
        stamp = v2_time(self.store.now())
        for option, item in zip(options, items, strict=True):
            option["label"], option["update_time"] = item["label"], stamp
        return options

    def delete_options(self, entity: str, code: str, items: list[dict[str, Any]]) -> list[Any]:
        found = self._option_field(entity, code, items)
        gone = self._existing(found, items)
        found.options = [o for o in found.options if o not in gone]
        return gone

    # -- other kinds' deletions ---------------------------------------------------------------

    def after_delete(self, record: object) -> None:
        for found in alive(self.fields):
            for block in (found.important_fields, found.required_fields):
                if block is None:
                    continue
                if isinstance(record, Stage) and record.id in block.get("stage_ids", []):
                    block["stage_ids"].remove(record.id)
                if isinstance(record, Pipeline):
                    block.get("statuses", {}).pop(str(record.id), None)
            shown = found.ui_visibility.get("show_in_pipelines")
            if isinstance(record, Pipeline) and shown and record.id in shown["pipeline_ids"]:
                shown["pipeline_ids"].remove(record.id)
