"""Reading pipelines and stages: API v2 by default, v1 with `--stages-api v1`.

v2 names the probability switch `is_deal_probability_enabled` and marks deletion with
`is_deleted`; v1 says `deal_probability` and `active` (pipelines) or `active_flag` (stages).
A stage whose pipeline was not read (deleted, or hidden from the token's user) is skipped.
"""

from __future__ import annotations

from typing import Any

from reconciler.kinds.context import ReadContext
from reconciler.kinds.decode import as_bool, as_int
from reconciler.state import PIPELINE, STAGE, Resource


async def read_pipelines(ctx: ReadContext) -> None:
    names = ctx.names.setdefault(PIPELINE, {})
    for item in await ctx.client.list_all(ctx.stages_api, "/pipelines"):
        if pipeline_deleted(item):
            continue
        names[int(item["id"])] = item["name"]
        fields = {"name": item["name"], "deal_probability": _probability(item)}
        ctx.resources.append(Resource(PIPELINE, (item["name"],), fields, id=int(item["id"])))


async def read_stages(ctx: ReadContext) -> None:
    params = {"sort_by": "id"} if ctx.stages_api == "v2" else None
    for item in await ctx.client.list_all(ctx.stages_api, "/stages", params):
        if stage_deleted(item):
            continue
        pipeline_id = int(item["pipeline_id"])
        pipeline = ctx.name_of(PIPELINE, pipeline_id)
        if pipeline is None:
            continue
        fields = {
            "name": item["name"],
            "pipeline": pipeline,
            "pipeline_id": pipeline_id,
            "deal_probability": as_int(item.get("deal_probability")),
            "rotten_days": _rotten_days(item),
            "position": as_int(item.get("order_nr")),
        }
        ctx.resources.append(Resource(STAGE, (pipeline, item["name"]), fields, id=int(item["id"])))


def pipeline_deleted(item: dict[str, Any]) -> bool:
    if "is_deleted" in item:
        return as_bool(item["is_deleted"])
    return "active" in item and not as_bool(item["active"])


def stage_deleted(item: dict[str, Any]) -> bool:
    if "is_deleted" in item:
        return as_bool(item["is_deleted"])
    return "active_flag" in item and not as_bool(item["active_flag"])


def _probability(item: dict[str, Any]) -> bool:
    if "is_deal_probability_enabled" in item:
        return as_bool(item["is_deal_probability_enabled"])
    return as_bool(item.get("deal_probability", False))


def _rotten_days(item: dict[str, Any]) -> int | None:
    enabled = item.get("is_deal_rot_enabled", item.get("rotten_flag"))
    days = item.get("days_to_rotten", item.get("rotten_days"))
    return as_int(days) if as_bool(enabled) and days is not None else None
