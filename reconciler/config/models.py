"""The config language as pydantic models: what admins write in YAML.

These are document models only; the planner works on `reconciler.state`, built from them by
`reconciler.config.desired`. Every model is frozen and forbids unknown keys, so a typo is an
error with its line and column rather than a silently ignored setting.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

DEFAULT_ROLE_NAME = "(Unassigned users)"


def _not_bool(value: object) -> object:
    # `True == 1`, so a Literal[1, ...] would otherwise accept `true` from YAML.
    if isinstance(value, bool):
        raise PydanticCustomError(
            "literal_error", "Input should be {expected}", {"expected": "1, 3, 5 or 7"}
        )
    return value


VisibilityLevel = Annotated[
    Literal[1, 3, 5, 7],
    BeforeValidator(_not_bool),
    Field(
        description="1 owner only, 3 owner's visibility group, 5 owner's group and "
        "sub-groups, 7 entire company."
    ),
]
Name = Annotated[str, Field(min_length=1, max_length=255)]
PruneKind = Literal["roles", "pipelines", "projects", "subscriptions"]
ProtectedAddress = Annotated[str, Field(pattern=r"^[a-z_]+/.+$", examples=["role/Sales Rep"])]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Stage(Model):
    """A stage of a pipeline; list order is the stage order."""

    name: Name
    id: int | None = Field(None, description="Pin to this live stage id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live stage by one is renamed."
    )
    deal_probability: int | None = Field(
        None, ge=0, le=100, description="Deal success probability in percent."
    )
    rotten_days: int | None = Field(
        None, ge=1, description="Days until a deal rots; absent or null turns rotting off."
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")


class Pipeline(Model):
    """A deal pipeline, matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = Field(None, description="Pin to this live pipeline id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live pipeline by one is renamed."
    )
    deal_probability: bool | None = Field(
        None, description="Whether deal probability is enabled; absent: not managed."
    )
    stages: list[Stage] | None = Field(
        None,
        description="Authoritative when present: undeclared stages of the pipeline are deleted.",
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")


class RoleSettings(Model):
    """Only the keys given are managed. 1/3/5/7 as documented by Pipedrive."""

    deal_default_visibility: VisibilityLevel | None = None
    lead_default_visibility: VisibilityLevel | None = None
    org_default_visibility: VisibilityLevel | None = None
    person_default_visibility: VisibilityLevel | None = None
    product_default_visibility: VisibilityLevel | None = None


class RolePipelines(Model):
    """Which pipelines the role's members see."""

    visible: list[Name] = Field(
        description="Pipelines visible to the role; every other pipeline is hidden from it."
    )


Member = Annotated[str, Field(min_length=1)] | int


class Role(Model):
    """A permission role (visibility group), matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = Field(None, description="Pin to this live role id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live role by one is renamed."
    )
    parent: Name | None = Field(
        None,
        description="Parent role by name. Absent: not managed; null: a top-level role.",
    )
    settings: RoleSettings | None = None
    pipelines: RolePipelines | None = None
    members: list[Member] | None = Field(
        None,
        description="Emails or user ids. Authoritative when present: "
        "other members move to the default role.",
    )
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")


def _iso_date(value: object) -> object:
    # YAML gives unquoted dates as date objects; a quoted "2026-12-01" is accepted too.
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date_type", "Input should be a date YYYY-MM-DD") from None
    return value


Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
UserRef = Annotated[str, Field(min_length=1)] | int
PositiveId = Annotated[int, Field(ge=1)]


class PlanPlace(Model):
    """Where an item sits in the project plan: a phase and/or a group, by name."""

    phase: Name | None = None
    group: Name | None = None


class ProjectPlan(Model):
    """Placement of tasks (by title) and activities (by id) in phases and groups."""

    tasks: dict[str, PlanPlace] = Field(default_factory=dict)
    activities: dict[str, PlanPlace] = Field(
        default_factory=dict, description="Keyed by activity id (as text)."
    )


class Project(Model):
    """A project, matched to the live one by title (or `id`). Only the keys given are managed."""

    title: Name
    id: int | None = Field(None, description="Pin to this live project id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former titles: a live project by one is renamed."
    )
    board: Name | None = Field(None, description="Project board by name (read-only in Pipedrive).")
    phase: Name | None = Field(None, description="Phase of the board by name.")
    template: Name | None = Field(
        None, description="Project template by title; used only when the project is created."
    )
    owner: UserRef | None = Field(None, description="Owner by email (or user id).")
    status: Literal["open", "completed", "canceled"] | None = None
    description: str | None = None
    start_date: Date | None = None
    end_date: Date | None = None
    labels: list[PositiveId] | None = Field(None, description="Label ids.")
    deals: list[PositiveId] | None = Field(None, description="Deal ids.")
    org: PositiveId | None = Field(None, description="Organization id.")
    person: PositiveId | None = Field(None, description="Person id.")
    archived: bool | None = Field(
        None, description="true archives the project (one way: Pipedrive cannot un-archive)."
    )
    plan: ProjectPlan | None = None
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")


class Product(Model):
    """A product's followers; the product itself is not managed."""

    id: PositiveId
    followers: list[UserRef] | None = Field(
        None, description="Emails or user ids. Authoritative when present."
    )


class Payment(Model):
    amount: float
    description: str | None = None
    due_at: Date


class Recurring(Model):
    """A recurring subscription (Pipedrive Subscriptions API, v1)."""

    currency: Annotated[str, Field(min_length=3, max_length=3)]
    cadence: Literal["weekly", "monthly", "quarterly", "yearly"]
    cycle_amount: int
    cycles_count: int | None = Field(None, ge=1, description="Either this or `infinite: true`.")
    infinite: bool | None = None
    start_date: Date
    description: str | None = None
    payments: list[Payment] | None = Field(None, description="Additional payments.")
    update_deal_value: bool | None = Field(
        None, description="Set the deal value to the subscription's MRR on write."
    )
    effective_date: Date | None = Field(
        None, description="From when an update applies; default: the day of the plan."
    )


class Installment(Model):
    """An installment subscription (Pipedrive Subscriptions API, v1)."""

    currency: Annotated[str, Field(min_length=3, max_length=3)]
    payments: list[Payment] = Field(min_length=1)
    update_deal_value: bool | None = None


class Cancelled(Model):
    end_date: Date | None = Field(None, description="Payments after this date are deleted.")


class Subscription(Model):
    """A deal's subscription, keyed by deal id: `recurring` or `installment`."""

    deal: PositiveId
    recurring: Recurring | None = None
    installment: Installment | None = None
    cancelled: Cancelled | None = Field(
        None, description="Cancel the recurring subscription (one way)."
    )


class Guards(Model):
    """Mass-delete guard: refuse to delete more than `max_delete_percent` of a kind's live
    objects when at least `min_existing` exist (override with --allow-mass-delete)."""

    max_delete_percent: float = Field(30, ge=0, le=100)
    min_existing: int = Field(10, ge=0)


class Api(Model):
    """Which Pipedrive API versions to speak."""

    stages: Literal["v1", "v2"] = Field(
        "v2", description="API for pipelines and stages: v2 (default) or the legacy v1."
    )


class Config(Model):
    """A whole company's configuration (one file or a directory of files merged)."""

    prune: list[PruneKind] = Field(
        default_factory=list,
        description="Kinds whose undeclared live objects are deleted; others are listed as "
        "unmanaged.",
    )
    guards: Guards = Field(default_factory=Guards)
    api: Api = Field(default_factory=Api)
    pipelines: list[Pipeline] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    subscriptions: list[Subscription] = Field(default_factory=list)
    protected: list[ProtectedAddress] = Field(
        default_factory=list,
        description="Addresses of live objects never deleted, declared or not, e.g. "
        "'role/Sales Rep', 'pipeline/Sales', 'stage/Sales/Won'. Unlike `protect: true` on an "
        "entry, this keeps protecting an object after its entry is removed from the config.",
    )
