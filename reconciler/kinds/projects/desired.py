"""The `projects:` section as desired state.

project (title,)    title and every key set; dates as ISO text; labels and deals sorted;
                    owner lower-cased; plan {tasks|activities: {item: {phase, group}}}
                    with the place keys set
"""

from __future__ import annotations

import datetime
from typing import Any

from pydantic import BaseModel

from reconciler.kinds.projects.model import Project
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import PROJECT, Resource


def desired_projects(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    projects: list[Project] = loaded.config.projects
    for index, project in enumerate(projects):
        fields: dict[str, Any] = {"title": project.title}
        for name in sorted(project.model_fields_set - {"title", "id", "renamed_from", "protect"}):
            fields[name] = plain(getattr(project, name))
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
        part.resources.append(
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
    return part


def plain(value: Any) -> Any:
    """Dates as ISO text, lists as tuples, models as dicts: the state's vocabulary."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return plain(value.model_dump(exclude_unset=True))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    return value
