"""Writing custom fields through API v2 (`/api/v2/{entity}Fields`).

A create is one POST with the options and settings; an update is one PATCH for the name,
description and settings that changed, then the atomic bulk option writes: renames (PATCH
`[{id, label}]`, keeping each option's id), additions (POST `[{label}]`), removals (DELETE
`[{id}]`). A delete is one DELETE. Pipelines and stages are named in the plan and resolved
to ids here, so those created earlier in the same run are found (`calls.Ids`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reconciler.calls import Call, Ids, Step
from reconciler.kinds.fields.payloads import FieldWrite
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Change, Create, Delete, Update
from reconciler.state import PIPELINE, STAGE

_VISIBILITY = {"add_visible": "add_visible_flag", "details_visible": "details_visible_flag"}


def write_field(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    entity = change.key[0]
    payload = change.payload if isinstance(change.payload, FieldWrite) else FieldWrite(entity)
    base = f"/{entity}Fields"
    one = f"{base}/{payload.code or '{field_code}'}"
    match change:
        case Create():
            values = change.after
            body: dict[str, Any] = {"field_name": values["name"], "field_type": values["type"]}
            if values.get("options") is not None:
                body["options"] = [{"label": label} for label in values["options"]]
            body |= settings_body(entity, values, values.keys(), ids)
            return [Call("POST", "v2", base, body)]
        case Update():
            touched = {f.path.split(".")[0] for f in change.fields} - {"options"}
            calls = []
            if touched:
                body = settings_body(entity, change.after, touched, ids)
                if "name" in touched:
                    body = {"field_name": change.after["name"], **body}
                calls.append(Call("PATCH", "v2", one, body))
            return calls + option_calls(f"{one}/options", payload)
        case Delete():
            return [Call("DELETE", "v2", one)]


def option_calls(path: str, payload: FieldWrite) -> list[Call]:
    calls = []
    if payload.rename_options:
        renamed = [{"id": i, "label": label} for i, label in payload.rename_options]
        calls.append(Call("PATCH", "v2", path, renamed))
    if payload.add_options:
        calls.append(Call("POST", "v2", path, [{"label": label} for label in payload.add_options]))
    if payload.delete_options:
        calls.append(Call("DELETE", "v2", path, [{"id": i} for i in payload.delete_options]))
    return calls


def settings_body(
    entity: str, values: Mapping[str, Any], keys: Iterable[str], ids: Ids
) -> dict[str, Any]:
    """The documented request keys for the settings among `keys`, names resolved to ids."""
    keys = set(keys)
    body: dict[str, Any] = {}
    visibility: dict[str, Any] = {v: values[k] is True for k, v in _VISIBILITY.items() if k in keys}
    if "pipelines" in keys:
        visibility["show_in_pipelines"] = _shown(values["pipelines"], ids)
    if visibility:
        body["ui_visibility"] = visibility
    if "important" in keys:
        body["important_fields"] = _stage_rule(values["important"], ids)
    required: dict[str, Any] = {}
    if "required" in keys:
        rule = values["required"]
        required = _stage_rule(rule, ids) if entity == "deal" else {"enabled": rule is True}
    if "required_on" in keys:
        required["statuses"] = {
            str(_pipeline_id(ids, name)): list(statuses)
            for name, statuses in values["required_on"].items()
        }
    if required:
        body["required_fields"] = required
    if "description" in keys:
        body["description"] = values["description"]
    return body


def _shown(pipelines: Any, ids: Ids) -> dict[str, Any]:
    if pipelines == "all":
        return {"show_in_all": True, "pipeline_ids": []}
    return {"show_in_all": False, "pipeline_ids": [_pipeline_id(ids, p) for p in pipelines]}


def _stage_rule(rule: Any, ids: Ids) -> dict[str, Any]:
    """true: everywhere (no stages); false: nowhere; {pipeline: stages}: at those stages."""
    if isinstance(rule, bool):
        return {"enabled": rule, "stage_ids": []}
    stage_ids = [
        ids.id_of(STAGE, (pipeline, stage)) or 0
        for pipeline, stages in rule.items()
        for stage in stages
    ]
    return {"enabled": True, "stage_ids": stage_ids}


def _pipeline_id(ids: Ids, name: str) -> int:
    return ids.id_of(PIPELINE, (name,)) or 0
