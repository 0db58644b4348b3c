"""Which pipelines each role sees, read only when a plan deletes pipelines.

Pipedrive refuses to delete the last pipeline a visibility group (role) sees: a 400
(CL:introducing-pipeline-visibility, FACTS §7). Roles whose visibility the config manages get
it written before the deletes, so only the other roles are read: `GET /roles/{id}/pipelines`
per role (and `GET /roles` first when the plan did not read the roles), nothing at all when
the plan deletes no pipeline. `planning.safety.block_last_visible` turns the answer into
blocked deletes.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from reconciler.planning.changes import Action, Plan
from reconciler.resources.base import as_bool, as_int
from reconciler.state import PIPELINE, ROLE, ROLE_PIPELINES, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def unmanaged_visibility(
    client: PipedriveClient, plan: Plan, live: LiveState
) -> dict[str, frozenset[int]]:
    """Role name -> ids of the pipelines it sees, for every live role the plan neither deletes
    nor writes the visibility of; empty when the plan deletes no pipeline."""
    if not any(c.kind == PIPELINE and c.action is Action.DELETE for c in plan.changes):
        return {}
    skip = {r.id for r in live.of_kind(ROLE_PIPELINES)} | {
        c.id
        for c in plan.changes
        if c.kind == ROLE_PIPELINES or (c.kind == ROLE and c.action is Action.DELETE)
    }
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
        *(
            client.get("v1", f"/roles/{role_id}/pipelines", {"visible": "true"})
            for role_id, _ in roles
        )
    )
    return {
        name: frozenset(int(i) for i in (data or {}).get("pipeline_ids") or [])
        for (_, name), data in zip(roles, answers, strict=True)
    }
