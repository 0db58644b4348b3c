"""Comparing two companies (`diff-envs A B`): drift between staging and production.

For the kinds a section compares by planning (`SectionSpec.compared`), A's live state is read
as if it were the configuration and B's as the live side, with ids ignored, so the planner's
diff says what would have to change in B to look like A: a `create` is an object only in A, a
`delete` one only in B, an `update` one that differs (`before` is B's value, `after` A's).
Everything is compared by natural key. What the planner cannot compare (role members, which
it would refuse for people of only one company; projects, followers and subscriptions, whose
references only one company may resolve) each section compares itself (`SectionSpec.compare`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from reconciler import kinds
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Plan
from reconciler.planning.order import sort_changes
from reconciler.planning.planner import build_plan
from reconciler.state import DesiredState, LiveState, Resource, address, in_live_order

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

COMPARED_KINDS = kinds.NAMES


async def read_company(client: PipedriveClient, *, stages_api: StagesApi = "v2") -> LiveState:
    """Every object of every kind. Subscriptions are read last, on their own: a company
    without the removed Subscriptions API simply has them left out of `kinds_read`, and they
    are then not compared."""
    from reconciler.kinds.subscriptions.api import SubscriptionsRemoved
    from reconciler.reading import everything, read_live
    from reconciler.state import SUBSCRIPTION

    others = tuple(k for k in COMPARED_KINDS if k != SUBSCRIPTION)
    live = await read_live(client, everything(others), stages_api)
    try:
        found = await read_live(client, everything((SUBSCRIPTION,)), stages_api)
    except SubscriptionsRemoved:
        return live
    return dataclasses.replace(
        live,
        resources=(*live.resources, *found.resources),
        kinds_read=live.kinds_read | found.kinds_read,
    )


def compare(a: LiveState, b: LiveState, *, stages_api: StagesApi = "v2") -> Plan:
    """What differs between company A and company B, as a plan that would turn B into A."""
    planned = {name for s in kinds.SECTIONS for name in s.compared}
    desired = live_as_desired(a, stages_api=stages_api)
    b_planned = dataclasses.replace(b, resources=tuple(r for r in b.resources if r.kind in planned))
    plan = build_plan(desired, b_planned)
    others = [c for s in kinds.SECTIONS if s.compare is not None for c in s.compare(a, b)]
    return dataclasses.replace(plan, changes=sort_changes([*plan.changes, *others]))


def live_as_desired(live: LiveState, *, stages_api: StagesApi = "v2") -> DesiredState:
    """A company's live state as a config declaring all of what the planner compares."""
    resources = []
    authoritative: set[str] = set()
    for section in kinds.SECTIONS:
        for name, wanted in section.compared.items():
            spec = kinds.kind(name)
            found = live.of_kind(name)
            if spec.owner is not None and spec.key_parts > 1:
                found = _renumbered(found)
                authoritative |= {address(spec.owner, r.key[:1]) for r in live.of_kind(spec.owner)}
            for resource in found:
                fields = dict(resource.fields)
                if wanted is not None:
                    fields = {k: v for k, v in fields.items() if k in wanted}
                resources.append(Resource(name, resource.key, fields))
    prune = frozenset(k.name for k in kinds.KINDS if k.prune and k.name in _planned())
    return DesiredState(
        resources=tuple(resources),
        prune=prune,
        stages_api=stages_api,
        authoritative=frozenset(authoritative),
    )


def _planned() -> set[str]:
    return {name for s in kinds.SECTIONS for name in s.compared}


def _renumbered(held: list[Resource]) -> list[Resource]:
    # Positions as a config writes them (1..n per owner), whatever order_nr values A uses.
    out: list[Resource] = []
    by_owner: dict[str, list[Resource]] = {}
    for resource in held:
        by_owner.setdefault(resource.key[0], []).append(resource)
    for group in by_owner.values():
        for position, resource in enumerate(in_live_order(group), start=1):
            out.append(
                dataclasses.replace(resource, fields={**resource.fields, "position": position})
            )
    return out
