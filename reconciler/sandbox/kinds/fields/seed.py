"""The config's `fields` section as a seed: each entity's fields, by name.

A field with a `type` is created as a custom field, its options in the order given; a field
without one names a system field (by `field_name`) whose settings are set. Pipelines and
stages are named as the config names them and resolved to ids here; everything is then
written through the same rules as the API, so a seed cannot hold settings Pipedrive refuses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reconciler.kinds.fields.model import CustomField, DealField
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.kind import Loc, SeedBuild
from reconciler.sandbox.kinds.fields.catalog import ENTITIES
from reconciler.sandbox.kinds.fields.rules import Fields
from reconciler.sandbox.kinds.pipelines import Pipelines, stage_ids


class UnknownName(Exception):
    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where


def seed_fields(build: SeedBuild) -> None:
    fields = build.store.part(Fields)
    for entity in ENTITIES:
        for index, spec in enumerate(getattr(build.config.fields, entity)):
            loc: Loc = ("fields", entity, index)
            try:
                body = settings_body(build.store.part(Pipelines), spec)
                _write(fields, entity, spec, body)
            except UnknownName as exc:
                build.problem((*loc, exc.where), str(exc))
            except ApiFailure as exc:
                build.problem(loc, exc.message)


def _write(fields: Fields, entity: str, spec: CustomField, body: dict[str, Any]) -> None:
    if spec.type is None:
        system = [f for f in fields.listed(entity) if f.field_name == spec.name]
        if not system or system[0].is_custom_field:
            raise UnknownName("name", f"{spec.name!r} is not a system {entity} field; give "
                              "`type` to create a custom field")  # fmt: skip
        if body:
            fields.update(entity, system[0].field_code, body)
        return
    body = {"field_name": spec.name, "field_type": spec.type, **body}
    if spec.options is not None:
        body["options"] = [{"label": label} for label in spec.option_labels()]
    fields.create(entity, body)


def settings_body(pipelines: Pipelines, spec: CustomField) -> dict[str, Any]:
    """The documented request keys a field's config sets, with names resolved to ids."""
    body: dict[str, Any] = {}
    visibility: dict[str, Any] = {
        "add_visible_flag": spec.add_visible,
        "details_visible_flag": spec.details_visible,
    }
    visibility = {key: value for key, value in visibility.items() if value is not None}
    resolve = _Resolver(pipelines)
    if isinstance(spec, DealField) and spec.pipelines is not None:
        visibility["show_in_pipelines"] = resolve.shown(spec.pipelines)
    if visibility:
        body["ui_visibility"] = visibility
    important = getattr(spec, "important", None)
    if important is not None:
        body["important_fields"] = resolve.stage_block(important, "important")
    required = getattr(spec, "required", None)
    if required is not None:
        body["required_fields"] = resolve.stage_block(required, "required")
    if isinstance(spec, DealField):
        if spec.required_on is not None:
            statuses = resolve.statuses(spec.required_on)
            body.setdefault("required_fields", {})["statuses"] = statuses
        if spec.description is not None:
            body["description"] = spec.description
    return body


class _Resolver:
    def __init__(self, pipelines: Pipelines) -> None:
        self.pipelines = {p.name: p.id for p in pipelines.active_pipelines()}
        self.stages = stage_ids(pipelines)

    def pipeline(self, name: str, where: str) -> int:
        if name not in self.pipelines:
            raise UnknownName(where, f"unknown pipeline {name!r}")
        return self.pipelines[name]

    def shown(self, names: list[str] | str) -> dict[str, Any]:
        if names == "all":
            return {"show_in_all": True, "pipeline_ids": []}
        return {"show_in_all": False,
                "pipeline_ids": [self.pipeline(n, "pipelines") for n in names]}  # fmt: skip

    def stage_block(self, value: bool | dict[str, list[str]], where: str) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"enabled": value, "stage_ids": []} if where == "important" else {
                "enabled": value}  # fmt: skip
        found = []
        for pipeline, stages in value.items():
            self.pipeline(pipeline, where)
            for stage in stages:
                if (pipeline, stage) not in self.stages:
                    raise UnknownName(where, f"unknown stage {stage!r} in pipeline {pipeline!r}")
                found.append(self.stages[(pipeline, stage)])
        return {"enabled": True, "stage_ids": found}

    def statuses(self, value: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
        return {str(self.pipeline(name, "required_on")): list(s) for name, s in value.items()}
