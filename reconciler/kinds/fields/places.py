"""The pipelines and stages field settings name, as they will be once the plan is applied.

Settings refer to pipelines and stages by name, in the config's names: a live field's
settings, read under live names, are translated through the renames the pipelines planner
made, and a declared field's names must exist after the plan (declared, or live and not
deleted); a dangling name is a plan error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.kinds.context import PlanContext
from reconciler.kinds.pipelines.plan import PipelineOutcome
from reconciler.planning.changes import Delete, Update
from reconciler.state import PIPELINE, STAGE, Key, Resource


class Places:
    def __init__(self, ctx: PlanContext) -> None:
        outcome = ctx.outcomes.get(PIPELINE)
        final = outcome.final_name if isinstance(outcome, PipelineOutcome) else {}
        changes = outcome.changes if outcome is not None else []
        renamed = {
            (c.key[0], c.before.get("name")): c.key[1]
            for c in changes
            if isinstance(c, Update) and c.kind == STAGE and "name" in c.before
        }
        deleted = {c.key for c in changes if isinstance(c, Delete) and c.kind == STAGE}
        self.pipeline_names: dict[str, str] = {k: v for k, v in final.items() if v is not None}
        self.stage_names: dict[Key, Key] = {}
        for stage in ctx.live.of_kind(STAGE):
            pipeline = final.get(stage.key[0], stage.key[0])
            if pipeline is not None:
                name = renamed.get((pipeline, stage.key[1]), stage.key[1])
                self.stage_names[stage.key] = (pipeline, name)
        self.pipelines = set(self.pipeline_names.values())
        self.pipelines |= outcome.known if isinstance(outcome, PipelineOutcome) else set()
        self.pipelines |= {r.name for r in ctx.desired.of_kind(PIPELINE)}
        self.stages = {k for k in self.stage_names.values() if k not in deleted}
        self.stages |= {r.key for r in ctx.desired.of_kind(STAGE)}

    def translated(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """A live field's settings under the names pipelines and stages get from the plan."""
        out = dict(values)
        pipelines = values.get("pipelines")
        if isinstance(pipelines, tuple):
            out["pipelines"] = tuple(sorted(self._pipeline(p) for p in pipelines))
        for name in ("important", "required"):
            rule = values.get(name)
            if isinstance(rule, Mapping):
                found: dict[str, list[str]] = {}
                for pipeline, stages in rule.items():
                    for stage in stages:
                        p, s = self.stage_names.get((pipeline, stage), (pipeline, stage))
                        found.setdefault(p, []).append(s)
                out[name] = {p: tuple(sorted(s)) for p, s in sorted(found.items())}
        statuses = values.get("required_on")
        if isinstance(statuses, Mapping):
            out["required_on"] = {self._pipeline(p): v for p, v in sorted(statuses.items())}
        return out

    def _pipeline(self, name: str) -> str:
        return self.pipeline_names.get(name, name)

    def problems(self, want: Resource) -> list[str]:
        """A message for every pipeline or stage the field names that will not exist."""
        found: list[str] = []

        def missing(what: str, setting: str) -> None:
            found.append(
                f"{want.origin}: {want.address}: `{setting}` names {what}, which exists "
                "neither in the config nor in Pipedrive"
            )

        pipelines = want.fields.get("pipelines")
        for pipeline in pipelines if isinstance(pipelines, tuple) else ():
            if pipeline not in self.pipelines:
                missing(f"pipeline '{pipeline}'", "pipelines")
        for setting in ("important", "required", "required_on"):
            rule = want.fields.get(setting)
            for pipeline, stages in rule.items() if isinstance(rule, Mapping) else ():
                if pipeline not in self.pipelines:
                    missing(f"pipeline '{pipeline}'", setting)
                elif setting != "required_on":
                    for stage in stages:
                        if (pipeline, stage) not in self.stages:
                            missing(f"stage '{stage}' of pipeline '{pipeline}'", setting)
        return found
