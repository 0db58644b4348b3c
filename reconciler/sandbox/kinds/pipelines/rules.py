"""Pipelines and their stages: the records and the rules writes follow.

Deleting a stage that still holds deals succeeds and deletes those deals (the deals kind
follows the deletion); deleting a pipeline deletes its stages and their deals. Pipedrive
documents neither case (FACTS.md §12.5), so the sandbox takes the pessimistic model: the
tool's own safety checks, not the server, are what must protect data. The one documented
refusal is kept: deleting the last pipeline a role can see answers 400 (the roles kind
refuses it).

`order_nr`: a new stage is appended (max + 1 within its pipeline); a PUT sets the value as
given, with no renumbering of siblings. A new pipeline goes to the end as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.kind import Rules, alive, live


@dataclass
class Pipeline:
    id: int
    name: str
    order_nr: int
    deal_probability: bool = True
    # v1's "made inactive (hidden)" flag; separate from `deleted`, which only DELETE sets.
    active: bool = True
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Stage:
    id: int
    name: str
    pipeline_id: int
    order_nr: int
    deal_probability: int = 100
    rotten_flag: bool = False
    rotten_days: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


class Pipelines(Rules):
    tables: ClassVar[Mapping[str, type]] = {"pipelines": Pipeline, "stages": Stage}
    pipelines: dict[int, Pipeline]
    stages: dict[int, Stage]

    # -- pipelines ------------------------------------------------------------------------

    def active_pipelines(self) -> list[Pipeline]:
        return sorted(alive(self.pipelines), key=lambda p: (p.order_nr, p.id))

    def get_pipeline(self, pipeline_id: int) -> Pipeline:
        return live(self.pipelines, pipeline_id, "Pipeline")

    def create_pipeline(self, name: str, **fields: Any) -> Pipeline:
        now = self.store.now()
        if fields.get("order_nr") is None:
            fields["order_nr"] = max((p.order_nr for p in self.active_pipelines()), default=0) + 1
        pipeline = Pipeline(
            id=self.store.new_id("pipelines"), name=name, add_time=now, update_time=now, **fields
        )
        self.pipelines[pipeline.id] = pipeline
        self.store.record_change("pipeline", pipeline.id)
        return pipeline

    def update_pipeline(self, pipeline_id: int, changes: dict[str, Any]) -> Pipeline:
        pipeline = self.get_pipeline(pipeline_id)
        for key, value in changes.items():
            setattr(pipeline, key, value)
        pipeline.update_time = self.store.now()
        self.store.record_change("pipeline", pipeline.id)
        return pipeline

    def delete_pipeline(self, pipeline_id: int) -> None:
        pipeline = self.get_pipeline(pipeline_id)
        self.store.refuse_delete(pipeline)
        for stage in self.active_stages(pipeline.id):
            self._delete_stage(stage)
        pipeline.deleted = True
        pipeline.active = False
        pipeline.update_time = self.store.now()
        self.store.record_change("pipeline", pipeline.id)
        self.store.deleted(pipeline)

    # -- stages ---------------------------------------------------------------------------

    def active_stages(self, pipeline_id: int | None = None) -> list[Stage]:
        found = [s for s in alive(self.stages) if pipeline_id in (None, s.pipeline_id)]
        return sorted(found, key=lambda s: (s.pipeline_id, s.order_nr, s.id))

    def get_stage(self, stage_id: int) -> Stage:
        return live(self.stages, stage_id, "Stage")

    def _pipeline_for_write(self, pipeline_id: int) -> Pipeline:
        pipeline = self.pipelines.get(pipeline_id)
        if pipeline is None or pipeline.deleted:
            raise bad_request(f"Pipeline {pipeline_id} not found (pipeline_id)")
        return pipeline

    def _next_order(self, pipeline_id: int) -> int:
        return max((s.order_nr for s in self.active_stages(pipeline_id)), default=0) + 1

    def create_stage(self, name: str, pipeline_id: int, **fields: Any) -> Stage:
        self._pipeline_for_write(pipeline_id)
        now = self.store.now()
        stage = Stage(
            id=self.store.new_id("stages"),
            name=name,
            pipeline_id=pipeline_id,
            order_nr=self._next_order(pipeline_id),
            add_time=now,
            update_time=now,
            **fields,
        )
        self.stages[stage.id] = stage
        self.store.record_change("stage", stage.id)
        return stage

    def update_stage(self, stage_id: int, changes: dict[str, Any]) -> Stage:
        stage = self.get_stage(stage_id)
        moved_to = changes.get("pipeline_id")
        if moved_to is not None and moved_to != stage.pipeline_id:
            self._pipeline_for_write(moved_to)
            changes.setdefault("order_nr", self._next_order(moved_to))
        for key, value in changes.items():
            setattr(stage, key, value)
        stage.update_time = self.store.now()
        self.store.record_change("stage", stage.id)
        self.store.changed(stage)
        return stage

    def delete_stages(self, stage_ids: list[int]) -> None:
        """All or nothing: an unknown id fails the whole call before anything changes."""
        stages = [self.get_stage(i) for i in stage_ids]
        for stage in stages:
            self._delete_stage(stage)

    def _delete_stage(self, stage: Stage) -> None:
        stage.deleted = True
        stage.update_time = self.store.now()
        self.store.record_change("stage", stage.id)
        self.store.deleted(stage)
