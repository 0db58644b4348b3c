"""Offline checks of `pipelines:`: names and pins of pipelines, and of each one's stages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.config.checks import Where, holder_names
from reconciler.errors import ConfigIssue
from reconciler.kinds.pipelines.model import Pipeline


def check_pipelines(config: Any, where: Where) -> list[ConfigIssue]:
    pipelines: list[Pipeline] = config.pipelines
    stages = ("stages", "stage")
    return holder_names("pipelines", pipelines, stages, lambda p: p.stages or [], where)


def count_pipelines(config: Any) -> Mapping[str, int]:
    pipelines: list[Pipeline] = config.pipelines
    return {"pipelines": len(pipelines), "stages": sum(len(p.stages or ()) for p in pipelines)}
