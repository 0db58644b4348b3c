"""Reading the live company: every kind a scope asks for, and nothing else.

`scope_for(desired)` is what a plan needs: each kind the config declares or prunes (and, for
kinds read with their owner, whose owner it prunes), the kinds those refer to, and per kind
which declared objects need per-object reads. `everything(kinds)` is what `export` needs:
every live object of those kinds. Kinds whose dependencies are read run concurrently, so a
plan's wall time is a few rounds of requests (lists first, then per-object details) rather
than one request after another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reconciler import kinds
from reconciler.kinds.context import ReadContext, ReadScope, StagesApi, Wanted
from reconciler.state import DesiredState, LiveState

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient


def scope_for(desired: DesiredState) -> ReadScope:
    wanted: dict[str, Wanted] = {}
    for spec in kinds.KINDS:
        if spec.reader is None:
            continue
        declared = desired.of_kind(spec.name)
        every = spec.name in desired.prune or (
            spec.read_with_owner and spec.owner is not None and spec.owner in desired.prune
        )
        if not declared and not every:
            continue
        names = {r.name for r in declared} | {old for r in declared for old in r.renamed_from}
        ids = {r.id for r in declared if r.id is not None}
        if spec.owner is not None:  # objects held by another share its key, id and names
            for holder in desired.of_kind(spec.owner):
                if holder.name in names:
                    names.update(holder.renamed_from)
                    if holder.id is not None:
                        ids.add(holder.id)
        flags = spec.flags(desired) if spec.flags else {}
        wanted[spec.name] = Wanted(every, frozenset(names), frozenset(ids), flags)
    return ReadScope(with_dependencies(wanted), wanted)


def everything(names: Iterable[str]) -> ReadScope:
    closure = with_dependencies(names)
    return ReadScope(closure, {name: Wanted(every=True) for name in closure})


def with_dependencies(names: Iterable[str]) -> frozenset[str]:
    """`names` and what their readers need first (stages need pipelines' names, ...)."""
    closure = set(names)
    while more := {d for k in closure for d in kinds.kind(k).depends_on} - closure:
        closure |= more
    return frozenset(closure)


async def read_live(
    client: PipedriveClient, scope: ReadScope, stages_api: StagesApi = "v2"
) -> LiveState:
    """Read the scope's kinds in rounds: each round reads, concurrently, every kind whose
    dependencies earlier rounds have read."""
    ctx = ReadContext(client, scope, stages_api=stages_api)
    pending = [spec for spec in kinds.KINDS if spec.name in scope.kinds and spec.reader]
    done: set[str] = set()
    while pending:
        ready = [s for s in pending if all(d in done for d in s.depends_on)]
        await asyncio.gather(*(s.reader(ctx) for s in ready if s.reader is not None))
        done.update(s.name for s in ready)
        pending = [s for s in pending if s not in ready]
    return LiveState(
        resources=tuple(ctx.resources),
        users=tuple(ctx.users),
        default_role_id=ctx.default_role_id,
        kinds_read=frozenset(done),
    )
