"""Planning a role's settings and which pipelines it sees.

role_settings: only the declared keys are compared; a new role gets a create with every
declared key (none when `settings: {}`), an existing one an update per differing key.

role_pipelines: `after` = {"visible": declared names}. `before` = the live visible names,
renamed to config names, without pipelines this plan deletes, plus every pipeline this plan
creates that the role is not to see. Pipedrive does not document whether existing roles see a
new pipeline, so each pipeline the plan creates is shown, and written, as visible or hidden
explicitly. Every declared name must be a pipeline that exists after the plan. The writer
sends add = ids of `after` and remove = every other pipeline, so it needs nothing more.

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
    final_name, created = pipelines.final_name, pipelines.created
    known = pipelines.known
    errors = [
        f"{ctx.desired.origin_of(want, 'visible', name)}: pipeline '{name}' visible to role "
        f"'{want.name}' is neither in the config nor live"
        + (" (it is deleted by this plan)" if final_name.get(name, "") is None else "")
        for want in ctx.desired.of_kind(ROLE_PIPELINES)
        for name in want.fields.get("visible", ())
        if name not in known
    ]
    if errors:
        raise PlanError(errors)
    out = KindOutcome()
    for want in ctx.desired.of_kind(ROLE_PIPELINES):
        role = roles.live_role(want.name)
        after = {"visible": tuple(sorted(want.fields.get("visible", ())))}
        if role is None:
            out.changes.append(Create(kind=ROLE_PIPELINES, key=want.key, after=after))
            continue
        have = _live_detail(ctx.live, ROLE_PIPELINES, role)
        live_visible = have.fields.get("visible", ()) if have else ()
        renamed = {final_name.get(n, n) for n in live_visible}
        hidden_new = set(created) - set(after["visible"])
        seen = {n for n in renamed if n is not None and n not in created} | hidden_new
        before = {"visible": tuple(sorted(seen))}
        fields = diff_fields(before, after)
        if fields:
            out.changes.append(
                Update(
                    kind=ROLE_PIPELINES,
                    key=want.key,
                    id=role.id,
                    before=before,
                    after=after,
                    fields=fields,
                )
            )
    return out
