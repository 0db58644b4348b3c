"""Pipelines and stages as v1 and v2 show them: field names, types and timestamp formats."""

from __future__ import annotations

import re
from typing import Any

from reconciler.sandbox.http import v1_time, v2_time
from reconciler.sandbox.kinds.pipelines.rules import Pipeline, Pipelines, Stage


def url_title(name: str) -> str:
    return re.sub(r"\s+", "-", name.strip())


def pipeline_v1(
    pipelines: Pipelines, pipeline: Pipeline, *, with_selected: bool = True
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pipeline.id,
        "name": pipeline.name,
        "url_title": url_title(pipeline.name),
        "order_nr": pipeline.order_nr,
        "active": pipeline.active and not pipeline.deleted,
        "deal_probability": pipeline.deal_probability,
        "add_time": v1_time(pipeline.add_time),
        "update_time": v1_time(pipeline.update_time),
    }
    if with_selected:
        first = pipelines.active_pipelines()[:1]
        data["selected"] = bool(first) and first[0].id == pipeline.id
    return data


def pipeline_v2(pipeline: Pipeline) -> dict[str, Any]:
    return {
        "id": pipeline.id,
        "name": pipeline.name,
        "order_nr": pipeline.order_nr,
        "is_deleted": pipeline.deleted,
        "is_deal_probability_enabled": pipeline.deal_probability,
        "add_time": v2_time(pipeline.add_time),
        "update_time": v2_time(pipeline.update_time),
    }


def stage_v1(pipelines: Pipelines, stage: Stage, *, with_pipeline: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": stage.id,
        "order_nr": stage.order_nr,
        "name": stage.name,
        "active_flag": not stage.deleted,
        "deal_probability": stage.deal_probability,
        "pipeline_id": stage.pipeline_id,
        "rotten_flag": stage.rotten_flag,
        "rotten_days": stage.rotten_days,
        "add_time": v1_time(stage.add_time),
        "update_time": v1_time(stage.update_time),
    }
    if with_pipeline:
        pipeline = pipelines.pipelines[stage.pipeline_id]
        data["pipeline_name"] = pipeline.name
        data["pipeline_deal_probability"] = pipeline.deal_probability
    return data


def stage_v2(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.id,
        "order_nr": stage.order_nr,
        "name": stage.name,
        "is_deleted": stage.deleted,
        "deal_probability": stage.deal_probability,
        "pipeline_id": stage.pipeline_id,
        "is_deal_rot_enabled": stage.rotten_flag,
        "days_to_rotten": stage.rotten_days,
        "add_time": v2_time(stage.add_time),
        "update_time": v2_time(stage.update_time),
    }
