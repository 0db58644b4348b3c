"""Counting the deals in the stages a plan would delete (deals are data: never deleted).

Read only for stages the plan deletes: a stage delete's own stage, and every stage of a
deleted pipeline (`extra["stage_ids"]`). Nothing is read when the plan deletes no stage.

Which deals count: every deal that is not deleted, open, won or lost, since a closed deal
stays in its stage and goes with it. `GET /api/v2/deals` returns exactly these when `status`
is omitted ("If omitted, all not deleted deals are returned"), filtered by `stage_id`, or by
`pipeline_id` for a deleted pipeline (one listing instead of one per stage). It is used with
either stages API: it is the documented replacement of the deprecated v1
`GET /stages/{id}/deals`, which lists open deals only. Where v2 is not served (404, only
with `--stages-api v1`), the v1 endpoint with `everyone=1` is the fallback, and the plan
warns that won and lost deals could not be counted. Archived deals
(`GET /api/v2/deals/archived`) are not counted.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reconciler.api.decode import as_bool, as_int
from reconciler.errors import NotFoundError
from reconciler.planning.changes import Action, Plan
from reconciler.state import PIPELINE, STAGE

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

PAGE = 500  # the documented maximum page size of both endpoints

V1_FALLBACK_WARNING = (
    "Pipedrive API v2 is not served here, so deals were counted with the v1 "
    "GET /stages/{id}/deals, which lists open deals only: won and lost deals in the stages "
    "this plan deletes were not counted and would be deleted with them."
)


@dataclass(frozen=True)
class DealCounts:
    by_stage: dict[int, int]  # live stage id -> deals in it (stages with none are absent)
    warnings: tuple[str, ...] = ()


def _targets(plan: Plan) -> tuple[list[int], dict[int, list[int]]]:
    """Stage ids deleted on their own; pipeline id -> stage ids deleted with it."""
    stages: list[int] = []
    pipelines: dict[int, list[int]] = {}
    for change in plan.changes:
        if change.action is not Action.DELETE or change.id is None:
            continue
        if change.kind == STAGE:
            stages.append(change.id)
        elif change.kind == PIPELINE and change.extra.get("stage_ids"):
            pipelines[change.id] = [int(i) for i in change.extra["stage_ids"]]
    return stages, pipelines


async def count_deals(client: PipedriveClient, plan: Plan, stages_api: str) -> DealCounts:
    """Deals per stage for every stage the plan would delete."""
    stages, pipelines = _targets(plan)
    if not stages and not pipelines:
        return DealCounts({})
    try:
        counts = await _count_v2(client, stages, pipelines)
    except NotFoundError:
        if stages_api != "v1":
            raise
        every = stages + [s for ids in pipelines.values() for s in ids]
        counts = await _count_v1(client, every)
        return DealCounts(_nonzero(counts), (V1_FALLBACK_WARNING,))
    return DealCounts(_nonzero(counts))


async def _count_v2(
    client: PipedriveClient, stages: list[int], pipelines: dict[int, list[int]]
) -> Counter[int]:
    async def deals(**query: int) -> list[dict]:
        return await client.list_all("v2", "/deals", {**query, "limit": PAGE})

    per_stage = await asyncio.gather(*(deals(stage_id=s) for s in stages))
    per_pipeline = await asyncio.gather(*(deals(pipeline_id=p) for p in pipelines))
    counts: Counter[int] = Counter(
        {s: len(found) for s, found in zip(stages, per_stage, strict=True)}
    )
    for ids, found in zip(pipelines.values(), per_pipeline, strict=True):
        wanted = set(ids)
        for deal in found:
            stage_id = as_int(deal.get("stage_id"))
            if stage_id in wanted and not as_bool(deal.get("is_deleted")):
                counts[stage_id] += 1
    return counts


async def _count_v1(client: PipedriveClient, stages: list[int]) -> Counter[int]:
    async def deals(stage_id: int) -> int:
        query = {"everyone": 1, "limit": PAGE}
        return len(await client.list_all("v1", f"/stages/{stage_id}/deals", query))

    found = await asyncio.gather(*(deals(s) for s in stages))
    return Counter(dict(zip(stages, found, strict=True)))


def _nonzero(counts: Counter[int]) -> dict[int, int]:
    return {stage: n for stage, n in sorted(counts.items()) if n}
