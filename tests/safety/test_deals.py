"""Counting deals before a delete: which endpoint, which deals, and only when needed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.errors import NotFoundError
from reconciler.kinds.pipelines.blockers import V1_FALLBACK_WARNING, DealCounts, DealsBlock
from reconciler.kinds.pipelines.payloads import PipelineDeleted
from reconciler.planning.changes import Delete, Plan, Update
from reconciler.state import PIPELINE, ROLE, STAGE, LiveState

pytestmark = pytest.mark.anyio

DEALS = [
    {"id": 1, "stage_id": 5, "status": "open", "is_deleted": False},
    {"id": 2, "stage_id": 5, "status": "won", "is_deleted": False},
    {"id": 3, "stage_id": 5, "status": "lost", "is_deleted": False},
    {"id": 4, "stage_id": 8, "status": "won", "is_deleted": False},
    {"id": 5, "stage_id": 9, "status": "open", "is_deleted": False},
]

PIPELINE_OF = {5: 1, 6: 1, 8: 2, 9: 2}

PLAN = Plan(
    changes=(
        Delete(kind=STAGE, key=("Sales", "Cold"), id=5),
        Delete(kind=STAGE, key=("Sales", "Empty"), id=6),
        Delete(kind=PIPELINE, key=("Old",), id=2, payload=PipelineDeleted((8, 9))),
        Delete(kind=ROLE, key=("Interns",), id=7),
        Update(kind=STAGE, key=("Sales", "Won"), id=4, before={}, after={}, fields=()),
    )
)


async def count_deals(client: PipedriveClient, plan: Plan, api: str) -> DealCounts:
    block = DealsBlock()
    if not block.wants(plan, LiveState()):
        return DealCounts((), {})
    return await block.read(client, plan, LiveState(), api)  # type: ignore[arg-type]


def company(v2: bool = True) -> tuple[PipedriveClient, list[httpx.URL]]:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        params = request.url.params
        if request.url.path == "/api/v2/deals" and v2:
            found: list[dict[str, Any]] = DEALS
            if "stage_id" in params:
                found = [d for d in found if d["stage_id"] == int(params["stage_id"])]
            if "pipeline_id" in params:
                found = [
                    d for d in found if PIPELINE_OF[d["stage_id"]] == int(params["pipeline_id"])
                ]
            return httpx.Response(200, json={"success": True, "data": found})
        if request.url.path.startswith("/api/v1/stages/") and not v2:
            stage_id = int(request.url.path.split("/")[4])
            found = [d for d in DEALS if d["stage_id"] == stage_id and d["status"] == "open"]
            info = {"pagination": {"start": 0, "limit": 500, "more_items_in_collection": False}}
            return httpx.Response(
                200, json={"success": True, "data": found, "additional_data": info}
            )
        return httpx.Response(404, json={"success": False, "error": "Not found"})

    transport = httpx.MockTransport(handler)
    return PipedriveClient("http://127.0.0.1", "token-of-the-test", transport=transport), seen


async def test_v2_counts_open_won_and_lost_deals_of_deleted_stages_only():
    client, seen = company()
    async with client:
        counts = await count_deals(client, PLAN, "v2")
    assert counts.by_stage == {5: 3, 8: 1, 9: 1}
    assert counts.warnings == ()
    queries = sorted(sorted(url.params.items()) for url in seen)
    assert queries == [
        [("limit", "500"), ("pipeline_id", "2")],  # one listing for a whole deleted pipeline
        [("limit", "500"), ("stage_id", "5")],
        [("limit", "500"), ("stage_id", "6")],
    ]
    assert all("status" not in url.params for url in seen)  # omitted: every not-deleted deal


async def test_nothing_is_read_when_the_plan_deletes_no_stage():
    client, seen = company()
    async with client:
        counts = await count_deals(client, Plan(changes=PLAN.changes[3:]), "v2")
    assert counts.by_stage == {} and seen == []


async def test_v1_falls_back_to_stage_deals_of_everyone_and_warns_when_v2_is_not_served():
    client, seen = company(v2=False)
    async with client:
        counts = await count_deals(client, PLAN, "v1")
    assert counts.by_stage == {5: 1, 9: 1}  # open deals only: the v1 endpoint lists no others
    assert counts.warnings == (V1_FALLBACK_WARNING,)
    v1 = [url for url in seen if url.path.startswith("/api/v1/")]
    assert {url.path for url in v1} == {f"/api/v1/stages/{i}/deals" for i in (5, 6, 8, 9)}
    assert all(url.params["everyone"] == "1" for url in v1)


async def test_without_v2_deals_and_on_stages_api_v2_the_error_is_not_hidden():
    client, _ = company(v2=False)
    async with client:
        with pytest.raises(NotFoundError):
            await count_deals(client, PLAN, "v2")
