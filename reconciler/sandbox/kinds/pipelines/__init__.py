"""Pipelines with their stages: v1 (deprecated upstream, still emulated) and v2, and the
config's `pipelines` section as a seed."""

from __future__ import annotations

from reconciler.sandbox.kind import Kind, SeedBuild
from reconciler.sandbox.kinds.pipelines import routes_v1, routes_v2
from reconciler.sandbox.kinds.pipelines.rules import Pipeline, Pipelines, Stage

__all__ = ["KIND", "Pipeline", "Pipelines", "Stage"]


def seed_pipelines(build: SeedBuild) -> None:
    pipelines = build.store.part(Pipelines)
    names: set[str] = set()
    for index, spec in enumerate(build.config.pipelines):
        if spec.name in names:
            build.problem(("pipelines", index, "name"), f"duplicate pipeline {spec.name!r}")
            continue
        names.add(spec.name)
        pipeline = pipelines.create_pipeline(
            spec.name, deal_probability=bool(spec.deal_probability), order_nr=index + 1
        )
        stage_names: set[str] = set()
        for stage_index, stage_spec in enumerate(spec.stages or []):
            if stage_spec.name in stage_names:
                loc = ("pipelines", index, "stages", stage_index, "name")
                build.problem(loc, f"duplicate stage {stage_spec.name!r} in {spec.name!r}")
                continue
            stage_names.add(stage_spec.name)
            probability = stage_spec.deal_probability
            pipelines.create_stage(
                stage_spec.name,
                pipeline.id,
                deal_probability=100 if probability is None else probability,
                rotten_flag=stage_spec.rotten_days is not None,
                rotten_days=stage_spec.rotten_days,
            )


def stage_ids(pipelines: Pipelines) -> dict[tuple[str, str], int]:
    """Live stages by (pipeline name, stage name), as seeds name them."""
    names = {p.id: p.name for p in pipelines.active_pipelines()}
    return {(names[s.pipeline_id], s.name): s.id for s in pipelines.active_stages()}


KIND = Kind(
    name="pipelines",
    rules=Pipelines,
    v1_routes=routes_v1.ROUTES,
    v2_routes=routes_v2.ROUTES,
    seed=seed_pipelines,
)
