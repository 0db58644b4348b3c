"""Pipeline, stage and deal rules.

Deleting a stage that still holds deals succeeds and deletes those deals; deleting a pipeline
deletes its stages and their deals. Pipedrive documents neither case (FACTS.md §12.5), so the
sandbox takes the pessimistic model: the tool's own safety checks, not the server, are what
must protect data. The one documented refusal is kept: deleting the last pipeline a role can
see answers 400.

`order_nr`: a new stage is appended (max + 1 within its pipeline); a PUT sets the value as
given, with no renumbering of siblings. A new pipeline goes to the end as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reconciler.sandbox.entities import Deal, Pipeline, Stage
from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.store_core import StoreCore

if TYPE_CHECKING:
    from reconciler.sandbox.entities import Role


class PipelineRules(StoreCore):
    pipelines: dict[int, Pipeline]
    stages: dict[int, Stage]
    deals: dict[int, Deal]

    if TYPE_CHECKING:  # provided by Store

        def list_roles(self) -> list[Role]:
            raise NotImplementedError

    # -- pipelines ------------------------------------------------------------------------

    def active_pipelines(self) -> list[Pipeline]:
        alive = [p for p in self.pipelines.values() if not p.deleted]
        return sorted(alive, key=lambda p: (p.order_nr, p.id))

    def get_pipeline(self, pipeline_id: int) -> Pipeline:
        pipeline = self.pipelines.get(pipeline_id)
        if pipeline is None or pipeline.deleted:
            raise not_found("Pipeline")
        return pipeline

    def create_pipeline(self, name: str, **fields: Any) -> Pipeline:
        now = self.now()
        if fields.get("order_nr") is None:
            fields["order_nr"] = max((p.order_nr for p in self.active_pipelines()), default=0) + 1
        pipeline = Pipeline(
            id=self.new_id("pipelines"), name=name, add_time=now, update_time=now, **fields
        )
        self.pipelines[pipeline.id] = pipeline
        self.record_change("pipeline", pipeline.id)
        return pipeline

    def update_pipeline(self, pipeline_id: int, changes: dict[str, Any]) -> Pipeline:
        pipeline = self.get_pipeline(pipeline_id)
        for key, value in changes.items():
            setattr(pipeline, key, value)
        pipeline.update_time = self.now()
        self.record_change("pipeline", pipeline.id)
        return pipeline

    def delete_pipeline(self, pipeline_id: int) -> None:
        pipeline = self.get_pipeline(pipeline_id)
        for role in self.list_roles():
            hidden = set(role.hidden_pipeline_ids)
            visible = [p.id for p in self.active_pipelines() if p.id not in hidden]
            if visible == [pipeline.id]:
                raise bad_request(
                    f"Pipeline {pipeline.id} is the last pipeline visible to role "
                    f"'{role.name}' and cannot be deleted"
                )
        for stage in self.active_stages(pipeline.id):
            self._delete_stage(stage)
        pipeline.deleted = True
        pipeline.active = False
        pipeline.update_time = self.now()
        self.record_change("pipeline", pipeline.id)

    # -- stages ---------------------------------------------------------------------------

    def active_stages(self, pipeline_id: int | None = None) -> list[Stage]:
        alive = [
            s
            for s in self.stages.values()
            if not s.deleted and (pipeline_id is None or s.pipeline_id == pipeline_id)
        ]
        return sorted(alive, key=lambda s: (s.pipeline_id, s.order_nr, s.id))

    def get_stage(self, stage_id: int) -> Stage:
        stage = self.stages.get(stage_id)
        if stage is None or stage.deleted:
            raise not_found("Stage")
        return stage

    def _pipeline_for_write(self, pipeline_id: int) -> Pipeline:
        pipeline = self.pipelines.get(pipeline_id)
        if pipeline is None or pipeline.deleted:
            raise bad_request(f"Pipeline {pipeline_id} not found (pipeline_id)")
        return pipeline

    def _next_order(self, pipeline_id: int) -> int:
        return max((s.order_nr for s in self.active_stages(pipeline_id)), default=0) + 1

    def create_stage(self, name: str, pipeline_id: int, **fields: Any) -> Stage:
        self._pipeline_for_write(pipeline_id)
        now = self.now()
        stage = Stage(
            id=self.new_id("stages"),
            name=name,
            pipeline_id=pipeline_id,
            order_nr=self._next_order(pipeline_id),
            add_time=now,
            update_time=now,
            **fields,
        )
        self.stages[stage.id] = stage
        self.record_change("stage", stage.id)
        return stage

    def update_stage(self, stage_id: int, changes: dict[str, Any]) -> Stage:
        stage = self.get_stage(stage_id)
        moved_to = changes.get("pipeline_id")
        if moved_to is not None and moved_to != stage.pipeline_id:
            self._pipeline_for_write(moved_to)
            changes.setdefault("order_nr", self._next_order(moved_to))
            for deal in self.stage_deals(stage.id):
                deal.pipeline_id = moved_to
        for key, value in changes.items():
            setattr(stage, key, value)
        stage.update_time = self.now()
        self.record_change("stage", stage.id)
        return stage

    def delete_stages(self, stage_ids: list[int]) -> None:
        """All or nothing: an unknown id fails the whole call before anything changes."""
        stages = [self.get_stage(i) for i in stage_ids]
        for stage in stages:
            self._delete_stage(stage)

    def _delete_stage(self, stage: Stage) -> None:
        now = self.now()
        for deal in self.stage_deals(stage.id):
            deal.deleted = True
            deal.update_time = now
        stage.deleted = True
        stage.update_time = now
        self.record_change("stage", stage.id)

    # -- deals ----------------------------------------------------------------------------

    def stage_deals(self, stage_id: int) -> list[Deal]:
        return [d for d in self.active_deals() if d.stage_id == stage_id]

    def active_deals(self) -> list[Deal]:
        return [d for d in sorted(self.deals.values(), key=lambda d: d.id) if not d.deleted]

    def create_deal(self, title: str, stage: Stage, user_id: int) -> Deal:
        now = self.now()
        deal = Deal(
            id=self.new_id("deals"),
            title=title,
            stage_id=stage.id,
            pipeline_id=stage.pipeline_id,
            user_id=user_id,
            add_time=now,
            update_time=now,
            stage_change_time=now,
        )
        self.deals[deal.id] = deal
        return deal
