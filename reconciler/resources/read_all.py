"""Reading the whole company (for `export`), not only what a config manages.

The adapters read what a `DesiredState` asks for. `read_everything` hands them one that asks
for everything: every kind pruned (so kind readers list all objects) and, once the roles are
known, every live role's aspects declared (so per-role readers fetch settings and pipeline
visibility for each role). Settings still come from `GET /roles/{id}` (2 tokens), not
`/roles/{id}/settings` (20).

A new kind whose reader lists all its objects when the kind is pruned needs nothing here;
a kind read per parent object (like role settings) adds its declaration in `_asks_for`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reconciler.resources.base import ReadContext
from reconciler.resources.reader import read_kinds, with_dependencies
from reconciler.state import ROLE, ROLE_ASPECTS, DesiredState, LiveState, Resource

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


async def read_everything(
    client: PipedriveClient, kinds: Iterable[str], *, stages_api: str = "v2"
) -> LiveState:
    """Every live object of `kinds` (state kinds) and of the kinds they depend on."""
    closure = with_dependencies(kinds)
    base = DesiredState(prune=frozenset(closure), stages_api=stages_api)
    ctx = ReadContext(client, base, stages_api=stages_api)

    def ask_for_aspects(ctx: ReadContext) -> None:
        ctx.desired = _asks_for(base, ctx, closure)

    return await read_kinds(ctx, closure, before_round=ask_for_aspects)


def _asks_for(base: DesiredState, ctx: ReadContext, kinds: set[str]) -> DesiredState:
    """`base` plus, for every live role read so far, each wanted role aspect."""
    aspects = [
        Resource(aspect, role.key, {}, id=role.id)
        for role in ctx.live(ROLE)
        for aspect in ROLE_ASPECTS
        if aspect in kinds
    ]
    return dataclasses.replace(base, resources=tuple(aspects))
