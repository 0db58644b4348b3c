"""Planning pipelines and their stages.

Pipelines: matched by `planning.match`; undeclared live pipelines are deleted when the kind
is pruned (their stages go with them: listed in the delete's notes and `extra["stage_ids"]`,
no separate stage deletes), otherwise listed as unmanaged.

Protected addresses (`DesiredState.protected`) are never deleted: an undeclared stage of a
declared pipeline is kept, and so is a pruned pipeline that is protected or holds a protected
stage; each is listed in `PipelineOutcome.protected`.

Stages are planned only for pipelines that declare `stages`, matched among the live stages
of the matched pipeline (by `pipeline_id`, so a pipeline rename keeps its stages); undeclared
ones are deleted, addressed under the pipeline's config name. `rotten_days` is always
compared, `deal_probability` only when declared, `position` only to fix a wrong order:

The live order is the kept stages sorted by (order_nr, id). When their relative order differs
from the declared one, or a new stage is declared before an existing one, the order is wrong:
with stages API v1 every declared existing stage whose order_nr differs from its position
gets a `position` field change, and creates carry `extra["set_position"] = True` (a PUT of
order_nr after the POST). v2 cannot write order: no position changes, a warning instead.
Gaps in order_nr are never drift. Creates always carry `after["position"]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import match
from reconciler.planning.order import with_order
from reconciler.state import PIPELINE, STAGE, DesiredState, LiveState, Resource, address

_STAGE_COMPARED = ("name", "rotten_days", "deal_probability")


@dataclass
class PipelineOutcome:
    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # live pipeline name -> its config name after the plan, or None when it is deleted
    final_name: dict[str, str | None] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)  # config names of pipelines created
    protected: list[str] = field(default_factory=list)  # kept although the config drops them

    @property
    def known(self) -> set[str]:
        """Pipeline names that exist once the plan is applied."""
        kept = {name for name in self.final_name.values() if name is not None}
        return kept | self.created


def plan_pipelines(desired: DesiredState, live: LiveState) -> PipelineOutcome:
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
        out.changes.append(with_order(Change(Action.CREATE, PIPELINE, want.key, after=want.fields)))
    for have in matching.unmatched_live:
        stages = live_stages.of(have)
        if PIPELINE in desired.prune and _protected(desired, have, stages, out):
            out.final_name[have.name] = have.name
        elif PIPELINE in desired.prune:
            out.final_name[have.name] = None
            out.changes.append(with_order(_delete_pipeline(have, stages)))
        else:
            out.final_name[have.name] = have.name
            out.unmanaged.append(have.address)
    for want in desired.of_kind(PIPELINE):
        if want.name in desired.pipelines_with_stages:
            have_pipeline = matching.live_for(want)
            pool = live_stages.of(have_pipeline) if have_pipeline else []
            # A protected stage address may name the pipeline by a name it is renamed from.
            names = (want.name, *want.renamed_from)
            if have_pipeline is not None:
                names += (have_pipeline.name,)
            wanted = declared_stages.get(want.name, [])
            _plan_stages(out, desired, want.name, wanted, pool, names)
    return out


def _update(out: PipelineOutcome, want: Resource, have: Resource, keys: tuple[str, ...]) -> None:
    changed = diff_fields(have.fields, want.fields, keys)
    if changed:
        before = {k: have.fields.get(k) for k in keys}
        after = {k: want.fields.get(k) for k in keys}
        change = Change(Action.UPDATE, want.kind, want.key, have.id, before, after, changed)
        out.changes.append(with_order(change))


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


def _protected(
    desired: DesiredState, have: Resource, stages: list[Resource], out: PipelineOutcome
) -> bool:
    """A pipeline is kept when it or one of its stages is protected (its delete would take
    the stages with it); every protected address found is listed."""
    found = [r.address for r in (have, *stages) if r.address in desired.protected]
    if found and have.address not in found:
        found.insert(0, have.address)
    out.protected.extend(found)
    return bool(found)


def _delete_pipeline(have: Resource, stages: list[Resource]) -> Change:
    names = [s.name for s in _live_order(stages)]
    notes = (f"its stages are deleted with it: {', '.join(names)}",) if names else ()
    before = {k: v for k, v in have.fields.items()}
    extra = {"stage_ids": tuple(s.id for s in _live_order(stages))}
    return Change(Action.DELETE, PIPELINE, have.key, have.id, before, notes=notes, extra=extra)


def _live_order(stages: list[Resource]) -> list[Resource]:
    return sorted(stages, key=lambda s: (s.fields.get("position") or 0, s.id or 0))


def _plan_stages(
    out: PipelineOutcome,
    desired: DesiredState,
    pipeline: str,
    wanted: list[Resource],
    pool: list[Resource],
    names: tuple[str, ...] = (),
) -> None:
    matching = match(wanted, pool, scope=f"of pipeline '{pipeline}'")
    kept = {id(have): want for want, have in matching.pairs}
    live_order = [kept[id(have)] for have in _live_order(pool) if id(have) in kept]
    declared_existing = [want for want in wanted if matching.live_for(want) is not None]
    place = {id(want): index for index, want in enumerate(wanted)}
    last_existing = max((place[id(w)] for w in declared_existing), default=-1)
    new_first = any(place[id(w)] < last_existing for w in matching.unmatched_desired)
    reorder = live_order != declared_existing or new_first
    v1 = desired.stages_api == "v1"

    for want, have in matching.pairs:
        keys: tuple[str, ...] = tuple(k for k in _STAGE_COMPARED if k in want.fields)
        if reorder and v1 and have.fields.get("position") != want.fields.get("position"):
            keys += ("position",)
        _update(out, want, have, keys)
    for step, want in enumerate(matching.unmatched_desired, start=1):
        extra = {"set_position": True} if reorder and v1 else {}
        change = Change(Action.CREATE, STAGE, want.key, after=want.fields, extra=extra)
        out.changes.append(with_order(change, level=step))
    for have in matching.unmatched_live:
        guarded = [address(STAGE, (name, have.name)) for name in (pipeline, *names)]
        if any(a in desired.protected for a in guarded):
            out.protected.append(address(STAGE, (pipeline, have.name)))
            continue
        before: dict[str, Any] = {k: v for k, v in have.fields.items() if k != "pipeline_id"}
        before["pipeline"] = pipeline
        change = Change(Action.DELETE, STAGE, (pipeline, have.name), have.id, before)
        out.changes.append(with_order(change))
    if reorder and not v1:
        after_apply = [w.name for w in live_order] + [w.name for w in matching.unmatched_desired]
        out.warnings.append(
            f"stages of {address(PIPELINE, (pipeline,))} are out of order: "
            f"live order {' > '.join(after_apply)}; "
            f"wanted {' > '.join(w.name for w in wanted)}. "
            "Stages API v2 cannot change stage order: reorder the stages in Pipedrive's UI, "
            "or run with --stages-api v1 where the v1 stage endpoints are available."
        )
