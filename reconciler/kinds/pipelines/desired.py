"""The `pipelines:` section as desired state.

pipeline (name,)          name; deal_probability (bool) only when set
stage (pipeline, name)    name, pipeline, rotten_days (always: None = rotting off),
                          position (1-based list index); deal_probability only when set.
                          Only for pipelines that declare `stages`, which makes their
                          stage list authoritative.
"""

from __future__ import annotations

from typing import Any

from reconciler.kinds.pipelines.model import Pipeline
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import PIPELINE, STAGE, Resource, address


def desired_pipelines(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    pipelines: list[Pipeline] = loaded.config.pipelines
    for index, pipeline in enumerate(pipelines):
        fields: dict[str, Any] = {"name": pipeline.name}
        if pipeline.deal_probability is not None:
            fields["deal_probability"] = pipeline.deal_probability
        part.resources.append(
            Resource(
                PIPELINE,
                (pipeline.name,),
                fields,
                id=pipeline.id,
                renamed_from=tuple(pipeline.renamed_from),
                protect=pipeline.protect,
                origin=loaded.origin("pipelines", index),
            )
        )
        if pipeline.stages is not None:
            part.authoritative.add(address(PIPELINE, (pipeline.name,)))
        for position, stage in enumerate(pipeline.stages or (), start=1):
            stage_fields: dict[str, Any] = {
                "name": stage.name,
                "pipeline": pipeline.name,
                "rotten_days": stage.rotten_days,
                "position": position,
            }
            if stage.deal_probability is not None:
                stage_fields["deal_probability"] = stage.deal_probability
            part.resources.append(
                Resource(
                    STAGE,
                    (pipeline.name, stage.name),
                    stage_fields,
                    id=stage.id,
                    renamed_from=tuple(stage.renamed_from),
                    protect=stage.protect,
                    origin=loaded.origin("pipelines", index, "stages", position - 1),
                )
            )
    return part
