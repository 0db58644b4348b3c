"""Reads the live company: every kind the config manages, and nothing else.

Kinds whose dependencies are read run concurrently, so a plan's wall time is a few rounds of
requests (lists first, then per-role details) rather than one request after another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from reconciler.resources import ADAPTERS
from reconciler.resources.base import ReadContext
from reconciler.state import DesiredState, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_live(client: PipedriveClient, desired: DesiredState) -> LiveState:
    ctx = ReadContext(client, desired, stages_api=desired.stages_api)
    return await read_kinds(ctx, with_dependencies(a.kind for a in ADAPTERS if a.wanted(desired)))


def with_dependencies(kinds: Iterable[str]) -> set[str]:
    """`kinds` and what their readers need first (stages need pipelines' names, ...)."""
    by_kind = {a.kind: a for a in ADAPTERS}
    closure = set(kinds)
    while more := {d for k in closure if k in by_kind for d in by_kind[k].depends_on} - closure:
        closure |= more
    return closure


async def read_kinds(
    ctx: ReadContext,
    kinds: set[str],
    before_round: Callable[[ReadContext], None] | None = None,
) -> LiveState:
    """Read `kinds` in rounds: each round reads, concurrently, every kind whose dependencies
    earlier rounds have read. `before_round` may adjust what the next round asks for."""
    pending = [a for a in ADAPTERS if a.kind in kinds]
    done: set[str] = set()
    while pending:
        ready = [a for a in pending if all(d in done for d in a.depends_on)]
        if before_round is not None:
            before_round(ctx)
        await asyncio.gather(*(a.read(ctx) for a in ready))
        done.update(a.kind for a in ready)
        pending = [a for a in pending if a not in ready]
    return LiveState(
        resources=tuple(ctx.resources),
        users=tuple(ctx.users),
        default_role_id=ctx.default_role_id,
        kinds_read=frozenset(done),
    )
