"""The `pipelines:` section of the config language."""

from __future__ import annotations

from pydantic import Field

from reconciler.config.types import Model, Name, former_names, pin, protect_flag


class Stage(Model):
    """A stage of a pipeline; list order is the stage order."""

    name: Name
    id: int | None = pin("stage")
    renamed_from: list[Name] = former_names("stage")
    deal_probability: int | None = Field(
        None, ge=0, le=100, description="Deal success probability in percent."
    )
    rotten_days: int | None = Field(
        None, ge=1, description="Days until a deal rots; absent or null turns rotting off."
    )
    protect: bool = protect_flag()


class Pipeline(Model):
    """A deal pipeline, matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = pin("pipeline")
    renamed_from: list[Name] = former_names("pipeline")
    deal_probability: bool | None = Field(
        None, description="Whether deal probability is enabled; absent: not managed."
    )
    stages: list[Stage] | None = Field(
        None,
        description="Authoritative when present: undeclared stages of the pipeline are deleted.",
    )
    protect: bool = protect_flag()
