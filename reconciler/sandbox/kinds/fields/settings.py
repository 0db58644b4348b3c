"""A field's three settings blocks on a write: which keys its entity has, merged onto what
the field had, and checked as the documents describe.

A PATCH changes only the keys it sends (a nested `show_in_pipelines` is replaced whole);
`show_in_add_*_dialog.order` is managed by Pipedrive ("auto-calculated") and so ignored.
Refused with 400: a key the entity's fields do not have, `add_visible_flag: false` on a
system field the documents name as always shown, pipelines or stages that are not active,
`stage_ids` with `enabled: false` ("Empty array when enabled is false"), and important or
required stages outside the pipelines a deal field is shown in.
"""

from __future__ import annotations

import copy
from typing import Any

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.kinds.fields.catalog import CATALOG
from reconciler.sandbox.kinds.pipelines import Pipelines

Block = dict[str, Any]


def merged_visibility(entity: str, code: str, current: Block, sent: Block) -> Block:
    found = copy.deepcopy(current)
    allowed = CATALOG[entity].visibility_keys
    for key, value in sent.items():
        if key not in allowed:
            raise bad_request(f"Parameter 'ui_visibility.{key}' is not a {entity} field setting")
        if key.startswith("show_in_add_"):
            if not isinstance(value, dict) or not isinstance(value.get("show"), bool):
                raise bad_request(f"Parameter 'ui_visibility.{key}.show' must be true or false")
            order = found.get(key, {}).get("order") or 1
            found[key] = {"show": value["show"], "order": order if value["show"] else None}
        elif key == "show_in_pipelines":
            found[key] = _pipelines_shown(value)
        else:
            found[key] = value
    if found.get("add_visible_flag") is False and code in CATALOG[entity].always_add_visible:
        raise bad_request(f"Parameter 'ui_visibility.add_visible_flag' cannot be false for {code}")
    return found


def _pipelines_shown(value: Any) -> Block:
    if not isinstance(value, dict) or set(value) - {"show_in_all", "pipeline_ids"}:
        raise bad_request("Parameter 'ui_visibility.show_in_pipelines' must be "
                          "{show_in_all, pipeline_ids}")  # fmt: skip
    show_in_all = value.get("show_in_all", True)
    # "Only used when show_in_all is false."
    ids = [] if show_in_all else list(value.get("pipeline_ids", []))
    return {"show_in_all": show_in_all, "pipeline_ids": ids}


def merged_block(entity: str, name: str, current: Block | None, sent: Block) -> Block:
    """important_fields or required_fields after a write."""
    spec = CATALOG[entity]
    if current is None or (name == "important_fields" and not spec.important):
        raise bad_request(f"Parameter '{name}' is not a {entity} field setting")
    allowed = {"enabled", "stage_ids"} if name == "important_fields" else {"enabled"}
    if name == "required_fields" and spec.required_by_stage:
        allowed = {"enabled", "stage_ids", "statuses"}
    unknown = sorted(set(sent) - allowed)
    if unknown:
        raise bad_request(f"Parameter '{name}.{unknown[0]}' is not a {entity} field setting")
    found = {**copy.deepcopy(current), **copy.deepcopy(sent)}
    if found.get("enabled") is False and found.get("stage_ids"):
        raise bad_request(f"Parameter '{name}.stage_ids' must be empty when enabled is false")
    return found


def check_references(
    pipelines: Pipelines, visibility: Block, blocks: dict[str, Block | None]
) -> None:
    """Pipelines and stages named are active, and stages sit where the field is shown."""
    active = {p.id for p in pipelines.active_pipelines()}
    stages = {s.id: s.pipeline_id for s in pipelines.active_stages()}
    shown = visibility.get("show_in_pipelines")
    for pipeline_id in (shown or {}).get("pipeline_ids", []):
        if pipeline_id not in active:
            raise bad_request(f"Pipeline {pipeline_id} not found (show_in_pipelines)")
    visible = None if not shown or shown["show_in_all"] else set(shown["pipeline_ids"])
    for name, block in blocks.items():
        for stage_id in (block or {}).get("stage_ids", []):
            if stage_id not in stages:
                raise bad_request(f"Stage {stage_id} not found ({name}.stage_ids)")
            if visible is not None and stages[stage_id] not in visible:
                raise bad_request(
                    f"Stage {stage_id} of {name}.stage_ids is in a pipeline where the field "
                    "is not shown (show_in_pipelines)"
                )
        for key in (block or {}).get("statuses", {}):
            if not key.isdigit() or int(key) not in active:
                raise bad_request(f"Pipeline {key} not found ({name}.statuses)")
