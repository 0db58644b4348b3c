"""Planning roles: names, parents, deletes and what a delete does to people and sub-roles.

The default role ("(Unassigned users)") is never deleted, renamed, re-parented or listed as
unmanaged. A pruned role that is protected, or whose delete is blocked, is kept as it is,
with its members and sub-roles. A parent must be a declared role or a live one that survives
the plan; the hierarchy after the plan must have no cycle. Creates and updates run parents
first (`level` = depth), deletes deepest first.

A deleted role's delete carries its consequences for the writer and the reviewer: its live
members not declared in another role move to the default role (a note each), and its
surviving sub-roles whose parent the config does not set move to its parent (or the top
level); sub-roles that are themselves deleted go first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext, user_label
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.roles.payloads import RoleDeleted
from reconciler.kinds.roles.people import declared_members
from reconciler.planning.changes import Create, Delete, Update
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import Matching, match
from reconciler.state import ROLE, LiveState, Resource, User


@dataclass
class RoleOutcome(KindOutcome):
    matching: Matching = field(default_factory=Matching)
    default: Resource | None = None
    deleted: list[Resource] = field(default_factory=list)
    # live role id -> the role's name after the plan (config name when matched)
    final_name: dict[int, str] = field(default_factory=dict)

    def live_role(self, name: str) -> Resource | None:
        """The live role a declared role name is matched to; None when the plan creates it."""
        return self.live_by_name.get(name)

    @cached_property  # the matching is complete when the outcome is made
    def live_by_name(self) -> dict[str, Resource]:
        return {want.name: have for want, have in self.matching.pairs}

    @property
    def names(self) -> dict[int, str]:
        """Live role id -> the name a reviewer knows it by, deleted roles included."""
        return self.final_name | {r.id or 0: r.name for r in self.deleted}


def default_role(live: LiveState) -> Resource | None:
    if live.default_role_id is not None:
        return live.with_id(ROLE, live.default_role_id)
    found = [r for r in live.of_kind(ROLE) if r.name == DEFAULT_ROLE_NAME]
    return found[0] if found else None


def plan_roles(ctx: PlanContext) -> RoleOutcome:
    desired, live = ctx.desired, ctx.live
    out = RoleOutcome(matching=match(desired.of_kind(ROLE), live.of_kind(ROLE)))
    out.default = default_role(live)
    errors: list[str] = []
    for want, have in out.matching.pairs:
        assert have.id is not None
        out.final_name[have.id] = want.name
        if have is out.default:
            if want.name != have.name:
                errors.append(f"{want.origin}: the default role '{have.name}' cannot be renamed")
            if want.fields.get("parent") is not None:
                errors.append(f"{want.origin}: the default role '{have.name}' cannot have a parent")
    for have in out.matching.unmatched_live:
        why = ctx.kept(have) if ctx.prunes(ROLE) else None
        if have is out.default or why is not None or not ctx.prunes(ROLE):
            out.final_name[have.id or 0] = have.name
            if why == "protected":
                out.protected.append(have.address)
            elif why == "blocked":
                out.blocked.append(have.address)
            elif have is not out.default and not ctx.prunes(ROLE):
                out.unmanaged.append(have.address)
        else:
            out.deleted.append(have)
    errors += _parent_errors(ctx, out)
    if errors:
        raise PlanError(errors)
    depth = _depths(ctx, out)
    for want, have in out.matching.pairs:
        changed = diff_fields(have.fields, want.fields)
        if changed:
            before = {k: have.fields.get(k) for k in want.fields}
            out.changes.append(
                Update(
                    kind=ROLE,
                    key=want.key,
                    id=have.id,
                    before=before,
                    after=want.fields,
                    fields=changed,
                    level=depth[want.name],
                )
            )
    for want in out.matching.unmatched_desired:
        out.changes.append(
            Create(kind=ROLE, key=want.key, after=want.fields, level=depth[want.name])
        )
    out.changes.extend(_deletes(ctx, out))
    return out


def _parent_errors(ctx: PlanContext, out: RoleOutcome) -> list[str]:
    desired = ctx.desired
    declared = {r.name for r in desired.of_kind(ROLE)}
    surviving = {r.name for r in out.matching.unmatched_live if r not in out.deleted}
    deleted = {r.name for r in out.deleted}
    renamed = {have.name: want.name for want, have in out.matching.pairs}
    errors = []
    for want in desired.of_kind(ROLE):
        parent = want.fields.get("parent")
        if parent is None or parent in declared or parent in surviving:
            continue
        if parent in deleted:
            why = "is deleted by this plan"
        elif parent in renamed:
            why = f"is renamed to '{renamed[parent]}' by this plan; refer to it by that name"
        else:
            why = "is neither in the config nor live"
        where = desired.origin_of(want, "parent")
        errors.append(f"{where}: parent '{parent}' of role '{want.name}' {why}")
    return errors


def live_parents(live: LiveState) -> dict[int, int | None]:
    """Live role id -> live parent role id (parents are read as names)."""
    by_name = {r.name: r.id for r in live.of_kind(ROLE) if r.id is not None}
    return {
        r.id: by_name.get(r.fields.get("parent") or "")
        for r in live.of_kind(ROLE)
        if r.id is not None
    }


def _depths(ctx: PlanContext, out: RoleOutcome) -> dict[str, int]:
    """Depth of every role in the hierarchy after the plan; PlanError on a cycle."""
    live_parent = live_parents(ctx.live)
    deleted_ids = {r.id for r in out.deleted}
    parent: dict[str, str | None] = {}
    for have in ctx.live.of_kind(ROLE):
        if have.id in out.final_name:
            up = live_parent.get(have.id or 0)
            while up is not None and up in deleted_ids:  # a deleted parent hands its children up
                up = live_parent.get(up)
            parent[out.final_name[have.id or 0]] = out.final_name.get(up) if up else None
    for want in ctx.desired.of_kind(ROLE):
        if "parent" in want.fields:
            parent[want.name] = want.fields["parent"]
        else:
            parent.setdefault(want.name, None)
    depth: dict[str, int] = {}
    for name in parent:
        chain = [name]
        while (above := parent.get(chain[-1])) is not None and above not in depth:
            if above in chain:
                cycle = " -> ".join([*chain[chain.index(above) :], above])
                origin = next((r.origin for r in ctx.desired.of_kind(ROLE) if r.name == name), None)
                raise PlanError(f"{origin or '<config>'}: role parents form a cycle: {cycle}")
            chain.append(above)
        base = depth[above] + 1 if above is not None else 0
        for offset, member in enumerate(reversed(chain)):
            depth[member] = base + offset
    return depth


def _deletes(ctx: PlanContext, out: RoleOutcome) -> list[Delete]:
    """The delete of every role that goes, with who and what moves where."""
    live = ctx.live
    moved_elsewhere = declared_members(ctx).user_ids
    live_parent = live_parents(live)
    deleted_ids = {r.id for r in out.deleted}
    parent_managed = {
        have.id for want, have in out.matching.pairs if "parent" in want.fields and have.id
    }
    default_id = out.default.id if out.default else None
    users_of: dict[int | None, list[User]] = {}
    for user in live.users:
        users_of.setdefault(user.role_id, []).append(user)
    children_of: dict[int | None, list[int]] = {}
    for child_id, child_parent in sorted(live_parent.items()):
        children_of.setdefault(child_parent, []).append(child_id)
    changes = []
    for have in out.deleted:
        members = sorted(
            (u for u in users_of.get(have.id, ()) if u.id not in moved_elsewhere),
            key=lambda u: u.id,
        )
        notes = [f"{user_label(u)} moves to {DEFAULT_ROLE_NAME}" for u in members]
        up = live_parent.get(have.id or 0)
        while up is not None and up in deleted_ids:
            up = live_parent.get(up)
        target = out.final_name.get(up) if up is not None and up != default_id else None
        reparent = []
        for child_id in children_of.get(have.id, ()):
            if child_id in deleted_ids or child_id in parent_managed:
                continue
            reparent.append(child_id)
            child = out.final_name.get(child_id, str(child_id))
            notes.append(f"sub-role {child} moves to {target or 'top level'}")
        depth, cursor = 0, live_parent.get(have.id or 0)
        while cursor is not None and depth < len(live_parent):
            depth, cursor = depth + 1, live_parent.get(cursor)
        changes.append(
            Delete(
                kind=ROLE,
                key=have.key,
                id=have.id,
                before=dict(have.fields),
                notes=tuple(notes),
                payload=RoleDeleted(tuple(u.id for u in members), tuple(reparent), target),
                level=-depth,
            )
        )
    return changes
