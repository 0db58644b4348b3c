"""Planning a role's settings and which pipelines it sees.

role_settings: only the declared keys are compared; a new role gets a create with every
declared key (none when `settings: {}`), an existing one an update per differing key.

role_pipelines: `after` = {"visible": names}: the declared ones, or with `hidden:` (and
`visible: all`, which hides none) every pipeline that exists after the plan but the hidden
ones. `before` = the live visible names, renamed to config names, without pipelines this plan
deletes or creates. Pipedrive does not document whether existing roles see a new pipeline, so
each pipeline the plan creates is written as visible or hidden explicitly: visible ones show
as added, hidden ones as a note ("hidden from this role"), not as a removal. Every declared
name must be a pipeline that exists after the plan. The writer sends add = ids of `after` and
remove = every other pipeline, so it needs nothing more.

A role's live details are found by the role's live id, else its live key.
"""

from __future__ import annotations

from reconciler.errors import PlanError
from reconciler.kinds.context import PlanContext
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.pipelines.plan import PipelineOutcome
from reconciler.kinds.roles.plan_roles import RoleOutcome
from reconciler.planning.changes import Create, Update
from reconciler.planning.diff import diff_fields
from reconciler.state import PIPELINE, ROLE, ROLE_PIPELINES, ROLE_SETTINGS, LiveState, Resource


def _live_detail(live: LiveState, kind: str, role: Resource) -> Resource | None:
    found = live.with_id(kind, role.id)
    return found if found is not None else live.with_key(kind, role.key)


def plan_settings(ctx: PlanContext) -> KindOutcome:
    roles = ctx.outcome(ROLE, RoleOutcome)
    out = KindOutcome()
    for want in ctx.desired.of_kind(ROLE_SETTINGS):
        role = roles.live_role(want.name)
        if role is None:
            if want.fields:
                out.changes.append(Create(kind=ROLE_SETTINGS, key=want.key, after=want.fields))
            continue
        have = _live_detail(ctx.live, ROLE_SETTINGS, role)
        live_fields = have.fields if have else {}
        fields = diff_fields(live_fields, want.fields)
        if fields:
            before = {k: live_fields.get(k) for k in want.fields}
            out.changes.append(
                Update(
                    kind=ROLE_SETTINGS,
                    key=want.key,
                    id=role.id,
                    before=before,
                    after=want.fields,
                    fields=fields,
                )
            )
    return out


def plan_visibility(ctx: PlanContext) -> KindOutcome:
    roles = ctx.outcome(ROLE, RoleOutcome)
    pipelines = ctx.outcome(PIPELINE, PipelineOutcome)
    final_name, created, known = pipelines.final_name, pipelines.created, pipelines.known
    errors = [
        f"{ctx.desired.origin_of(want, field, name)}: pipeline '{name}' "
        f"{'visible to' if field == 'visible' else 'hidden from'} role "
        f"'{want.name}' is neither in the config nor live"
        + (" (it is deleted by this plan)" if final_name.get(name, "") is None else "")
        for want in ctx.desired.of_kind(ROLE_PIPELINES)
        for field, names in want.fields.items()
        for name in names
        if name not in known
    ]
    if errors:
        raise PlanError(errors)
    out = KindOutcome()
    for want in ctx.desired.of_kind(ROLE_PIPELINES):
        role = roles.live_role(want.name)
        after = {"visible": _visible_after(want, known)}
        if role is None:
            out.changes.append(Create(kind=ROLE_PIPELINES, key=want.key, after=after))
            continue
        have = _live_detail(ctx.live, ROLE_PIPELINES, role)
        live_visible = have.fields.get("visible", ()) if have else ()
        renamed = {final_name.get(n, n) for n in live_visible}
        before = {
            "visible": tuple(sorted(n for n in renamed if n is not None and n not in created))
        }
        fields = diff_fields(before, after)
        # Written explicitly (Pipedrive may show a new pipeline to every role), and worded
        # as what it is: the role never saw it.
        hidden_new = sorted(set(created) - set(after["visible"]))
        if fields or hidden_new:
            out.changes.append(
                Update(
                    kind=ROLE_PIPELINES,
                    key=want.key,
                    id=role.id,
                    before=before,
                    after=after,
                    fields=fields,
                    notes=tuple(f"new pipeline {n} is hidden from this role" for n in hidden_new),
                )
            )
    return out


def _visible_after(want: Resource, known: set[str]) -> tuple[str, ...]:
    """The declared visible names, or every pipeline after the plan but the hidden ones."""
    if "hidden" in want.fields:
        return tuple(sorted(known - set(want.fields["hidden"])))
    return tuple(sorted(want.fields.get("visible", ())))
