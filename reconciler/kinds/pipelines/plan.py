"""Planning pipelines and their stages.

Pipelines: matched by `planning.match`; undeclared live pipelines are deleted when the kind
is pruned (their stages go with them: listed in the delete's notes and payload, no separate
stage deletes), otherwise listed as unmanaged.

Protected addresses are never deleted: an undeclared stage of a declared pipeline is kept,
and so is a pruned pipeline that is protected or holds a protected stage; each is listed as
protected. Objects whose delete is blocked (`PlanContext.blocked`) are kept the same way.

Stages are planned only for pipelines that declare `stages`, matched among the live stages
of the matched pipeline (by `pipeline_id`, so a pipeline rename keeps its stages); undeclared
ones are deleted, addressed under the pipeline's config name. `rotten_days` is always
compared, `deal_probability` only when declared, `position` only to fix a wrong order:

The live order is the kept stages sorted by (order_nr, id). When their relative order differs
from the declared one, or a new stage is declared before an existing one, the order is wrong:
with stages API v1 every declared existing stage whose order_nr differs from its position
gets a `position` field change, and creates carry `set_position`. v2 cannot write order: no
position changes, a warning instead, which `drift` reports as drift (`Unwritable`). Gaps in
order_nr are never drift. Creates always carry `after["position"]`, and stage creates of one
pipeline run one after another (`level`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.pipelines.lookalike import renamed_stages
from reconciler.kinds.pipelines.payloads import NewStage, PipelineDeleted
from reconciler.planning.changes import Create, Delete, Unwritable, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.lookalike import renamed_holders
from reconciler.planning.match import match
from reconciler.state import PIPELINE, STAGE, Resource, address, in_live_order

_STAGE_COMPARED = ("name", "rotten_days", "deal_probability")


@dataclass
class PipelineOutcome(KindOutcome):
    # live pipeline name -> its config name after the plan, or None when it is deleted
    final_name: dict[str, str | None] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)  # config names of pipelines created

    @property
    def known(self) -> set[str]:
        """Pipeline names that exist once the plan is applied."""
        kept = {name for name in self.final_name.values() if name is not None}
        return kept | self.created


def plan_pipelines(ctx: PlanContext) -> PipelineOutcome:
    desired, live = ctx.desired, ctx.live
    out = PipelineOutcome()
    live_stages = _LiveStages(live.of_kind(STAGE))
    declared_stages: dict[str, list[Resource]] = {}
    for stage in desired.of_kind(STAGE):
        declared_stages.setdefault(stage.key[0], []).append(stage)
    matching = match(desired.of_kind(PIPELINE), live.of_kind(PIPELINE))
    for want, have in matching.pairs:
        out.final_name[have.name] = want.name
        _update(out, want, have, tuple(want.fields))
    for want in matching.unmatched_desired:
        out.created.add(want.name)
        out.changes.append(Create(kind=PIPELINE, key=want.key, after=want.fields))
    out.warnings += renamed_holders(matching, declared_stages, live_stages.of, "stages")
    for have in matching.unmatched_live:
        stages = live_stages.of(have)
        delete = functools.partial(_delete_pipeline, stages=stages)
        deleted = ctx.leave_or_delete(PIPELINE, have, out, delete, held=stages)
        out.final_name[have.name] = None if deleted else have.name
    for want in desired.of_kind(PIPELINE):
        if want.address in desired.authoritative:
            have_pipeline = matching.live_for(want)
            pool = live_stages.of(have_pipeline) if have_pipeline else []
            # A protected stage address may name the pipeline by a name it is renamed from.
            names = (want.name, *want.renamed_from)
            if have_pipeline is not None:
                names += (have_pipeline.name,)
            wanted = declared_stages.get(want.name, [])
            _plan_stages(out, ctx, want.name, wanted, pool, names)
    return out


def _update(out: KindOutcome, want: Resource, have: Resource, keys: tuple[str, ...]) -> None:
    changed = diff_fields(have.fields, want.fields, keys)
    if changed:
        before = {k: have.fields.get(k) for k in keys}
        after = {k: want.fields.get(k) for k in keys}
        out.changes.append(
            Update(
                kind=want.kind,
                key=want.key,
                id=have.id,
                before=before,
                after=after,
                fields=changed,
            )
        )


class _LiveStages:
    """Live stages grouped once by the pipeline they belong to: by `pipeline_id` when both
    sides have an id, else by the pipeline's name; each group in reading order."""

    def __init__(self, stages: list[Resource]) -> None:
        self._stages = stages
        self._by_id: dict[Any, list[int]] = {}
        self._by_name: dict[Any, list[int]] = {}
        self._by_name_without_id: dict[Any, list[int]] = {}
        for index, stage in enumerate(stages):
            pipeline_id, name = stage.fields.get("pipeline_id"), stage.fields.get("pipeline")
            if pipeline_id is not None:
                self._by_id.setdefault(pipeline_id, []).append(index)
            else:
                self._by_name_without_id.setdefault(name, []).append(index)
            self._by_name.setdefault(name, []).append(index)

    def of(self, pipeline: Resource) -> list[Resource]:
        if pipeline.id is None:
            found = self._by_name.get(pipeline.name, [])
        else:
            by_id = self._by_id.get(pipeline.id, [])
            found = sorted(by_id + self._by_name_without_id.get(pipeline.name, []))
        return [self._stages[index] for index in found]


