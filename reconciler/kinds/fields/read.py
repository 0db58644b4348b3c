"""Reading custom fields: one list per entity, `GET /api/v2/{entity}Fields` with
`include_fields=ui_visibility,important_fields,required_fields` (the settings blocks come
back only when asked for; product fields take `ui_visibility` alone). Project field lists
document no `include_fields` and answer with their blocks anyway, so none is sent for them.

Live values are in the config's vocabulary: pipelines and stages by name (through the
pipelines and stages read before), `important`/`required` as true (everywhere), false or
{pipeline: [stages]}, `required_on` as {pipeline: [won, lost]}. Besides what is compared, a
live field carries its `code` (field_code), `system` (not a custom field) and `option_ids`
{label: option id}, which the planner and the writer use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int
from reconciler.kinds.fields.desired import FIELD
from reconciler.kinds.fields.model import ENTITIES, OPTION_TYPES
from reconciler.state import PIPELINE, STAGE, Resource

INCLUDE = "ui_visibility,important_fields,required_fields"


def list_params(entity: str) -> dict[str, str] | None:
    if entity == "project":
        return None
    # Product fields have visibility settings only, and the documents allow no more.
    return {"include_fields": "ui_visibility" if entity == "product" else INCLUDE}


def entities_read(ctx: ReadContext) -> tuple[str, ...]:
    wanted = ctx.scope.of(FIELD)
    if wanted.every:
        return ENTITIES
    declared = wanted.flags.get("entities", frozenset())
    return tuple(e for e in ENTITIES if e in declared)


async def read_fields(ctx: ReadContext) -> None:
    pipelines = ctx.names.get(PIPELINE, {})
    stages = {r.id: r.key for r in ctx.live(STAGE) if r.id is not None}
    names = _Names(pipelines, stages)
    for entity in entities_read(ctx):
        items = await ctx.client.list_all("v2", f"/{entity}Fields", list_params(entity))
        for item in items:
            values = live_values(entity, item, names)
            ctx.resources.append(Resource(FIELD, (entity, values["name"]), values))


class _Names:
    def __init__(self, pipelines: Mapping[int, str], stages: Mapping[int, tuple[str, ...]]):
        self.pipelines = pipelines
        self.stages = stages

    def pipeline(self, live_id: Any) -> str:
        found = as_int(live_id)
        return self.pipelines.get(found or 0) or f"pipeline {live_id}"

    def stage_rule(self, block: Mapping[str, Any]) -> bool | dict[str, list[str]]:
        """true everywhere, false nowhere, or {pipeline: [stages]}."""
        if not as_bool(block.get("enabled")):
            return False
        ids = block.get("stage_ids") or []
        if not ids:
            return True
        found: dict[str, list[str]] = {}
        for stage_id in ids:
            pipeline, name = self.stages.get(as_int(stage_id) or 0, ("?", f"stage {stage_id}"))
            found.setdefault(pipeline, []).append(name)
        return found


def live_values(entity: str, item: Mapping[str, Any], names: _Names) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": item["field_name"],
        "entity": entity,
        "code": item["field_code"],
        "type": item["field_type"],
        "system": not as_bool(item.get("is_custom_field")),
    }
    if entity == "deal":
        values["description"] = item.get("description")
    if item["field_type"] in OPTION_TYPES:
        options = item.get("options") or []
        values["options"] = tuple(o["label"] for o in options)
        values["option_ids"] = {o["label"]: o["id"] for o in options}
    values |= _visibility(entity, item.get("ui_visibility") or {}, names)
    important = item.get("important_fields")
    if important is not None and entity != "product":
        values["important"] = names.stage_rule(important)
    required = item.get("required_fields")
    if required is not None and entity != "product":
        if entity == "deal":
            values["required"] = names.stage_rule(required)
            statuses = required.get("statuses") or {}
            values["required_on"] = {names.pipeline(k): list(v) for k, v in statuses.items()}
        else:
            values["required"] = as_bool(required.get("enabled"))
    return values


def _visibility(entity: str, block: Mapping[str, Any], names: _Names) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "add_visible_flag" in block:
        values["add_visible"] = as_bool(block["add_visible_flag"])
    if "details_visible_flag" in block:
        values["details_visible"] = as_bool(block["details_visible_flag"])
    shown = block.get("show_in_pipelines")
    if entity == "deal" and isinstance(shown, Mapping):
        if as_bool(shown.get("show_in_all", True)):
            values["pipelines"] = "all"
        else:
            values["pipelines"] = [names.pipeline(i) for i in shown.get("pipeline_ids") or []]
    return values
