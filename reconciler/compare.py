"""Comparing two companies (`diff-envs A B`): drift between staging and production.

A's live state is read as if it were the configuration and B's as the live side, with ids
ignored, so the planner's diff says what would have to change in B to look like A: a
`create` is an object only in A, a `delete` one only in B, an `update` one that differs
(`before` is B's value, `after` A's). Everything is compared by natural key: pipelines and
roles by name, stages by pipeline and name, role members by email.

Kinds compared: pipelines, stages, roles (with parents), role settings, pipeline visibility
and role members; projects, product followers and subscriptions as their exports (see
`compare_extended`). Members are compared as sets of emails per role here rather than by the
planner, which would refuse a member who is not a user of B; people who exist in only one
company show up in the role they hold there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from reconciler.compare_extended import extended_changes
from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.planning.changes import Action, Change, Plan
from reconciler.planning.diff import diff_fields
from reconciler.planning.order import sort_changes, with_order
from reconciler.planning.planner import build_plan
from reconciler.state import (
    EXTENDED_KINDS,
    KINDS,
    PIPELINE,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    SUBSCRIPTION,
    DesiredState,
    LiveState,
    Resource,
)

if TYPE_CHECKING:
    from reconciler.api import PipedriveClient

COMPARED_KINDS = KINDS

# The fields a config can declare, per kind (None: all the reader gives).
_FIELDS: Mapping[str, tuple[str, ...] | None] = {
    PIPELINE: ("name", "deal_probability"),
    STAGE: ("name", "pipeline", "deal_probability", "rotten_days", "position"),
    ROLE: ("name", "parent"),
    ROLE_SETTINGS: None,
    ROLE_PIPELINES: ("visible",),
}


async def read_company(client: PipedriveClient, *, stages_api: str = "v2") -> LiveState:
    """Every object of every compared kind. Subscriptions are read last, on their own: a
    company without the removed Subscriptions API simply has them left out of `kinds_read`,
    and they are then not compared."""
    from reconciler.resources.read_all import read_everything
    from reconciler.resources.subscriptions import SubscriptionsRemoved

    others = tuple(k for k in COMPARED_KINDS if k != SUBSCRIPTION)
    live = await read_everything(client, others, stages_api=stages_api)
    try:
        found = await read_everything(client, (SUBSCRIPTION,), stages_api=stages_api)
    except SubscriptionsRemoved:
        return live
    return dataclasses.replace(
        live,
        resources=(*live.resources, *found.resources),
        kinds_read=live.kinds_read | found.kinds_read,
    )


def compare(a: LiveState, b: LiveState, *, stages_api: str = "v2") -> Plan:
    """What differs between company A and company B, as a plan that would turn B into A."""
    desired = live_as_desired(a, stages_api=stages_api)
    # The extended kinds are compared by `extended_changes`, not by the planner, which
    # would list B's objects of those kinds as unmanaged.
    core = tuple(r for r in b.resources if r.kind not in EXTENDED_KINDS)
    plan = build_plan(desired, dataclasses.replace(b, resources=core))
    members = member_changes(a, b)
    extended = extended_changes(a, b)
    return dataclasses.replace(plan, changes=sort_changes([*plan.changes, *members, *extended]))


def live_as_desired(live: LiveState, *, stages_api: str = "v2") -> DesiredState:
    """A company's live state as a config that declares all of it (members aside)."""
    resources = []
    for kind, wanted in _FIELDS.items():
        for resource in _renumbered(live.of_kind(kind)) if kind == STAGE else live.of_kind(kind):
            fields = dict(resource.fields)
            if wanted is not None:
                fields = {k: v for k, v in fields.items() if k in wanted}
            resources.append(Resource(kind, resource.key, fields))
    return DesiredState(
        resources=tuple(resources),
        prune=frozenset({ROLE, PIPELINE}),
        stages_api=stages_api,
        pipelines_with_stages=frozenset(p.name for p in live.of_kind(PIPELINE)),
    )


def _renumbered(stages: list[Resource]) -> list[Resource]:
    # Positions as a config writes them (1..n per pipeline), whatever order_nr values A uses.
    out: list[Resource] = []
    by_pipeline: dict[str, list[Resource]] = {}
    for stage in stages:
        by_pipeline.setdefault(stage.key[0], []).append(stage)
    for group in by_pipeline.values():
        group.sort(key=lambda s: (s.fields.get("position") or 0, s.id or 0))
        for position, stage in enumerate(group, start=1):
            out.append(dataclasses.replace(stage, fields={**stage.fields, "position": position}))
    return out


def members_by_role(live: LiveState) -> dict[str, tuple[str, ...]]:
    """Role name -> sorted member emails; users of no live role are in the default role."""
    names = {r.id: r.name for r in live.of_kind(ROLE)}
    out: dict[str, list[str]] = {name: [] for name in names.values()}
    for user in live.users:
        role = names.get(user.role_id, DEFAULT_ROLE_NAME)
        out.setdefault(role, []).append(user.email.lower() if user.email else f"user {user.id}")
    return {role: tuple(sorted(emails)) for role, emails in out.items()}


def member_changes(a: LiveState, b: LiveState) -> list[Change]:
    """role_members changes turning B's memberships into A's (roles only in B are deleted
    by the plan, which names the people who move)."""
    wanted, have = members_by_role(a), members_by_role(b)
    changes = []
    for role in sorted(wanted):
        after: dict[str, Any] = {"members": wanted[role]}
        if role not in have:
            if wanted[role]:
                changes.append(
                    with_order(Change(Action.CREATE, ROLE_MEMBERS, (role,), after=after))
                )
            continue
        before: dict[str, Any] = {"members": have[role]}
        fields = diff_fields(before, after)
        if fields:
            change = Change(Action.UPDATE, ROLE_MEMBERS, (role,), None, before, after, fields)
            changes.append(with_order(change))
    return changes
