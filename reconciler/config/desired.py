"""From a loaded config to the desired `DesiredState` the planner diffs against live state.

`build_desired(loaded)` takes anything with `.config` (a `Config`) and `.origin(*path) -> str`
(the nearest known `file:line:col` of a document path such as `("roles", 0, "members", 1)`),
so tests can pass a stub. The resources it builds, in `reconciler.state`'s vocabulary:

    pipeline (name,)          name; deal_probability (bool) only when set
    stage (pipeline, name)    name, pipeline, rotten_days (always: None = rotting off),
                              position (1-based list index); deal_probability only when set.
                              Only for pipelines that declare `stages`.
    role (name,)              name; parent (name or None) only when the `parent` key is present
    role_settings (role,)     the keys set (non-None) -> int; only when `settings` is declared
    role_pipelines (role,)    visible: sorted unique names; only when `pipelines` is declared
    role_members (role,)      members: declared labels in order (emails lower-cased, ids as
                              ints); only when `members` is declared. The planner resolves them.

`DesiredState.protected` holds the config's `protected` addresses and the address of every
declared object with `protect: true`: the planner never deletes a live object at one of them.

    project (title,)          title and every key set; dates as ISO text; labels, deals
                              sorted; owner lower-cased; plan {tasks|activities: {item:
                              {phase, group}}} with the place keys set
    product_followers (id,)   followers: declared labels (only when `followers` is set)
    subscription (deal,)      type recurring|installment, the keys set (payments as
                              dicts), cancelled: True and cancel_end_date when cancelled

Pipelines that declare `stages` (even an empty list) are recorded in
`DesiredState.pipelines_with_stages`: their live stages that are not declared get deleted.
Origins of single list entries (a visible pipeline, a member) go to
`DesiredState.entry_origins` so plan errors can point at the entry itself.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from pydantic import BaseModel

from reconciler.config.models import Config, Pipeline, Role
from reconciler.state import (
    PIPELINE,
    PRODUCT_FOLLOWERS,
    PROJECT,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    SUBSCRIPTION,
    DesiredState,
    Resource,
    address,
    entry_key,
)

# Config section names (`prune: [roles]`) to state kinds.
PRUNE_KINDS = {
    "roles": ROLE,
    "pipelines": PIPELINE,
    "projects": PROJECT,
    "subscriptions": SUBSCRIPTION,
}


class Loaded(Protocol):
    @property
    def config(self) -> Config: ...

    def origin(self, *path: str | int) -> str: ...


def build_desired(loaded: Loaded) -> DesiredState:
    """The config as desired state; pure (no I/O), never raises for a validated config."""
    config = loaded.config
    resources: list[Resource] = []
    entry_origins: dict[str, str] = {}
    with_stages: set[str] = set()
    for index, pipeline in enumerate(config.pipelines):
        resources.extend(_pipeline(loaded, index, pipeline))
        if pipeline.stages is not None:
            with_stages.add(pipeline.name)
    for index, role in enumerate(config.roles):
        resources.extend(_role(loaded, index, role, entry_origins))
    resources.extend(_extended(loaded, entry_origins))
    return DesiredState(
        resources=tuple(resources),
        prune=frozenset(PRUNE_KINDS[p] for p in config.prune),
        max_delete_percent=config.guards.max_delete_percent,
        min_existing=config.guards.min_existing,
        stages_api=config.api.stages,
        pipelines_with_stages=frozenset(with_stages),
        protected=frozenset(config.protected)
        | frozenset(r.address for r in resources if r.protect),
        entry_origins=entry_origins,
    )


def _extended(loaded: Loaded, entry_origins: dict[str, str]) -> list[Resource]:
    """Projects, product followers and subscriptions: only the keys set are managed."""
    config = loaded.config
    out: list[Resource] = []
    for index, project in enumerate(config.projects):
        fields: dict[str, Any] = {"title": project.title}
        for name in sorted(project.model_fields_set - {"title", "id", "renamed_from", "protect"}):
            fields[name] = _plain(getattr(project, name))
        if project.plan is not None:
            fields["plan"] = {
                part: {item: place.model_dump(exclude_unset=True) for item, place in items.items()}
                for part, items in (
                    ("tasks", project.plan.tasks),
                    ("activities", project.plan.activities),
                )
            }
        if isinstance(fields.get("owner"), str):
            fields["owner"] = fields["owner"].lower()
        for name in ("labels", "deals"):
            if fields.get(name) is not None:
                fields[name] = tuple(sorted(set(fields[name])))
        out.append(
            Resource(
                PROJECT,
                (project.title,),
                fields,
                id=project.id,
                renamed_from=tuple(project.renamed_from),
                protect=project.protect,
                origin=loaded.origin("projects", index),
            )
        )
    for index, product in enumerate(config.products):
        if product.followers is None:
            continue
        key = (str(product.id),)
        labels = tuple(f.lower() if isinstance(f, str) else f for f in product.followers)
        for n, label in enumerate(labels):
            origin = loaded.origin("products", index, "followers", n)
            entry_origins.setdefault(
                entry_key(address(PRODUCT_FOLLOWERS, key), "followers", label), origin
            )
        out.append(
            Resource(
                PRODUCT_FOLLOWERS,
                key,
                {"followers": labels},
                origin=loaded.origin("products", index, "followers"),
            )
        )
    for index, sub in enumerate(config.subscriptions):
        body = sub.recurring or sub.installment
        if body is None:
            continue  # reported by the offline checks
        fields = {"type": "recurring" if sub.recurring else "installment"}
        fields |= {k: _plain(v) for k, v in body.model_dump(exclude_unset=True).items()}
        fields["currency"] = fields["currency"].upper()
        if sub.cancelled is not None:
            fields["cancelled"] = True
            fields["cancel_end_date"] = _plain(sub.cancelled.end_date)
        out.append(
            Resource(
                SUBSCRIPTION, (str(sub.deal),), fields, origin=loaded.origin("subscriptions", index)
            )
        )
    return out


def _plain(value: Any) -> Any:
    """Dates as ISO text, lists as tuples, models as dicts: the state's vocabulary."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(exclude_unset=True))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


