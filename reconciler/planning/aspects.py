"""Planning role settings and role pipeline visibility.

role_settings: only the declared keys are compared; a new role gets a CREATE with every
declared key (none when `settings: {}`), an existing one an UPDATE per differing key.

role_pipelines: `after` = {"visible": declared names}. `before` = the live visible names,
renamed to config names, without pipelines this plan deletes, plus every pipeline this plan
creates (Pipedrive makes a new pipeline visible to every role). Every declared name must be
a pipeline that exists after the plan. The applier sends add = ids of `after`, remove = ids
of every other pipeline, so it needs nothing more.

Live aspects are looked up by the role's live id, falling back to its live key.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change
from reconciler.planning.diff import diff_fields
from reconciler.planning.order import with_order
from reconciler.state import ROLE_PIPELINES, ROLE_SETTINGS, DesiredState, LiveState, Resource


def _live_aspect(live: LiveState, kind: str, role: Resource) -> Resource | None:
    found = live.with_id(kind, role.id)
    return found if found is not None else live.with_key(kind, role.key)


def plan_settings(
    desired: DesiredState, live: LiveState, live_role_of: Mapping[str, Resource | None]
) -> list[Change]:
    changes = []
    for want in desired.of_kind(ROLE_SETTINGS):
        role = live_role_of.get(want.name)
        if role is None:
            if want.fields:
                change = Change(Action.CREATE, ROLE_SETTINGS, want.key, after=want.fields)
                changes.append(with_order(change))
            continue
        have = _live_aspect(live, ROLE_SETTINGS, role)
        live_fields = have.fields if have else {}
        fields = diff_fields(live_fields, want.fields)
        if fields:
            before = {k: live_fields.get(k) for k in want.fields}
            change = Change(
                Action.UPDATE, ROLE_SETTINGS, want.key, role.id, before, want.fields, fields
            )
            changes.append(with_order(change))
    return changes


def plan_visibility(
    desired: DesiredState,
    live: LiveState,
    live_role_of: Mapping[str, Resource | None],
    pipeline_final_name: Mapping[str, str | None],
    created_pipelines: Set[str],
) -> list[Change]:
    known = {n for n in pipeline_final_name.values() if n is not None} | set(created_pipelines)
    errors = [
        f"{desired.origin_of(want, 'visible', name)}: pipeline '{name}' visible to role "
        f"'{want.name}' is neither in the config nor live"
        + (" (it is deleted by this plan)" if pipeline_final_name.get(name, "") is None else "")
        for want in desired.of_kind(ROLE_PIPELINES)
        for name in want.fields.get("visible", ())
        if name not in known
    ]
    if errors:
        raise PlanError(errors)
    changes = []
    for want in desired.of_kind(ROLE_PIPELINES):
        role = live_role_of.get(want.name)
        after = {"visible": tuple(sorted(want.fields.get("visible", ())))}
        if role is None:
            changes.append(with_order(Change(Action.CREATE, ROLE_PIPELINES, want.key, after=after)))
            continue
        have = _live_aspect(live, ROLE_PIPELINES, role)
        live_visible = have.fields.get("visible", ()) if have else ()
        renamed = {pipeline_final_name.get(n, n) for n in live_visible}
        # Whether Pipedrive shows a new pipeline to existing roles is not documented, so each
        # pipeline the plan creates is shown, and written, as added or hidden explicitly.
        hidden_new = set(created_pipelines) - set(after["visible"])
        seen = {n for n in renamed if n is not None and n not in created_pipelines} | hidden_new
        before = {"visible": tuple(sorted(seen))}
        fields = diff_fields(before, after)
        if fields:
            change = Change(Action.UPDATE, ROLE_PIPELINES, want.key, role.id, before, after, fields)
            changes.append(with_order(change))
    return changes
