"""Comparing two companies' role members (`diff-envs`): as sets of labels per role, not by
the planner, which would refuse a member who is not a user of the other company; people who
exist in only one company show up in the role they hold there."""

from __future__ import annotations

from typing import Any

from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.kinds.context import user_label
from reconciler.planning.changes import Change, Create, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import ROLE, ROLE_MEMBERS, LiveState


def members_by_role(live: LiveState) -> dict[str, tuple[str, ...]]:
    """Role name -> sorted member labels; users of no live role are in the default role."""
    names = {r.id: r.name for r in live.of_kind(ROLE)}
    out: dict[str, list[str]] = {name: [] for name in names.values()}
    for user in live.users:
        role = names.get(user.role_id, DEFAULT_ROLE_NAME)
        out.setdefault(role, []).append(user_label(user))
    return {role: tuple(sorted(labels)) for role, labels in out.items()}


def member_differences(a: LiveState, b: LiveState) -> list[Change]:
    """role_members changes turning B's memberships into A's (roles only in B are deleted
    by the role comparison, which names the people who move)."""
    wanted, have = members_by_role(a), members_by_role(b)
    changes: list[Change] = []
    for role in sorted(wanted):
        after: dict[str, Any] = {"members": wanted[role]}
        if role not in have:
            if wanted[role]:
                changes.append(Create(kind=ROLE_MEMBERS, key=(role,), after=after))
            continue
        before: dict[str, Any] = {"members": have[role]}
        fields = diff_fields(before, after)
        if fields:
            changes.append(
                Update(
                    kind=ROLE_MEMBERS,
                    key=(role,),
                    id=None,
                    before=before,
                    after=after,
                    fields=fields,
                )
            )
    return changes
