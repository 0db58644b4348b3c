"""What blocks deleting a stage or a pipeline: the deals they hold, and the last pipeline a
role sees. Each reads its facts only when the plan deletes stages or pipelines.

Deals are data: a stage holding deals (open, won or lost: closing a deal leaves it in its
stage), or a pipeline whose stages do, is never deleted. Counted with `GET /api/v2/deals`,
which returns every not-deleted deal when `status` is omitted, filtered by `stage_id`, or by
`pipeline_id` for a deleted pipeline (one listing instead of one per stage): the documented
replacement of v1's `GET /stages/{id}/deals`, which lists open deals only. Where v2 is not
served (404, only with `--stages-api v1`), the v1 endpoint with `everyone=1` is the fallback,
and the plan warns that won and lost deals could not be counted. Archived deals are not
counted.

Pipedrive refuses to delete the last pipeline a visibility group (role) sees: a 400
(CL:introducing-pipeline-visibility). Roles whose visibility the config writes get it written
before the deletes, so only the other roles are read (`GET /roles/{id}/pipelines` each). A
pipeline the plan creates counts as seen by them, as Pipedrive shows new pipelines to
everyone; when the plan creates none, every delete of a pipeline such a role sees is blocked,
so the role keeps what it has.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reconciler.errors import NotFoundError
from reconciler.kinds.decode import as_bool, as_int
from reconciler.kinds.pipelines.payloads import PipelineDeleted
from reconciler.kinds.spec import Facts, StagesApi
from reconciler.planning.changes import Blocked, Create, Delete, Plan
from reconciler.state import PIPELINE, ROLE, ROLE_PIPELINES, STAGE, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

PAGE = 500  # the documented maximum page size of both deal endpoints
V1_FALLBACK_WARNING = (
    "Pipedrive API v2 is not served here, so deals were counted with the v1 "
    "GET /stages/{id}/deals, which lists open deals only: won and lost deals in the stages "
    "this plan deletes were not counted and would be deleted with them."
)


@dataclass(frozen=True)
class DealCounts(Facts):
    by_stage: Mapping[int, int]  # live stage id -> deals in it (stages with none absent)


@dataclass(frozen=True)
class DealsBlock:
    """Stage and pipeline deletes that would delete deals."""

    def wants(self, plan: Plan, live: LiveState) -> bool:
        return any(isinstance(c, Delete) and c.kind in (STAGE, PIPELINE) for c in plan.changes)

    async def read(
        self, client: PipedriveClient, plan: Plan, live: LiveState, api: StagesApi
    ) -> DealCounts:
        stages, pipelines = _targets(plan)
        try:
            counts = await _count_v2(client, stages, pipelines)
        except NotFoundError:
            if api != "v1":
                raise
            every = stages + [s for ids in pipelines.values() for s in ids]
            counts = await _count_v1(client, every)
            return DealCounts((V1_FALLBACK_WARNING,), _nonzero(counts))
        return DealCounts((), _nonzero(counts))

    def blocked(self, plan: Plan, facts: Facts) -> list[Blocked]:
        assert isinstance(facts, DealCounts)
        deals = facts.by_stage
        out = []
        for change in plan.changes:
            if not isinstance(change, Delete):
                continue
            if change.kind == STAGE and change.id is not None and deals.get(change.id):
                n = _deals(deals[change.id])
                out.append(
                    Blocked(
                        change.address,
                        f"the stage holds {n}; deleting it would delete them",
                        f"move its {n} to another stage in Pipedrive (won and lost deals count "
                        "too), or keep the stage in the config",
                    )
                )
            elif change.kind == PIPELINE and isinstance(change.payload, PipelineDeleted):
                total = sum(deals.get(i, 0) for i in change.payload.stage_ids)
                if total:
                    out.append(
                        Blocked(
                            change.address,
                            f"its stages hold {_deals(total)}; deleting the pipeline would "
                            "delete them",
                            f"move its {_deals(total)} to another pipeline in Pipedrive, "
                            "or keep the pipeline in the config",
                        )
                    )
        return out


def _targets(plan: Plan) -> tuple[list[int], dict[int, list[int]]]:
    """Stage ids deleted on their own; pipeline id -> stage ids deleted with it."""
    stages: list[int] = []
    pipelines: dict[int, list[int]] = {}
    for change in plan.changes:
        if not isinstance(change, Delete) or change.id is None:
            continue
        if change.kind == STAGE:
            stages.append(change.id)
        elif isinstance(change.payload, PipelineDeleted) and change.payload.stage_ids:
            pipelines[change.id] = list(change.payload.stage_ids)
    return stages, pipelines


async def _count_v2(
    client: PipedriveClient, stages: list[int], pipelines: dict[int, list[int]]
) -> Counter[int]:
    async def deals(**query: int) -> list[dict]:  # type: ignore[type-arg]
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


def _deals(n: int) -> str:
    return f"{n} deal" if n == 1 else f"{n} deals"


@dataclass(frozen=True)
class Visibility(Facts):
    by_role: Mapping[str, frozenset[int]]  # role name -> ids of the pipelines it sees


@dataclass(frozen=True)
class LastVisibleBlock:
    """Pipeline deletes that would leave a role seeing no pipeline."""

    def wants(self, plan: Plan, live: LiveState) -> bool:
        return any(isinstance(c, Delete) and c.kind == PIPELINE for c in plan.changes)

    async def read(
        self, client: PipedriveClient, plan: Plan, live: LiveState, api: StagesApi
    ) -> Visibility:
        """Every live role the plan neither deletes nor writes the visibility of."""
        skip = {r.id for r in live.of_kind(ROLE_PIPELINES)} | {
            c.id
            for c in plan.changes
            if c.kind == ROLE_PIPELINES or (c.kind == ROLE and isinstance(c, Delete))
        }
        known: list[tuple[int | None, str]]
        if ROLE in live.kinds_read:  # the plan read the roles already
            known = [(r.id, r.name) for r in live.of_kind(ROLE) if r.id is not None]
        else:
            known = [
                (as_int(r.get("id")), str(r["name"]))
                for r in await client.list_all("v1", "/roles")
                if as_bool(r.get("active_flag"), default=True)
            ]
        roles = [(role_id, name) for role_id, name in known if role_id not in skip | {None}]
        answers = await asyncio.gather(
            *(client.get("v1", f"/roles/{rid}/pipelines", {"visible": "true"}) for rid, _ in roles)
        )
        return Visibility(
            (),
            {
                name: frozenset(int(i) for i in (data or {}).get("pipeline_ids") or [])
                for (_, name), data in zip(roles, answers, strict=True)
            },
        )

    def blocked(self, plan: Plan, facts: Facts) -> list[Blocked]:
        assert isinstance(facts, Visibility)
        if any(c.kind == PIPELINE and isinstance(c, Create) for c in plan.changes):
            return []
        deleted = {c.id: c for c in plan.changes if c.kind == PIPELINE and isinstance(c, Delete)}
        reasons: dict[int, str] = {}
        for role, visible in sorted(facts.by_role.items()):
            if visible and visible <= set(deleted):
                for pipeline_id in sorted(visible):
                    reasons.setdefault(pipeline_id, role)
        return [
            Blocked(
                deleted[pid].address,
                f"role '{role}' sees no other pipeline, and Pipedrive refuses to delete the "
                "last pipeline a role sees",
                f"make another pipeline visible to role '{role}' (its "
                "`pipelines: {visible: ...}`), or keep the pipeline in the config",
            )
            for pid, role in reasons.items()
        ]
