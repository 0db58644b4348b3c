"""Pipelines: API v2 by default (v1 behind `--stages-api v1`, like stages).

v2 names the probability switch `is_deal_probability_enabled` and marks deletion with
`is_deleted`; v1 says `deal_probability` (numberBoolean 0/1 in requests) and `active`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.planning.changes import Action, Change
from reconciler.resources.base import ApplyContext, ReadContext, as_bool, ids_by_key, only
from reconciler.state import PIPELINE, ROLE_PIPELINES, STAGE, DesiredState, Key, Resource


class PipelineAdapter:
    kind = PIPELINE
    depends_on: tuple[str, ...] = ()

    def wanted(self, desired: DesiredState) -> bool:
        # Stages and role visibility refer to pipelines by name, so they need them read too.
        return bool(
            desired.of_kind(PIPELINE)
            or desired.of_kind(ROLE_PIPELINES)
            or PIPELINE in desired.prune
            or desired.of_kind(STAGE)
        )

    async def read(self, ctx: ReadContext) -> None:
        items = await ctx.client.list_all(ctx.stages_api, "/pipelines")
        for item in items:
            if _deleted(item):
                continue
            ctx.pipeline_names[int(item["id"])] = item["name"]
            ctx.resources.append(
                Resource(
                    PIPELINE,
                    (item["name"],),
                    {"name": item["name"], "deal_probability": _probability(item)},
                    id=int(item["id"]),
                )
            )

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        api = ctx.stages_api
        match change.action:
            case Action.CREATE:
                created = await ctx.client.post(api, "/pipelines", _body(change.after or {}, api))
                return int(created["id"])
            case Action.UPDATE:
                body = _body({f.path: f.after for f in change.fields}, api)
                write = ctx.client.patch if api == "v2" else ctx.client.put
                await write(api, f"/pipelines/{change.id}", body)
            case Action.DELETE:
                await ctx.client.delete(api, f"/pipelines/{change.id}")
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return only((await self.live_ids([change.key], ctx)).get(change.key, []))

    async def live_ids(self, keys: Sequence[Key], ctx: ApplyContext) -> dict[Key, list[int]]:
        items = await ctx.client.list_all(ctx.stages_api, "/pipelines")
        return ids_by_key([i for i in items if not _deleted(i)], lambda i: (i["name"],), keys)


def _deleted(item: dict[str, Any]) -> bool:
    if "is_deleted" in item:
        return as_bool(item["is_deleted"])
    return "active" in item and not as_bool(item["active"])


def _probability(item: dict[str, Any]) -> bool:
    if "is_deal_probability_enabled" in item:
        return as_bool(item["is_deal_probability_enabled"])
    return as_bool(item.get("deal_probability", False))


def _body(fields: dict[str, Any], api: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if "name" in fields:
        body["name"] = fields["name"]
    if fields.get("deal_probability") is not None:
        enabled = bool(fields["deal_probability"])
        if api == "v2":
            body["is_deal_probability_enabled"] = enabled
        else:
            # v1 pipelineRequest types it numberBoolean (0|1), unlike the stage flags.
            body["deal_probability"] = int(enabled)
    return body
