"""Projects (`projects:`), through API v1, on the boards and phases of `kinds.boards`, with
the templates they name.

project (title,)   title, board, phase, owner, status, description, dates, labels,
                   deals, org, person, archived, plan
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.config.checks import Named, Where, duplicate_names, duplicate_pins, kind_label
from reconciler.errors import ConfigIssue
from reconciler.kinds.comparing import by_export
from reconciler.kinds.exporting import Item, Notes, start, unique
from reconciler.kinds.projects.desired import desired_projects
from reconciler.kinds.projects.model import PROJECT_FIELDS, Project
from reconciler.kinds.projects.plan import plan_projects
from reconciler.kinds.projects.read import project_flags, read_projects
from reconciler.kinds.projects.write import project_ids, write_project
from reconciler.kinds.spec import Export, KindSpec, SectionSpec
from reconciler.planning.normalize import id_set, text, to_bool, to_int
from reconciler.state import BOARD, PHASE, PROJECT, ROLE_MEMBERS, LiveState


def export_projects(live: LiveState, notes: Notes) -> list[Item]:
    """Projects by title; `archived: true` only for archived ones (archiving is one way)."""
    items = []
    every = live.of_kind(PROJECT)
    for project in unique(every, "project", "projects", notes):
        item = start(project, every, key="title")
        for key in PROJECT_FIELDS:
            value = project.fields.get(key)
            if value not in (None, "", [], ()):
                item[key] = sorted(value) if isinstance(value, list | tuple) else value
        if project.fields.get("archived"):
            item["archived"] = True
        items.append(item)
    return items


def check_projects(config: Any, where: Where) -> list[ConfigIssue]:
    projects: list[Project] = config.projects
    named = [Named(("projects", i), p.title, p.renamed_from, p.id) for i, p in enumerate(projects)]
    issues = [
        *duplicate_names(kind_label("project"), named, named, where),
        *duplicate_pins("project", named, where),
    ]
    for i, project in enumerate(projects):
        if isinstance(project.owner, str) and "@" not in project.owner:
            issues.append(
                where(("projects", i, "owner")).issue(
                    f"owner {project.owner!r} is neither an email address nor a user id"
                )
            )
    return issues


def count_projects(config: Any) -> Mapping[str, int]:
    return {"projects": len(config.projects)}


KINDS = (
    KindSpec(
        name=PROJECT,
        create_call=lambda api: Call("POST", "v1", "/projects"),
        section="projects",
        noun="project",
        plural="projects",
        prune="projects",
        protectable=True,
        # the people, for owners by email; the boards and phases projects are on
        depends_on=(ROLE_MEMBERS, BOARD, PHASE),
        normalisers={
            "labels": id_set,
            "deals": id_set,
            "org": to_int,
            "person": to_int,
            "archived": to_bool,
            "description": text,
            "start_date": text,
            "end_date": text,
        },
        set_fields=frozenset({"labels", "deals"}),
        flags=project_flags,
        planner=plan_projects,
        reader=read_projects,
        writer=write_project,
        lookup=project_ids,
        lookup_read=lambda api: Call("GET", "v1", "/projects"),
    ),
)

SECTION = SectionSpec(
    name="projects",
    noun="project",
    item=Project,
    description="Projects, matched by title; only the keys given are managed.",
    kinds=(PROJECT,),
    merge_key="title",
    desired=desired_projects,
    export=Export(words=(PROJECT,), reads=(PROJECT,), build=export_projects),
    compare=by_export(PROJECT, export_projects, "title"),
    checks=check_projects,
    count=count_projects,
)
