"""`build_plan(desired, live) -> Plan`: the pure diff of desired against live state.

No HTTP, files, clock, environment or randomness: the same inputs give the same plan. Both
sides are normalised first (`planning.normalize`), then each kind is planned by its module:

    pipelines.py  pipelines and stages (matching, stage order, v1/v2 differences)
    roles.py      roles (parents, cycles, the default role) and role deletes
    members.py    role members (users resolved by email or id)
    projects.py   projects (boards, phases, templates, owner, plan placement)
    products.py   product followers
    subscriptions.py  subscriptions of deals
    aspects.py    role settings and pipeline visibility

Matching is `match.py`, field comparison `diff.py`, execution order `order.py`, target
selection `select.py`, cost `cost.py`, fingerprints `fingerprint.py`. Errors that make the
config unplannable against this company raise one `PlanError` listing every problem the
independent steps found, each naming its config origin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from reconciler.errors import PlanError
from reconciler.planning.aspects import plan_settings, plan_visibility
from reconciler.planning.changes import Plan
from reconciler.planning.cost import plan_token_cost
from reconciler.planning.fingerprint import live_fingerprint
from reconciler.planning.members import plan_members
from reconciler.planning.normalize import normalize
from reconciler.planning.order import sort_changes
from reconciler.planning.pipelines import plan_pipelines
from reconciler.planning.products import plan_followers
from reconciler.planning.projects import plan_projects
from reconciler.planning.provenance import Selection
from reconciler.planning.roles import delete_changes, plan_roles
from reconciler.planning.select import check_items, selected
from reconciler.planning.subscriptions import plan_subscriptions
from reconciler.state import DesiredState, LiveState, Resource

T = TypeVar("T")


def build_plan(
    desired: DesiredState,
    live: LiveState,
    *,
    targets: Sequence[str] = (),
    excludes: Sequence[str] = (),
    config_digest: str = "",
    read_token_cost: int = 0,
    today: str | None = None,
) -> Plan:
    """The changes that make `live` look like `desired`, in execution order.

    `targets`/`excludes` narrow the plan (see `planning.select`); `config_digest` and
    `read_token_cost` are recorded on the plan as given; `today` (YYYY-MM-DD) is when a
    recurring subscription's update takes effect unless the config says."""
    want = dataclasses.replace(desired, resources=tuple(map(normalize, desired.resources)))
    have = dataclasses.replace(live, resources=tuple(map(normalize, live.resources)))

    errors: list[str] = []
    pipelines = _collect(errors, plan_pipelines, want, have)
    roles = _collect(errors, plan_roles, want, have)
    if pipelines is None or roles is None:
        raise PlanError(errors)
    live_role_of: dict[str, Resource | None] = {w.name: h for w, h in roles.matching.pairs}
    live_role_of.update({w.name: None for w in roles.matching.unmatched_desired})
    role_names = dict(roles.final_name) | {r.id or 0: r.name for r in roles.deleted}
    members = _collect(errors, plan_members, want, have, live_role_of, roles.default, role_names)
    visibility = _collect(
        errors, plan_visibility, want, have, live_role_of, pipelines.final_name, pipelines.created
    )
    projects = _collect(errors, plan_projects, want, have)
    followers = _collect(errors, plan_followers, want, have)
    subscriptions = _collect(errors, plan_subscriptions, want, have, today)
    if members is None or visibility is None or errors:
        raise PlanError(errors)
    assert projects is not None and followers is not None and subscriptions is not None
    changes = [
        *pipelines.changes,
        *roles.changes,
        *delete_changes(roles, want, have, members.declared_user_ids),
        *plan_settings(want, have, live_role_of),
        *visibility,
        *members.changes,
        *projects.changes,
        *followers.changes,
        *subscriptions.changes,
    ]
    unmanaged = sorted(
        [*pipelines.unmanaged, *roles.unmanaged, *projects.unmanaged, *subscriptions.unmanaged]
    )
    warnings = [
        *pipelines.warnings,
        *projects.warnings,
        *followers.warnings,
        *subscriptions.warnings,
    ]

    known = [r.address for r in (*want.resources, *have.resources)] + [c.address for c in changes]
    check_items(targets, known, "target")
    check_items(excludes, known, "exclude")
    chosen = sort_changes(c for c in changes if selected(c.address, targets, excludes))
    return Plan(
        changes=chosen,
        unmanaged=tuple(a for a in unmanaged if selected(a, targets, excludes)),
        protected=tuple(
            sorted(
                a
                for a in {*pipelines.protected, *roles.protected, *projects.protected}
                if selected(a, targets, excludes)
            )
        ),
        warnings=tuple(warnings),
        token_cost=plan_token_cost(chosen, want.stages_api),
        read_token_cost=read_token_cost,
        live_fingerprint=live_fingerprint(have, normalized=True),
        config_digest=config_digest,
        stages_api=want.stages_api,
        selection=Selection.of(targets, excludes),
    )


def _collect(errors: list[str], step: Callable[..., T], *args: Any) -> T | None:
    """Run one planning step, keeping its PlanError messages so the user sees all at once."""
    try:
        return step(*args)
    except PlanError as error:
        errors.extend(error.messages)
        return None