def _pipeline(loaded: Loaded, index: int, pipeline: Pipeline) -> list[Resource]:
    fields: dict[str, Any] = {"name": pipeline.name}
    if pipeline.deal_probability is not None:
        fields["deal_probability"] = pipeline.deal_probability
    out = [
        Resource(
            PIPELINE,
            (pipeline.name,),
            fields,
            id=pipeline.id,
            renamed_from=tuple(pipeline.renamed_from),
            protect=pipeline.protect,
            origin=loaded.origin("pipelines", index),
        )
    ]
    for position, stage in enumerate(pipeline.stages or (), start=1):
        stage_fields: dict[str, Any] = {
            "name": stage.name,
            "pipeline": pipeline.name,
            "rotten_days": stage.rotten_days,
            "position": position,
        }
        if stage.deal_probability is not None:
            stage_fields["deal_probability"] = stage.deal_probability
        out.append(
            Resource(
                STAGE,
                (pipeline.name, stage.name),
                stage_fields,
                id=stage.id,
                renamed_from=tuple(stage.renamed_from),
                protect=stage.protect,
                origin=loaded.origin("pipelines", index, "stages", position - 1),
            )
        )
    return out


def _role(loaded: Loaded, index: int, role: Role, entry_origins: dict[str, str]) -> list[Resource]:
    key = (role.name,)
    here = ("roles", index)
    fields: dict[str, Any] = {"name": role.name}
    if "parent" in role.model_fields_set:
        fields["parent"] = role.parent
        entry_origins[entry_key(address(ROLE, key), "parent")] = loaded.origin(*here, "parent")
    out = [
        Resource(
            ROLE,
            key,
            fields,
            id=role.id,
            renamed_from=tuple(role.renamed_from),
            protect=role.protect,
            origin=loaded.origin(*here),
        )
    ]
    if role.settings is not None:
        settings = {k: int(v) for k, v in role.settings.model_dump().items() if v is not None}
        out.append(Resource(ROLE_SETTINGS, key, settings, origin=loaded.origin(*here, "settings")))
    if role.pipelines is not None:
        visible = role.pipelines.visible
        at = address(ROLE_PIPELINES, key)
        for n, name in enumerate(visible):
            origin = loaded.origin(*here, "pipelines", "visible", n)
            entry_origins.setdefault(entry_key(at, "visible", name), origin)
        out.append(
            Resource(
                ROLE_PIPELINES,
                key,
                {"visible": tuple(sorted(set(visible)))},
                origin=loaded.origin(*here, "pipelines"),
            )
        )
    if role.members is not None:
        labels = tuple(m.lower() if isinstance(m, str) else m for m in role.members)
        at = address(ROLE_MEMBERS, key)
        for n, label in enumerate(labels):
            origin = loaded.origin(*here, "members", n)
            entry_origins.setdefault(entry_key(at, "members", label), origin)
        out.append(
            Resource(ROLE_MEMBERS, key, {"members": labels}, origin=loaded.origin(*here, "members"))
        )
    return out
