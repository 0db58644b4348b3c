"""Offline checks of `pipelines:`: names and pins of pipelines, and of each one's stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.config.checks import Named, Where, duplicate_names, duplicate_pins, kind_label
from reconciler.errors import ConfigIssue
from reconciler.kinds.pipelines.model import Pipeline


def check_pipelines(config: Any, where: Where) -> list[ConfigIssue]:
    pipelines: list[Pipeline] = config.pipelines
    named = [Named(("pipelines", i), p.name, p.renamed_from, p.id) for i, p in enumerate(pipelines)]
    issues = [*duplicate_names(kind_label("pipeline"), named, named, where)]
    stages: list[Named] = []
    for i, pipeline in enumerate(pipelines):
        group = [
            Named(("pipelines", i, "stages", j), s.name, s.renamed_from, s.id)
            for j, s in enumerate(pipeline.stages or [])
        ]
        label = kind_label("stage", f" of pipeline '{pipeline.name}'")
        issues += duplicate_names(label, group, group, where)
        stages += group
    issues += duplicate_pins("pipeline", named, where)
    issues += duplicate_pins("stage", stages, where)
    return issues


def count_pipelines(config: Any) -> Mapping[str, int]:
    pipelines: list[Pipeline] = config.pipelines
    return {"pipelines": len(pipelines), "stages": sum(len(p.stages or ()) for p in pipelines)}
