"""Planning roles: names, parents, deletes and what a delete does to people and sub-roles.

The default role ("(Unassigned users)", `LiveState.default_role_id`) is never deleted,
renamed, re-parented or listed as unmanaged. A pruned role whose address is protected
(`DesiredState.protected`) is kept as it is, with its members and sub-roles, and listed in
`RoleOutcome.protected`. A parent must be a declared role or a live one
that survives the plan; the hierarchy after the plan must have no cycle.

A deleted role's DELETE carries its consequences for the applier and the reviewer:
- `extra["member_user_ids"]`: its live members not added to another role by this plan, with
  a note "x@y moves to (Unassigned users)" each;
- `extra["reparent_role_ids"]` and `extra["reparent_to"]` (a role name or None for top level):
  its surviving sub-roles whose parent the config does not set, with a note
  "sub-role X moves to Y". Sub-roles that are themselves deleted go first (deepest first);
  sub-roles whose parent the config sets are re-parented by their own UPDATE.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.match import Matching, match
from reconciler.planning.order import with_order
from reconciler.state import ROLE, DesiredState, LiveState, Resource, User


@dataclass
class RoleOutcome:
    matching: Matching
    changes: list[Change] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    default: Resource | None = None
    deleted: list[Resource] = field(default_factory=list)
    # live role id -> the role's name after the plan (config name when matched)
    final_name: dict[int, str] = field(default_factory=dict)
    protected: list[str] = field(default_factory=list)  # kept although pruned: see safety


def default_role(live: LiveState) -> Resource | None:
    for role in live.of_kind(ROLE):
        if live.default_role_id is not None and role.id == live.default_role_id:
            return role
    if live.default_role_id is None:
        found = [r for r in live.of_kind(ROLE) if r.name == DEFAULT_ROLE_NAME]
        return found[0] if found else None
    return None


def plan_roles(desired: DesiredState, live: LiveState) -> RoleOutcome:
    """Role creates/updates and the set of roles to delete (their changes come later, from
    `delete_changes`, once members are planned)."""
    out = RoleOutcome(match(desired.of_kind(ROLE), live.of_kind(ROLE)))
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
        if have is out.default:
            out.final_name[have.id or 0] = have.name
        elif ROLE in desired.prune and have.address in desired.protected:
            out.final_name[have.id or 0] = have.name  # protected: kept as it is
            out.protected.append(have.address)
        elif ROLE in desired.prune:
            out.deleted.append(have)
        else:
            out.final_name[have.id or 0] = have.name
            out.unmanaged.append(have.address)
    errors += _parent_errors(desired, out)
    if errors:
        raise PlanError(errors)
    depth = _depths(desired, live, out)
    for want, have in out.matching.pairs:
        changed = diff_fields(have.fields, want.fields)
        if changed:
            before = {k: have.fields.get(k) for k in want.fields}
            change = Change(Action.UPDATE, ROLE, want.key, have.id, before, want.fields, changed)
            out.changes.append(with_order(change, level=depth[want.name]))
    for want in out.matching.unmatched_desired:
        change = Change(Action.CREATE, ROLE, want.key, after=want.fields)
        out.changes.append(with_order(change, level=depth[want.name]))
    return out


def _parent_errors(desired: DesiredState, out: RoleOutcome) -> list[str]:
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


def _live_parents(live: LiveState) -> dict[int, int | None]:
    """Live role id -> live parent role id (parents are read as names)."""
    by_name = {r.name: r.id for r in live.of_kind(ROLE) if r.id is not None}
    return {
        r.id: by_name.get(r.fields.get("parent") or "")
        for r in live.of_kind(ROLE)
        if r.id is not None
    }


def _depths(desired: DesiredState, live: LiveState, out: RoleOutcome) -> dict[str, int]:
    """Depth of every role in the hierarchy after the plan; PlanError on a cycle."""
    live_parent = _live_parents(live)
    deleted_ids = {r.id for r in out.deleted}
    parent: dict[str, str | None] = {}
    for have in live.of_kind(ROLE):
        if have.id in out.final_name:
            up = live_parent.get(have.id or 0)
            while up is not None and up in deleted_ids:  # a deleted parent hands its children up
                up = live_parent.get(up)
            parent[out.final_name[have.id or 0]] = out.final_name.get(up) if up else None
    for want in desired.of_kind(ROLE):
        if "parent" in want.fields:
            parent[want.name] = want.fields["parent"]
        else:
            parent.setdefault(want.name, None)
    depth: dict[str, int] = {}
    for name in parent:
        chain = [name]
        while (up := parent.get(chain[-1])) is not None and up not in depth:
            if up in chain:
                cycle = " -> ".join([*chain[chain.index(up) :], up])
                origin = next((r.origin for r in desired.of_kind(ROLE) if r.name == name), None)
                raise PlanError(f"{origin or '<config>'}: role parents form a cycle: {cycle}")
            chain.append(up)
        base = depth[up] + 1 if up is not None else 0
        for offset, member in enumerate(reversed(chain)):
            depth[member] = base + offset
    return depth


def delete_changes(
    out: RoleOutcome, desired: DesiredState, live: LiveState, moved_elsewhere: Set[int]
) -> list[Change]:
    """The DELETE of every role that goes, with who and what moves where."""
    live_parent = _live_parents(live)
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
        notes = [f"{_label(u)} moves to {DEFAULT_ROLE_NAME}" for u in members]
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
        extra = {
            "member_user_ids": tuple(u.id for u in members),
            "reparent_role_ids": tuple(reparent),
            "reparent_to": target,
        }
        depth, cursor = 0, live_parent.get(have.id or 0)
        while cursor is not None and depth < len(live_parent):
            depth, cursor = depth + 1, live_parent.get(cursor)
        before = dict(have.fields)
        change = Change(
            Action.DELETE, ROLE, have.key, have.id, before, notes=tuple(notes), extra=extra
        )
        changes.append(with_order(change, level=-depth))
    return changes


def _label(user: User) -> str:
    return user.email or f"user {user.id}"
