"""Which pipelines a role sees (`GET/PUT /roles/{id}/pipelines`).

The PUT body is a delta, `{"visible_pipeline_ids": {"add": ..., "remove": ...}}`. Sending the
whole wanted set as `add` and every other pipeline as `remove` makes the write idempotent and
independent of what Pipedrive made visible by default, so a retried or repeated apply lands
on the same state. The arrays go string-encoded, as Pipedrive documents them.
"""

from __future__ import annotations

import asyncio
import json

from reconciler.planning.changes import Change
from reconciler.resources.base import ApplyContext, ReadContext, as_int
from reconciler.state import PIPELINE, ROLE, ROLE_PIPELINES, DesiredState, Resource


class RolePipelinesAdapter:
    kind = ROLE_PIPELINES
    depends_on: tuple[str, ...] = (ROLE, PIPELINE)

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(ROLE_PIPELINES))

    async def read(self, ctx: ReadContext) -> None:
        roles = ctx.wanted_live(ROLE, ROLE_PIPELINES)
        answers = await asyncio.gather(
            *(
                ctx.client.get("v1", f"/roles/{role.id}/pipelines", {"visible": "true"})
                for role in roles
            )
        )
        for role, data in zip(roles, answers, strict=True):
            ids = [as_int(i) for i in (data or {}).get("pipeline_ids") or []]
            visible = sorted({ctx.pipeline_names[i] for i in ids if i in ctx.pipeline_names})
            ctx.resources.append(
                Resource(ROLE_PIPELINES, role.key, {"visible": visible}, id=role.id)
            )

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        role_id = change.id if change.id is not None else ctx.id_of(ROLE, *change.key)
        wanted = set((change.after or {}).get("visible", ()))
        known = ctx.pipeline_ids()
        add = sorted({known[name] for name in wanted})
        # By id, not name: a renamed pipeline is known under both its old and new name.
        remove = sorted(set(known.values()) - set(add))
        body = {"visible_pipeline_ids": {"add": json.dumps(add), "remove": json.dumps(remove)}}
        await ctx.client.put("v1", f"/roles/{role_id}/pipelines", body)
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return None
