"""Projects: templates (read-only), projects, their groups, tasks, activities and plan.

Decisions where Pipedrive documents nothing (FACTS.md §9, §12 item 1, §13):
- a project's phase must belong to its board; a board change needs a phase of the new board;
- `deal_ids` must name deals that exist; labels, org and person ids are taken as given (the
  sandbox has no labels, organizations or people);
- archive is one way: archiving again changes nothing, and no write un-archives;
- an archived project is hidden from `GET /projects` unless `include_archived`, a deleted one
  unless `status=deleted`; `GET /projects/{id}` answers an archived one, a deleted one is 404;
- a project made from a template records `template_id` and copies nothing;
- a plan item may only move to a phase of the project's board and a group of the project;
- a deleted phase deletes its projects, and a phase moved to another board takes its
  projects along (the boards kind's decisions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.kind import Rules, live
from reconciler.sandbox.kinds.boards import Boards, Phase
from reconciler.sandbox.kinds.deals import Deals
from reconciler.sandbox.kinds.projects.records import (
    Activity,
    Project,
    ProjectGroup,
    Task,
    Template,
)
from reconciler.sandbox.kinds.users import Users

PROJECT_STATUSES = ("open", "completed", "canceled")
PlanItem = Task | Activity


class Projects(Rules):
    tables: ClassVar[Mapping[str, type]] = {
        "templates": Template,
        "projects": Project,
        "groups": ProjectGroup,
        "tasks": Task,
        "activities": Activity,
    }
    templates: dict[int, Template]
    projects: dict[int, Project]
    groups: dict[int, ProjectGroup]
    tasks: dict[int, Task]
    activities: dict[int, Activity]

    @property
    def _boards(self) -> Boards:
        return self.store.part(Boards)

    def _owner_id(self) -> int:
        return self.store.part(Users).owner().id

    def after_delete(self, record: object) -> None:
        if isinstance(record, Phase):
            for project in alive_projects(self, record.id):
                self.delete_project(project.id)

    def after_change(self, record: object) -> None:
        if isinstance(record, Phase):
            for project in alive_projects(self, record.id):
                project.board_id = record.board_id

    # -- templates (read-only over the API; the seed makes them) ------------------------

    def add_template(self, title: str, board_id: int, description: str = "") -> Template:
        now = self.store.now()
        template = Template(
            self.store.new_id("templates"),
            title,
            board_id,
            self._owner_id(),
            description=description,
            add_time=now,
            update_time=now,
        )
        self.templates[template.id] = template
        return template

    def list_templates(self) -> list[Template]:
        return [t for t in sorted(self.templates.values(), key=_id) if not t.deleted]

    def get_template(self, template_id: int) -> Template:
        return live(self.templates, template_id, "Template")

    # -- projects --------------------------------------------------------------------------

    def list_projects(
        self, status: str | None, phase_id: int | None, archived: bool
    ) -> list[Project]:
        found = []
        for project in sorted(self.projects.values(), key=_id):
            if status == "deleted":
                keep = project.deleted
            else:
                keep = not project.deleted and (status is None or project.status == status)
                keep = keep and (archived or project.archive_time is None)
            if keep and (phase_id is None or project.phase_id == phase_id):
                found.append(project)
        return found

    def get_project(self, project_id: int) -> Project:
        return live(self.projects, project_id, "Project")

    def create_project(self, title: str, board_id: int, phase_id: int, **fields: Any) -> Project:
        """A new project; `fields` are already-typed values of the other documented keys."""
        now = self.store.now()
        project = Project(
            id=self.store.new_id("projects"),
            title=title,
            board_id=board_id,
            phase_id=phase_id,
            owner_id=self._owner_id(),
            add_time=now,
            update_time=now,
            status_change_time=now,
        )
        self._check_project(project, {"board_id": board_id, "phase_id": phase_id, **fields})
        for key, value in fields.items():
            setattr(project, key, value)
        self.projects[project.id] = project
        return project

    def update_project(self, project_id: int, changes: dict[str, Any]) -> Project:
        project = self.get_project(project_id)
        self._check_project(project, changes)
        if "status" in changes and changes["status"] != project.status:
            project.status_change_time = self.store.now()
        for key, value in changes.items():
            setattr(project, key, value)
        project.update_time = self.store.now()
        return project

    def delete_project(self, project_id: int) -> None:
        project = self.get_project(project_id)
        project.deleted = True
        project.update_time = self.store.now()

    def archive_project(self, project_id: int) -> Project:
        project = self.get_project(project_id)
        if project.archive_time is None:
            project.archive_time = project.update_time = self.store.now()
        return project

    def _check_project(self, project: Project, changes: dict[str, Any]) -> None:
        board_id = changes.get("board_id", project.board_id)
        if "board_id" in changes and board_id not in {b.id for b in self._boards.list_boards()}:
            raise bad_request(f"Parameter 'board_id': board {board_id} not found")
        if "board_id" in changes or "phase_id" in changes:
            phase_id = changes.get("phase_id", project.phase_id)
            if phase_id not in {p.id for p in self._boards.list_phases(board_id)}:
                message = f"phase {phase_id} is not on board {board_id}"
                raise bad_request(f"Parameter 'phase_id': {message}")
        status = changes.get("status")
        if status is not None and status not in PROJECT_STATUSES:
            raise bad_request(f"Parameter 'status' must be one of {', '.join(PROJECT_STATUSES)}")
        owner_id = changes.get("owner_id")
        if owner_id is not None and self.store.part(Users).active_user(owner_id) is None:
            raise bad_request(f"Parameter 'owner_id': user {owner_id} not found")
        for deal_id in changes.get("deal_ids") or []:
            if self.store.part(Deals).live_deal(deal_id) is None:
                raise bad_request(f"Parameter 'deal_ids': deal {deal_id} not found")
        template_id = changes.get("template_id")
        if template_id is not None and template_id not in {t.id for t in self.list_templates()}:
            raise bad_request(f"Parameter 'template_id': template {template_id} not found")

    # -- groups, tasks, activities and the plan -------------------------------------------

    def add_group(self, project_id: int, name: str) -> ProjectGroup:
        order = len(self.project_groups(project_id)) + 1
        group = ProjectGroup(self.store.new_id("groups"), project_id, name, order)
        self.groups[group.id] = group
        return group

    def add_task(self, project_id: int, title: str) -> Task:
        now = self.store.now()
        task = Task(
            self.store.new_id("tasks"),
            project_id,
            title,
            self._owner_id(),
            add_time=now,
            update_time=now,
        )
        self.tasks[task.id] = task
        return task

    def add_activity(self, activity_id: int, project_id: int, subject: str) -> Activity:
        """Activities keep the id the seed gives them, as the config refers to them by id."""
        now = self.store.now()
        activity = Activity(
            activity_id, project_id, subject, self._owner_id(), add_time=now, update_time=now
        )
        self.activities[activity.id] = activity
        self.store.next_ids_at_least("activities", activity_id + 1)
        return activity

    def project_groups(self, project_id: int) -> list[ProjectGroup]:
        live = (g for g in self.groups.values() if g.project_id == project_id and not g.deleted)
        return sorted(live, key=_order)

    def project_tasks(self, project_id: int) -> list[Task]:
        return [t for t in sorted(self.tasks.values(), key=_id) if _in(t, project_id)]

    def project_activities(self, project_id: int) -> list[Activity]:
        return [a for a in sorted(self.activities.values(), key=_id) if _in(a, project_id)]

    def plan_items(self, project_id: int) -> list[PlanItem]:
        self.get_project(project_id)
        return [*self.project_tasks(project_id), *self.project_activities(project_id)]

    def place(self, project_id: int, item: PlanItem, changes: dict[str, Any]) -> PlanItem:
        """Move a task or activity of the project to another phase and/or group."""
        project = self.get_project(project_id)
        phase_id = changes.get("phase_id")
        if phase_id is not None and phase_id not in {
            p.id for p in self._boards.list_phases(project.board_id)
        }:
            message = f"phase {phase_id} is not on the project's board"
            raise bad_request(f"Parameter 'phase_id': {message}")
        group_id = changes.get("group_id")
        if group_id is not None and group_id not in {g.id for g in self.project_groups(project.id)}:
            raise bad_request(f"Parameter 'group_id': group {group_id} is not in the project")
        for key, value in changes.items():
            setattr(item, key, value)
        item.update_time = self.store.now()
        return item

    def project_task(self, project_id: int, task_id: int) -> Task:
        self.get_project(project_id)
        task = live(self.tasks, task_id, "Task")
        if task.project_id != project_id:
            raise not_found("Task")
        return task

    def project_activity(self, project_id: int, activity_id: int) -> Activity:
        self.get_project(project_id)
        activity = live(self.activities, activity_id, "Activity")
        if activity.project_id != project_id:
            raise not_found("Activity")
        return activity


def _id(record: Any) -> int:
    return int(record.id)


def _order(record: Any) -> tuple[int, int]:
    return record.order_nr, record.id


def _in(item: PlanItem, project_id: int) -> bool:
    return item.project_id == project_id and not item.deleted


def alive_projects(projects: Projects, phase_id: int) -> list[Project]:
    return [p for p in projects.projects.values() if p.phase_id == phase_id and not p.deleted]
