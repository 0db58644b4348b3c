"""Pipelines and their stages (`pipelines:`), through API v2 by default or v1.

pipeline (name,)        name, deal_probability
stage (pipeline, name)  name, pipeline, deal_probability, rotten_days, position
"""

from __future__ import annotations

from typing import Any

from reconciler.calls import Call
from reconciler.kinds.pipelines.blockers import DealsBlock, LastVisibleBlock
from reconciler.kinds.pipelines.checks import check_pipelines, count_pipelines
from reconciler.kinds.pipelines.desired import desired_pipelines
from reconciler.kinds.pipelines.export import export_pipelines
from reconciler.kinds.pipelines.model import Pipeline
from reconciler.kinds.pipelines.plan import plan_pipelines
from reconciler.kinds.pipelines.read import read_pipelines, read_stages
from reconciler.kinds.pipelines.write import (
    delete_stages_in_bulk,
    pipeline_ids,
    stage_ids,
    write_pipeline,
    write_stage,
)
from reconciler.kinds.spec import Export, KindSpec, SectionSpec, in_list_order
from reconciler.planning.normalize import to_bool, to_int, to_name
from reconciler.state import PIPELINE, STAGE


def _rotten_days(value: Any) -> int | None:
    days = to_int(value)
    return days if days else None  # 0 days is how some payloads spell "rotting off"


KINDS = (
    KindSpec(
        name=PIPELINE,
        create_call=lambda api: Call("POST", api, "/pipelines"),
        section="pipelines",
        noun="pipeline",
        plural="pipelines",
        prune="pipelines",
        protectable=True,
        normalisers={"name": to_name, "deal_probability": to_bool},
        recents_item="pipeline",
        planner=plan_pipelines,
        blockers=(DealsBlock(), LastVisibleBlock()),
        reader=read_pipelines,
        writer=write_pipeline,
        lookup=pipeline_ids,
        lookup_read=lambda api: Call("GET", api, "/pipelines"),
    ),
    KindSpec(
        name=STAGE,
        create_call=lambda api: Call("POST", api, "/stages"),
        section="pipelines",
        noun="stage",
        plural="stages",
        key_parts=2,
        owner=PIPELINE,
        deleted_with_owner=True,
        protectable=True,
        depends_on=(PIPELINE,),
        read_with_owner=True,
        normalisers={
            "name": to_name,
            "pipeline": to_name,
            "pipeline_id": to_int,
            "deal_probability": to_int,
            "rotten_days": _rotten_days,
            "position": to_int,
        },
        recents_item="stage",
        reader=read_stages,
        writer=write_stage,
        lookup=stage_ids,
        lookup_read=lambda api: Call("GET", api, "/stages"),
        batch=delete_stages_in_bulk,
        tiebreak=in_list_order,
    ),
)

SECTION = SectionSpec(
    name="pipelines",
    noun="pipeline",
    item=Pipeline,
    description="Deal pipelines and their stages, matched by name.",
    kinds=(PIPELINE, STAGE),
    merge_key="name",
    nested_merge={("stages",): "name"},
    desired=desired_pipelines,
    export=Export(words=(PIPELINE, STAGE), reads=(PIPELINE, STAGE), build=export_pipelines),
    compared={
        PIPELINE: ("name", "deal_probability"),
        STAGE: ("name", "pipeline", "deal_probability", "rotten_days", "position"),
    },
    checks=check_pipelines,
    count=count_pipelines,
)
