"""The `projects:` section of the config language."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from reconciler.config.types import Date, Model, Name, PositiveId, UserRef


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


# The managed fields of a project in state, in config order, besides its title.
PROJECT_FIELDS: tuple[str, ...] = (
    "board",
    "phase",
    "owner",
    "status",
    "description",
    "start_date",
    "end_date",
    "labels",
    "deals",
    "org",
    "person",
)
