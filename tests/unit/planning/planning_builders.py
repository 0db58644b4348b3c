"""Small builders for planner tests: desired state from a config dict, live state by hand,
and a plan reduced to comparable rows."""

from __future__ import annotations

from typing import Any

from reconciler.config.desired import build_desired
from reconciler.config.models import DEFAULT_ROLE_NAME, Config
from reconciler.planning.changes import Plan
from reconciler.planning.planner import build_plan
from reconciler.state import (
    PIPELINE,
    ROLE,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    DesiredState,
    LiveState,
    Resource,
    User,
)

DEFAULT_ID = 1


class StubLoaded:
    """What `build_desired` needs from the loader: the config and `origin(*path)`."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.config = Config.model_validate(data)

    def origin(self, *path: str | int) -> str:
        return "cfg.yaml:" + ".".join(str(p) for p in path)


def desired(data: dict[str, Any]) -> DesiredState:
    return build_desired(StubLoaded(data))


def pipeline(pid: int, name: str, deal_probability: Any = False) -> Resource:
    return Resource(PIPELINE, (name,), {"name": name, "deal_probability": deal_probability}, id=pid)


def stage(
    sid: int,
    pipeline_name: str,
    name: str,
    position: Any,
    *,
    pipeline_id: int,
    rotten_days: Any = None,
    deal_probability: Any = 100,
) -> Resource:
    fields = {
        "name": name,
        "pipeline": pipeline_name,
        "pipeline_id": pipeline_id,
        "deal_probability": deal_probability,
        "rotten_days": rotten_days,
        "position": position,
    }
    return Resource(STAGE, (pipeline_name, name), fields, id=sid)


def role(rid: int, name: str, parent: str | None = None) -> Resource:
    return Resource(ROLE, (name,), {"name": name, "parent": parent}, id=rid)


def default_role() -> Resource:
    return role(DEFAULT_ID, DEFAULT_ROLE_NAME)


def settings(rid: int, name: str, **values: Any) -> Resource:
    keys = ("deal", "lead", "org", "person", "product")
    fields = {f"{k}_default_visibility": values.get(k, 1) for k in keys}
    return Resource(ROLE_SETTINGS, (name,), fields, id=rid)


def visible(rid: int, name: str, *pipelines: str) -> Resource:
    return Resource(ROLE_PIPELINES, (name,), {"visible": sorted(pipelines)}, id=rid)


def user(uid: int, email: str, role_id: int | None) -> User:
    return User(uid, email, email.split("@")[0], role_id)


def live(*resources: Resource, users: tuple[User, ...] = ()) -> LiveState:
    return LiveState(
        resources=(default_role(), *resources), users=users, default_role_id=DEFAULT_ID
    )


def rows(plan: Plan) -> list[tuple[str, str, dict[str, tuple[Any, Any]]]]:
    """(address, action, {field: (before, after)}) per change, in plan order."""
    return [
        (c.address, c.action.value, {f.path: (f.before, f.after) for f in c.fields})
        for c in plan.changes
    ]


def plan(config: dict[str, Any], state: LiveState, **kwargs: Any) -> Plan:
    return build_plan(desired(config), state, **kwargs)


def change(p: Plan, address: str) -> Any:
    found = [c for c in p.changes if c.address == address]
    assert len(found) == 1, f"{address} not exactly once in {[c.address for c in p.changes]}"
    return found[0]
