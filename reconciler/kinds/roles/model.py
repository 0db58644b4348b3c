"""The `roles:` section of the config language."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from reconciler.config.types import Model, Name, VisibilityLevel, former_names, pin, protect_flag


class RoleSettings(Model):
    """Only the keys given are managed. 1/3/5/7 as documented by Pipedrive."""

    deal_default_visibility: VisibilityLevel | None = None
    lead_default_visibility: VisibilityLevel | None = None
    org_default_visibility: VisibilityLevel | None = None
    person_default_visibility: VisibilityLevel | None = None
    product_default_visibility: VisibilityLevel | None = None


class RolePipelines(Model):
    """Which pipelines the role's members see: `visible` (a list, or `all`) or `hidden`."""

    visible: list[Name] | Literal["all"] | None = Field(
        None,
        description="Pipelines visible to the role, every other one hidden from it (pipelines "
        "created later too); `all`: every pipeline.",
    )
    hidden: list[Name] | None = Field(
        None,
        description="Pipelines hidden from the role; every other pipeline, including ones "
        "created later, stays visible. Exclusive with `visible`.",
    )


Member = Annotated[str, Field(min_length=1)] | int


class Role(Model):
    """A permission role (visibility group), matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = pin("role")
    renamed_from: list[Name] = former_names("role")
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
    protect: bool = protect_flag()


SETTING_KEYS = tuple(RoleSettings.model_fields)
