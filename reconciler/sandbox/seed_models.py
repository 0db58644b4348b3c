"""What a seed file may hold: the config language plus the sandbox-only sections.

Templates cannot be written through the API, products are not managed, and the company,
users, deals, groups, tasks and activities are outside the config language, so a seed
declares them here. Everything else a seed says is the config language itself.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from reconciler.config.models import Config
from reconciler.config.types import Model, Name, PositiveId, UserRef
from reconciler.kinds.products.model import Product


class SeedCompany(Model):
    """Who `GET /users/me` says the company is, so two sandboxes can be two companies."""

    id: PositiveId = 1000001
    name: Name = "Sandbox Company"
    domain: Name = "sandbox"


class SeedUser(Model):
    name: Name
    email: Name
    active: bool = True


class SeedDeals(Model):
    """`{pipeline, stage, count}` makes `count` numbered deals; `{id, title, pipeline, stage}`
    makes one deal with that id (for subscriptions and projects to refer to), linked to a
    person and an organization when `person_id`/`org_id` say so (the `/deals` filters)."""

    pipeline: Name
    stage: Name
    count: int | None = Field(None, ge=0, le=10_000)
    id: PositiveId | None = None
    title: Name | None = None
    person_id: PositiveId | None = None
    org_id: PositiveId | None = None

    @model_validator(mode="after")
    def _one_form(self) -> SeedDeals:
        if self.id is not None and self.count is not None:
            raise ValueError("give either `count` or `id`, not both")
        for name in ("title", "person_id", "org_id"):
            if getattr(self, name) is not None and self.id is None:
                raise ValueError(f"`{name}` needs an `id`")
        return self


class SeedTemplate(Model):
    title: Name
    board: Name
    description: str = ""


class SeedProduct(Product):
    """A product: the config's `{id, followers}` plus its name and permitted users."""

    name: Name | None = None
    permitted_users: list[UserRef] | None = Field(
        None, description="Users allowed to see the product; absent: everyone."
    )


class SeedGroup(Model):
    project: Name
    name: Name


class SeedTask(Model):
    project: Name
    title: Name


class SeedActivity(Model):
    id: PositiveId
    project: Name
    subject: Name


# `Config` is built from the kinds registry at import time, so a type checker cannot see its
# sections; to it the seed is open-ended.
SeedBase: Any = Config


class SeedConfig(SeedBase):  # type: ignore[misc]
    """The config language plus the sandbox-only sections above.

    The admin kinds' sections come with `Config` (the registry in `reconciler.kinds`).
    """

    company: SeedCompany = Field(default_factory=SeedCompany)
    users: list[SeedUser] = Field(default_factory=list)
    deals: list[SeedDeals] = Field(default_factory=list)
    templates: list[SeedTemplate] = Field(default_factory=list)
    products: list[SeedProduct] = Field(default_factory=list)
    groups: list[SeedGroup] = Field(default_factory=list)
    tasks: list[SeedTask] = Field(default_factory=list)
    activities: list[SeedActivity] = Field(default_factory=list)
