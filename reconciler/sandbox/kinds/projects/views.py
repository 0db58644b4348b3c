"""Project records as API v1 shows them (FACTS.md §9): v1 timestamps, ids as numbers.

A field the documents type non-nullable is left out when the record has no value for it,
never sent as null (the documents require no key).
"""

from __future__ import annotations

from typing import Any

from reconciler.sandbox.http import v1_time
from reconciler.sandbox.kinds.projects.records import (
    Activity,
    Project,
    ProjectGroup,
    Task,
    Template,
)


def template_v1(template: Template) -> dict[str, Any]:
    return {
        "id": template.id,
        "title": template.title,
        "description": template.description,
        "projects_board_id": template.board_id,
        "owner_id": template.owner_id,
        "add_time": v1_time(template.add_time),
        "update_time": v1_time(template.update_time),
    }


def project_v1(project: Project) -> dict[str, Any]:
    # A deleted project reads back with status "deleted", the value GET /projects filters on.
    data = {
        "id": project.id,
        "title": project.title,
        "board_id": project.board_id,
        "phase_id": project.phase_id,
        "description": project.description,
        "status": "deleted" if project.deleted else project.status,
        "owner_id": project.owner_id,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "deal_ids": list(project.deal_ids),
        "org_id": project.org_id,
        "person_id": project.person_id,
        "labels": list(project.labels),
        "add_time": v1_time(project.add_time),
        "update_time": v1_time(project.update_time),
        "status_change_time": v1_time(project.status_change_time),
    }
    # The schema types these fields non-nullable: a project without one leaves the key out.
    # archive_time alone is documented as null "if not archived".
    data = {key: value for key, value in data.items() if value is not None}
    data["archive_time"] = v1_time(project.archive_time)
    return data


def group_v1(group: ProjectGroup) -> dict[str, Any]:
    return {"id": group.id, "name": group.name, "order_nr": group.order_nr}


def plan_item_v1(item: Task | Activity) -> dict[str, Any]:
    data: dict[str, Any] = {
        "item_id": item.id,
        "item_type": "task" if isinstance(item, Task) else "activity",
    }
    # An item not placed yet has no phase or group; the schema types both non-nullable.
    for key in ("phase_id", "group_id"):
        if getattr(item, key) is not None:
            data[key] = getattr(item, key)
    return data


def task_v1(task: Task) -> dict[str, Any]:
    # Optional fields the sandbox never sets (description, due date, parent, assignee) are
    # left out rather than invented.
    return {
        "id": task.id,
        "title": task.title,
        "project_id": task.project_id,
        "done": 1 if task.done else 0,
        "creator_id": task.creator_id,
        "add_time": v1_time(task.add_time),
        "update_time": v1_time(task.update_time),
    }


def activity_v1(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.id,
        "subject": activity.subject,
        "type": "task",
        "done": False,
        "project_id": activity.project_id,
        "user_id": activity.user_id,
        "busy_flag": False,
        "active_flag": not activity.deleted,
        "add_time": v1_time(activity.add_time),
        "update_time": v1_time(activity.update_time),
    }
