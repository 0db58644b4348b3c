"""The records behind the projects API: templates, projects and their plan items.

Dates (`start_date`, `end_date`) stay the `YYYY-MM-DD` strings Pipedrive speaks; timestamps
are datetimes like every other record. A task or activity sits in a project's plan through
its `phase_id` and `group_id` (None: not placed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Template:
    id: int
    title: str
    board_id: int
    owner_id: int
    description: str = ""
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Project:
    id: int
    title: str
    board_id: int
    phase_id: int
    owner_id: int
    status: str = "open"
    description: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    deal_ids: list[int] = field(default_factory=list)
    org_id: int | None = None
    person_id: int | None = None
    labels: list[int] = field(default_factory=list)
    template_id: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    status_change_time: datetime | None = None
    archive_time: datetime | None = None
    deleted: bool = False


@dataclass
class ProjectGroup:
    id: int
    project_id: int
    name: str
    order_nr: int
    deleted: bool = False


@dataclass
class Task:
    id: int
    project_id: int
    title: str
    creator_id: int
    phase_id: int | None = None
    group_id: int | None = None
    done: bool = False
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False


@dataclass
class Activity:
    id: int
    project_id: int
    subject: str
    user_id: int
    phase_id: int | None = None
    group_id: int | None = None
    add_time: datetime | None = None
    update_time: datetime | None = None
    deleted: bool = False
