"""The projects world of a seed: templates, projects (the config's own section), and the
sandbox-only groups, tasks and activities with each project's plan.

Projects are built through the store's own rules, so a seed cannot make a company the API
could not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconciler.kinds.projects.model import Project as ProjectSpec
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.kind import SeedBuild
from reconciler.sandbox.kinds.boards import Boards
from reconciler.sandbox.kinds.projects.records import Project
from reconciler.sandbox.kinds.projects.rules import Projects
from reconciler.sandbox.kinds.users import Users


def seed_projects(build: SeedBuild) -> None:
    boards = {b.name: b.id for b in build.store.part(Boards).list_boards()}
    templates = _templates(build, boards)
    projects: dict[str, Project] = {}
    for index, spec in enumerate(build.config.projects):
        if spec.title in projects:
            build.problem(("projects", index, "title"), f"duplicate project {spec.title!r}")
            continue
        project = _project(build, index, spec, boards, templates)
        if project is not None:
            projects[spec.title] = project
    _project_items(build, projects)
    _plans_and_archive(build, projects)


def _templates(build: SeedBuild, boards: dict[str, int]) -> dict[str, int]:
    part = build.store.part(Projects)
    templates: dict[str, int] = {}
    for index, spec in enumerate(build.config.templates):
        if spec.board not in boards:
            build.problem(("templates", index, "board"), f"unknown board {spec.board!r}")
        elif spec.title in templates:
            build.problem(("templates", index, "title"), f"duplicate template {spec.title!r}")
        else:
            template = part.add_template(spec.title, boards[spec.board], spec.description)
            templates[spec.title] = template.id
    return templates


def _project(
    build: SeedBuild,
    index: int,
    spec: ProjectSpec,
    boards: dict[str, int],
    templates: dict[str, int],
) -> Project | None:
    loc: tuple[str | int, ...] = ("projects", index)
    if spec.board is None or spec.board not in boards:
        build.problem((*loc, "board"), f"unknown board {spec.board!r}")
        return None
    phases = {p.name: p.id for p in build.store.part(Boards).list_phases(boards[spec.board])}
    if spec.phase is None or spec.phase not in phases:
        build.problem((*loc, "phase"), f"unknown phase {spec.phase!r} on {spec.board!r}")
        return None
    fields: dict[str, Any] = {
        "status": spec.status,
        "description": spec.description,
        "start_date": spec.start_date.isoformat() if spec.start_date else None,
        "end_date": spec.end_date.isoformat() if spec.end_date else None,
        "labels": list(spec.labels or []),
        "deal_ids": list(spec.deals or []),
        "org_id": spec.org,
        "person_id": spec.person,
    }
    fields = {key: value for key, value in fields.items() if value is not None}
    if spec.template is not None:
        if spec.template not in templates:
            build.problem((*loc, "template"), f"unknown template {spec.template!r}")
            return None
        fields["template_id"] = templates[spec.template]
    if spec.owner is not None:
        owner = build.store.part(Users).by_email(spec.owner)
        if owner is None:
            build.problem((*loc, "owner"), f"user {spec.owner!r} is not a seed user")
            return None
        fields["owner_id"] = owner
    try:
        return build.store.part(Projects).create_project(
            spec.title, boards[spec.board], phases[spec.phase], **fields
        )
    except ApiFailure as exc:
        build.problem(loc, exc.message)
        return None


def _project_items(build: SeedBuild, projects: dict[str, Project]) -> None:
    part = build.store.part(Projects)
    sections: list[tuple[str, Sequence[Any]]] = [
        ("groups", build.config.groups),
        ("tasks", build.config.tasks),
        ("activities", build.config.activities),
    ]
    for section, specs in sections:
        for index, spec in enumerate(specs):
            project = projects.get(spec.project)
            if project is None:
                build.problem((section, index, "project"), f"unknown project {spec.project!r}")
            elif section == "groups":
                part.add_group(project.id, spec.name)
            elif section == "tasks":
                part.add_task(project.id, spec.title)
            elif spec.id in part.activities:
                build.problem((section, index, "id"), f"duplicate activity id {spec.id}")
            else:
                part.add_activity(spec.id, project.id, spec.subject)


def _plans_and_archive(build: SeedBuild, projects: dict[str, Project]) -> None:
    part = build.store.part(Projects)
    for index, spec in enumerate(build.config.projects):
        project = projects.get(spec.title)
        if project is None:
            continue
        if spec.plan is not None:
            _plan(build, index, spec, project)
        if spec.archived:
            part.archive_project(project.id)


def _plan(build: SeedBuild, index: int, spec: ProjectSpec, project: Project) -> None:
    part = build.store.part(Projects)
    assert spec.plan is not None
    phases = {p.name: p.id for p in build.store.part(Boards).list_phases(project.board_id)}
    groups = {g.name: g.id for g in part.project_groups(project.id)}
    tasks = {t.title: t for t in part.project_tasks(project.id)}
    activities = {str(a.id): a for a in part.project_activities(project.id)}
    for kind, items, places in (
        ("tasks", tasks, spec.plan.tasks),
        ("activities", activities, spec.plan.activities),
    ):
        for key, place in places.items():
            loc = ("projects", index, "plan", kind, key)
            item: Any = items.get(key)
            if item is None:
                build.problem(loc, f"{kind[:-1]} {key!r} is not in the project")
            elif place.phase is not None and place.phase not in phases:
                build.problem(loc, f"unknown phase {place.phase!r}")
            elif place.group is not None and place.group not in groups:
                build.problem(loc, f"unknown group {place.group!r}")
            else:
                item.phase_id = phases.get(place.phase) if place.phase else None
                item.group_id = groups.get(place.group) if place.group else None
