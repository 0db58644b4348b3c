"""Stages: API v2 by default, v1 with `--stages-api v1`.

v2 cannot write a stage's order (the planner warns instead); new stages are appended, so the
planner runs creates in list order. v1 writes `order_nr` through PUT and deletes several
stages with one bulk `DELETE /stages?ids=`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.planning.changes import Action, Change
from reconciler.resources.base import (
    ApplyContext,
    ReadContext,
    as_bool,
    as_int,
    ids_by_key,
    only,
)
from reconciler.state import PIPELINE, STAGE, DesiredState, Key, Resource

BULK_DELETE_CHUNK = 100  # keep the ids query string well under URL length limits


class StageAdapter:
    kind = STAGE
    depends_on: tuple[str, ...] = (PIPELINE,)

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(STAGE)) or PIPELINE in desired.prune

    async def read(self, ctx: ReadContext) -> None:
        params = {"sort_by": "id"} if ctx.stages_api == "v2" else None
        for item in await ctx.client.list_all(ctx.stages_api, "/stages", params):
            if _deleted(item):
                continue
            pipeline_id = int(item["pipeline_id"])
            pipeline = ctx.pipeline_names.get(pipeline_id)
            if pipeline is None:  # a stage of a deleted or hidden pipeline
                continue
            ctx.resources.append(
                Resource(
                    STAGE,
                    (pipeline, item["name"]),
                    {
                        "name": item["name"],
                        "pipeline": pipeline,
                        "pipeline_id": pipeline_id,
                        "deal_probability": as_int(item.get("deal_probability")),
                        "rotten_days": _rotten_days(item),
                        "position": as_int(item.get("order_nr")),
                    },
                    id=int(item["id"]),
                )
            )

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        api = ctx.stages_api
        match change.action:
            case Action.CREATE:
                after = dict(change.after or {})
                body = _body(after, ctx, api, creating=True)
                created = await ctx.client.post(api, "/stages", body)
                new_id = int(created["id"])
                # Appended stages are in place unless the planner asked for a position.
                wanted = after.get("position") if change.extra.get("set_position") else None
                if api == "v1" and wanted is not None and as_int(created.get("order_nr")) != wanted:
                    await ctx.client.put(api, f"/stages/{new_id}", {"order_nr": int(wanted)})
                return new_id
            case Action.UPDATE:
                body = _body({f.path: f.after for f in change.fields}, ctx, api, creating=False)
                if api == "v2":
                    await ctx.client.patch(api, f"/stages/{change.id}", body)
                else:
                    await ctx.client.put(api, f"/stages/{change.id}", body)
            case Action.DELETE:
                await ctx.client.delete(api, f"/stages/{change.id}")
        return None

    async def delete_many(self, changes: list[Change], ctx: ApplyContext) -> None:
        """v1 only: one bulk request per chunk instead of one per stage."""
        ids = [c.id for c in changes if c.id is not None]
        for start in range(0, len(ids), BULK_DELETE_CHUNK):
            chunk = ids[start : start + BULK_DELETE_CHUNK]
            await ctx.client.delete("v1", "/stages", params={"ids": ",".join(map(str, chunk))})

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return only((await self.live_ids([change.key], ctx)).get(change.key, []))

    async def live_ids(self, keys: Sequence[Key], ctx: ApplyContext) -> dict[Key, list[int]]:
        """One list call: of the stages' pipeline when they share one, else of all stages."""
        ids = ctx.pipeline_ids()
        names = {i: n for n, i in ids.items()}
        wanted = {ids[k[0]] for k in keys if k[0] in ids}
        if not wanted:
            return {}
        params = {"pipeline_id": next(iter(wanted))} if len(wanted) == 1 else None
        items = await ctx.client.list_all(ctx.stages_api, "/stages", params)
        items = [i for i in items if not _deleted(i) and as_int(i.get("pipeline_id")) in names]
        return ids_by_key(items, lambda i: (names[int(i["pipeline_id"])], i["name"]), keys)


def _deleted(item: dict[str, Any]) -> bool:
    if "is_deleted" in item:
        return as_bool(item["is_deleted"])
    return "active_flag" in item and not as_bool(item["active_flag"])


def _rotten_days(item: dict[str, Any]) -> int | None:
    enabled = item.get("is_deal_rot_enabled", item.get("rotten_flag"))
    days = item.get("days_to_rotten", item.get("rotten_days"))
    return as_int(days) if as_bool(enabled) and days is not None else None


def _body(fields: dict[str, Any], ctx: ApplyContext, api: str, *, creating: bool) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = fields["name"]
    if "pipeline" in fields:
        body["pipeline_id"] = ctx.id_of(PIPELINE, fields["pipeline"])
    if fields.get("deal_probability") is not None:
        body["deal_probability"] = int(fields["deal_probability"])
    if "rotten_days" in fields:
        days = fields["rotten_days"]
        if api == "v2":
            # v2 types days_to_rotten as a plain integer: rotting off is the flag alone.
            body["is_deal_rot_enabled"] = days is not None
            if days is not None:
                body["days_to_rotten"] = days
        else:
            # addStageRequest/updateStageRequest type rotten_flag boolean: true/false, never 0/1.
            body["rotten_flag"] = days is not None
            if days is not None:
                body["rotten_days"] = days
    # v1 POST has no order_nr (new stages are appended); the create sets it with a PUT after.
    if api == "v1" and not creating and fields.get("position") is not None:
        body["order_nr"] = int(fields["position"])
    return body
