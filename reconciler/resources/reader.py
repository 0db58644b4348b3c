"""Reads the live company: every kind the config manages, and nothing else.

Kinds whose dependencies are read run concurrently, so a plan's wall time is a few rounds of
requests (lists first, then per-role details) rather than one request after another.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from reconciler.resources import ADAPTERS
from reconciler.resources.base import ReadContext
from reconciler.state import DesiredState, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_live(client: PipedriveClient, desired: DesiredState) -> LiveState:
    ctx = ReadContext(client, desired, stages_api=desired.stages_api)
    kinds = {a.kind for a in ADAPTERS if a.wanted(desired)}
    # A kind's reader needs its dependencies' ids and names, e.g. stages need pipelines.
    kinds |= {d for a in ADAPTERS if a.kind in kinds for d in a.depends_on}
    pending = [a for a in ADAPTERS if a.kind in kinds]
    done: set[str] = set()
    while pending:
        ready = [a for a in pending if all(d in done for d in a.depends_on)]
        await asyncio.gather(*(a.read(ctx) for a in ready))
        done.update(a.kind for a in ready)
        pending = [a for a in pending if a not in ready]
    return LiveState(
        resources=tuple(ctx.resources),
        users=tuple(ctx.users),
        default_role_id=ctx.default_role_id,
        kinds_read=frozenset(done),
    )