def _delete_pipeline(have: Resource, stages: list[Resource]) -> Delete:
    ordered = in_live_order(stages)
    names = [s.name for s in ordered]
    notes = (f"its stages are deleted with it: {', '.join(names)}",) if names else ()
    return Delete(
        kind=PIPELINE,
        key=have.key,
        id=have.id,
        before=dict(have.fields),
        notes=notes,
        payload=PipelineDeleted(tuple(s.id for s in ordered if s.id is not None)),
    )


def _plan_stages(
    out: PipelineOutcome,
    ctx: PlanContext,
    pipeline: str,
    wanted: list[Resource],
    pool: list[Resource],
    names: tuple[str, ...],
) -> None:
    matching = match(wanted, pool, scope=f"of pipeline '{pipeline}'")
    kept = {id(have): want for want, have in matching.pairs}
    live_order = [kept[id(have)] for have in in_live_order(pool) if id(have) in kept]
    declared_existing = [want for want in wanted if matching.live_for(want) is not None]
    place = {id(want): index for index, want in enumerate(wanted)}
    last_existing = max((place[id(w)] for w in declared_existing), default=-1)
    suspected, lookalikes = renamed_stages(matching, in_live_order(pool))
    out.warnings += lookalikes
    new_first = [place[id(w)] < last_existing for w in matching.unmatched_desired]
    reorder = live_order != declared_existing or any(new_first)
    # A stage created where a live one is deleted is likely that one renamed: warned about
    # above, not as an order to fix by hand (v1 still places it, as the create needs).
    misplaced = live_order != declared_existing or any(
        early and id(w) not in suspected
        for w, early in zip(matching.unmatched_desired, new_first, strict=True)
    )
    v1 = ctx.desired.stages_api == "v1"

    for want, have in matching.pairs:
        keys: tuple[str, ...] = tuple(k for k in _STAGE_COMPARED if k in want.fields)
        if reorder and v1 and have.fields.get("position") != want.fields.get("position"):
            keys += ("position",)
        _update(out, want, have, keys)
    for step, want in enumerate(matching.unmatched_desired, start=1):
        out.changes.append(
            Create(
                kind=STAGE,
                key=want.key,
                after=want.fields,
                payload=NewStage(set_position=reorder and v1),
                level=step,
            )
        )
    for have in matching.unmatched_live:
        here = address(STAGE, (pipeline, have.name))
        guarded = [address(STAGE, (name, have.name)) for name in names]
        why = ctx.kept(have, here, *guarded)
        if why is not None:
            (out.protected if why == "protected" else out.blocked).append(here)
            continue
        before: dict[str, Any] = {k: v for k, v in have.fields.items() if k != "pipeline_id"}
        before["pipeline"] = pipeline
        out.changes.append(Delete(kind=STAGE, key=(pipeline, have.name), id=have.id, before=before))
    if misplaced and not v1:
        after_apply = [w.name for w in live_order] + [w.name for w in matching.unmatched_desired]
        out.unwritable.append(_order_drift(pipeline, after_apply, [w.name for w in wanted]))
        out.warnings.append(out.unwritable[-1].warning)


def _order_drift(pipeline: str, live: list[str], wanted: list[str]) -> Unwritable:
    at = address(PIPELINE, (pipeline,))
    hint = (
        "Stages API v2 cannot change stage order: reorder the stages in Pipedrive's UI, "
        "or run with --stages-api v1 where the v1 stage endpoints are available."
    )
    before, after = " > ".join(live), " > ".join(wanted)
    warning = f"stages of {at} are out of order: live order {before}; wanted {after}. {hint}"
    return Unwritable(at, "stage order", before, after, hint, warning)
