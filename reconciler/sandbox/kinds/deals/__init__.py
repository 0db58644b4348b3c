"""Deals, read-only over the API, and the seed's sandbox-only `deals` section.

`{pipeline, stage, count}` makes `count` numbered deals; `{id, title, pipeline, stage}` one
deal with that id, made before the counted ones so the ids stay free.
"""

from __future__ import annotations

from reconciler.sandbox.kind import Kind, SeedBuild
from reconciler.sandbox.kinds.deals import routes
from reconciler.sandbox.kinds.deals.rules import Deal, Deals
from reconciler.sandbox.kinds.pipelines import Pipelines, stage_ids
from reconciler.sandbox.kinds.users import Users

__all__ = ["KIND", "Deal", "Deals"]


def seed_deals(build: SeedBuild) -> None:
    _single_deals(build)
    _counted_deals(build)


def _single_deals(build: SeedBuild) -> None:
    deals, pipelines = build.store.part(Deals), build.store.part(Pipelines)
    owner = build.store.part(Users).owner().id
    stages = stage_ids(pipelines)
    specs = [(i, d) for i, d in enumerate(build.config.deals) if d.id is not None]
    for index, spec in sorted(specs, key=lambda item: item[1].id or 0):
        assert spec.id is not None
        stage_id = stages.get((spec.pipeline, spec.stage))
        if stage_id is None:
            message = f"unknown stage {spec.stage!r} in pipeline {spec.pipeline!r}"
            build.problem(("deals", index, "stage"), message)
        elif spec.id in deals.deals:
            build.problem(("deals", index, "id"), f"duplicate deal id {spec.id}")
        else:
            # Ascending ids on an empty deal table: the sequence is never past spec.id here.
            build.store.next_ids["deals"] = spec.id
            stage = pipelines.stages[stage_id]
            deal = deals.create_deal(spec.title or f"Deal {spec.id}", stage, owner)
            deal.person_id, deal.org_id = spec.person_id, spec.org_id


def _counted_deals(build: SeedBuild) -> None:
    deals, pipelines = build.store.part(Deals), build.store.part(Pipelines)
    owner = build.store.part(Users).owner().id
    stages = stage_ids(pipelines)
    for index, spec in enumerate(build.config.deals):
        if spec.id is not None:
            continue
        stage_id = stages.get((spec.pipeline, spec.stage))
        if stage_id is None:
            known = any(p == spec.pipeline for p, _ in stages) or any(
                p.name == spec.pipeline for p in build.config.pipelines
            )
            what = (
                f"stage {spec.stage!r} in pipeline {spec.pipeline!r}"
                if known
                else f"pipeline {spec.pipeline!r}"
            )
            build.problem(("deals", index, "stage" if known else "pipeline"), f"unknown {what}")
            continue
        stage = pipelines.stages[stage_id]
        for number in range(1 if spec.count is None else spec.count):
            deals.create_deal(f"{spec.stage} deal {number + 1}", stage, owner)


KIND = Kind(
    name="deals",
    rules=Deals,
    v1_routes=routes.V1_ROUTES,
    v2_routes=routes.V2_ROUTES,
    seed=seed_deals,
)
