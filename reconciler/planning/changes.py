"""What a plan is made of: a closed set of actions on addressed objects.

A `Change` is self-sufficient for the applier: `after` names its references (parent role,
pipeline of a stage, visible pipelines, members) by natural key, and the applier resolves
them to ids at apply time, including ids of objects created earlier in the same run.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from reconciler.planning.provenance import Provenance, Selection
from reconciler.state import Key, address


class Action(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "delete": "-"}[self.value]


@dataclass(frozen=True)
class FieldChange:
    path: str  # field name, dotted for nested values
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    action: Action
    kind: str
    key: Key
    id: int | None = None  # live id for update/delete; None for create
    before: Mapping[str, Any] | None = None  # managed fields as live has them
    after: Mapping[str, Any] | None = None  # managed fields as the config wants them
    fields: tuple[FieldChange, ...] = ()
    # Consequences a reviewer must see, e.g. "bob@example.com moves to (Unassigned users)".
    notes: tuple[str, ...] = ()
    # Sort key computed by the planner: execution order, see planning.order.
    order: tuple[Any, ...] = ()
    # Kind-specific data the applier needs beyond `after`, e.g. member user ids to move.
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("before", "after", "extra"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, MappingProxyType(dict(value)))

    @property
    def address(self) -> str:
        return address(self.kind, self.key)


@dataclass(frozen=True)
class Blocked:
    """A change the plan will not make because it would destroy data (issue: safety)."""

    address: str
    reason: str
    hint: str


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...] = ()
    unmanaged: tuple[str, ...] = ()  # addresses that exist only live and are left alone
    protected: tuple[str, ...] = ()  # addresses kept although the config would delete them
    blocked: tuple[Blocked, ...] = ()
    warnings: tuple[str, ...] = ()
    token_cost: int = 0  # estimated tokens apply will spend
    read_token_cost: int = 0  # tokens spent reading the company for this plan
    live_fingerprint: str = ""
    config_digest: str = ""
    stages_api: str = "v2"
    # `--target`/`--exclude` the plan was narrowed by; a saved narrowed plan applies only them.
    selection: Selection = field(default_factory=Selection)
    # The company, connection and tool the plan was made with; None for a bare `build_plan`.
    provenance: Provenance | None = None

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "delete": 0}
        for change in self.changes:
            counts[change.action.value] += 1
        return counts
