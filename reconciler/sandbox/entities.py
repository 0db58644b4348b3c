"""The sandbox's records. Plain mutable dataclasses; the store owns them.

Every record keeps `deleted` instead of disappearing: Pipedrive soft-deletes roles, stages and
pipelines ("Marks a ... as deleted"), so a dump keeps them and ids are never reused.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from reconciler.sandbox.entities_billing import BILLING_ENTITY_TYPES
from reconciler.sandbox.entities_projects import PROJECT_ENTITY_TYPES

VISIBILITY_KEYS = (
    "deal_default_visibility",
    "lead_default_visibility",
    "org_default_visibility",
    "person_default_visibility",
    "product_default_visibility",
)
VISIBILITY_VALUES = (1, 3, 5, 7)
DEFAULT_ROLE_ID = 1
DEFAULT_ROLE_NAME = "(Unassigned users)"


def _default_settings() -> dict[str, int]:
    return dict.fromkeys(VISIBILITY_KEYS, 1)


@dataclass
class Role:
    id: int
    name: str
    parent_role_id: int | None = None
    settings: dict[str, int] = field(default_factory=_default_settings)
    # Hidden rather than visible ids, so that a new pipeline is visible to every role.
    hidden_pipeline_ids: list[int] = field(default_factory=list)
    deleted: bool = False


@dataclass
class User:
    id: int
    name: str
    email: str
    role_id: int = DEFAULT_ROLE_ID
    active_flag: bool = True
    created: datetime | None = None
    modified: datetime | None = None
    deleted: bool = False


@dataclass
class Pipeline:
    id: int
    name: str
    order_nr: int
    deal_probability: bool = True
    # v1's "made inactive (hidden)" flag; separate from `deleted`, which only DELETE sets.
    active: bool = True
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Stage:
    id: int
    name: str
    pipeline_id: int
    order_nr: int
    deal_probability: int = 100
    rotten_flag: bool = False
    rotten_days: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Deal:
    id: int
    title: str
    stage_id: int
    pipeline_id: int
    user_id: int
    status: str = "open"
    value: float = 0
    currency: str = "EUR"
    person_id: int | None = None
    org_id: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    stage_change_time: datetime | None = None
    deleted: bool = False


@dataclass
class ChangeRecord:
    """One entry of the change log behind /recents."""

    time: datetime
    item: str  # "stage" | "pipeline" | "user"
    id: int


ENTITY_TYPES: dict[str, type] = {
    "roles": Role,
    "users": User,
    "pipelines": Pipeline,
    "stages": Stage,
    "deals": Deal,
    "changes": ChangeRecord,
    **PROJECT_ENTITY_TYPES,
    **BILLING_ENTITY_TYPES,
}

_TIME_FIELDS = {"created", "modified", "add_time", "update_time", "stage_change_time", "time"}
_TIME_FIELDS |= {"status_change_time", "archive_time"}


def dump_record(record: Any) -> dict[str, Any]:
    data = asdict(record)
    for key in _TIME_FIELDS & data.keys():
        if isinstance(data[key], datetime):
            data[key] = data[key].isoformat()
    return data


def load_record(kind: str, data: dict[str, Any]) -> Any:
    values = dict(data)
    for key in _TIME_FIELDS & values.keys():
        if isinstance(values[key], str):
            values[key] = datetime.fromisoformat(values[key])
    return ENTITY_TYPES[kind](**values)
