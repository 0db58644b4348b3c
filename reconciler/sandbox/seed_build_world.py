"""Seeding the extended kinds: individual deals, boards, templates, products, projects with
their groups, tasks, activities and plan, product followers and subscriptions.

Like `seed_build`, every reference problem is collected with the location it came from.
Projects are built through the store's own rules, so a seed cannot make a company the API
could not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reconciler.config.models import Subscription as SubscriptionSpec
from reconciler.sandbox.entities_projects import Project
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.store import Store

if TYPE_CHECKING:
    from reconciler.sandbox.seed import SeedConfig

Loc = Sequence[str | int]
Problems = list[tuple[Loc, str]]


def single_deals(
    store: Store, config: SeedConfig, stages: dict[tuple[str, str], int], problems: Problems
) -> None:
    """Deals with a given id, made before the counted ones so the ids stay free."""
    owner = store.owner().id
    specs = [(i, d) for i, d in enumerate(config.deals) if d.id is not None]
    for index, spec in sorted(specs, key=lambda item: item[1].id or 0):
        assert spec.id is not None
        stage_id = stages.get((spec.pipeline, spec.stage))
        if stage_id is None:
            message = f"unknown stage {spec.stage!r} in pipeline {spec.pipeline!r}"
            problems.append((("deals", index, "stage"), message))
        elif spec.id in store.deals:
            problems.append((("deals", index, "id"), f"duplicate deal id {spec.id}"))
        else:
            # Ascending ids on an empty deal table: the sequence is never past spec.id here.
            store.next_ids["deals"] = spec.id
            deal = store.create_deal(spec.title or f"Deal {spec.id}", store.stages[stage_id], owner)
            deal.person_id, deal.org_id = spec.person_id, spec.org_id


def build_world(
    store: Store, config: SeedConfig, users: dict[str, int], problems: Problems
) -> None:
    boards = _boards(store, config, problems)
    templates = _templates(store, config, boards, problems)
    _products(store, config, users, problems)
    projects = _projects(store, config, boards, templates, users, problems)
    _project_items(store, config, projects, problems)
    _plans_and_archive(store, config, projects, problems)
    _followers(store, config, users, problems)
    _subscriptions(store, config, problems)


def _user(ref: str | int, users: dict[str, int], store: Store) -> int | None:
    user_id = ref if isinstance(ref, int) else users.get(ref.lower())
    return user_id if user_id in store.users else None


def _boards(store: Store, config: SeedConfig, problems: Problems) -> dict[str, int]:
    boards: dict[str, int] = {}
    for index, spec in enumerate(config.boards):
        if spec.name in boards:
            problems.append((("boards", index, "name"), f"duplicate board {spec.name!r}"))
            continue
        board = store.add_board(spec.name)
        boards[spec.name] = board.id
        for p_index, name in enumerate(spec.phases):
            if name in {p.name for p in store.list_phases(board.id)}:
                loc = ("boards", index, "phases", p_index)
                problems.append((loc, f"duplicate phase {name!r} on board {spec.name!r}"))
                continue
            store.add_phase(name, board.id)
    return boards


def _templates(
    store: Store, config: SeedConfig, boards: dict[str, int], problems: Problems
) -> dict[str, int]:
    templates: dict[str, int] = {}
    for index, spec in enumerate(config.templates):
        if spec.board not in boards:
            problems.append((("templates", index, "board"), f"unknown board {spec.board!r}"))
        elif spec.title in templates:
            problems.append((("templates", index, "title"), f"duplicate template {spec.title!r}"))
        else:
            template = store.add_template(spec.title, boards[spec.board], spec.description)
            templates[spec.title] = template.id
    return templates


def _products(store: Store, config: SeedConfig, users: dict[str, int], problems: Problems) -> None:
    for index, spec in enumerate(config.products):
        if spec.id in store.products:
            problems.append((("products", index, "id"), f"duplicate product id {spec.id}"))
            continue
        permitted = None
        if spec.permitted_users is not None:
            permitted = []
            for u_index, ref in enumerate(spec.permitted_users):
                user_id = _user(ref, users, store)
                if user_id is None:
                    loc = ("products", index, "permitted_users", u_index)
                    problems.append((loc, f"user {ref!r} is not among the seed's users"))
                else:
                    permitted.append(user_id)
        store.add_product(spec.id, spec.name or f"Product {spec.id}", permitted)


def _projects(
    store: Store,
    config: SeedConfig,
    boards: dict[str, int],
    templates: dict[str, int],
    users: dict[str, int],
    problems: Problems,
) -> dict[str, Project]:
    projects: dict[str, Project] = {}
    for index, spec in enumerate(config.projects):
        loc: tuple[str | int, ...] = ("projects", index)
        if spec.title in projects:
            problems.append(((*loc, "title"), f"duplicate project {spec.title!r}"))
            continue
        if spec.board is None or spec.board not in boards:
            problems.append(((*loc, "board"), f"unknown board {spec.board!r}"))
            continue
        phases = {p.name: p.id for p in store.list_phases(boards[spec.board])}
        if spec.phase is None or spec.phase not in phases:
            problems.append(((*loc, "phase"), f"unknown phase {spec.phase!r} on {spec.board!r}"))
            continue
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
                problems.append(((*loc, "template"), f"unknown template {spec.template!r}"))
                continue
            fields["template_id"] = templates[spec.template]
        if spec.owner is not None:
            owner = _user(spec.owner, users, store)
            if owner is None:
                problems.append(((*loc, "owner"), f"user {spec.owner!r} is not a seed user"))
                continue
            fields["owner_id"] = owner
        try:
            project = store.create_project(
                spec.title, boards[spec.board], phases[spec.phase], **fields
            )
        except ApiFailure as exc:
            problems.append((loc, exc.message))
            continue
        projects[spec.title] = project
    return projects


def _project_items(
    store: Store, config: SeedConfig, projects: dict[str, Project], problems: Problems
) -> None:
    sections: list[tuple[str, Sequence[Any]]] = [
        ("groups", config.groups),
        ("tasks", config.tasks),
        ("activities", config.activities),
    ]
    for section, specs in sections:
        for index, spec in enumerate(specs):
            project = projects.get(spec.project)
            if project is None:
                problems.append(((section, index, "project"), f"unknown project {spec.project!r}"))
            elif section == "groups":
                store.add_group(project.id, spec.name)
            elif section == "tasks":
                store.add_task(project.id, spec.title)
            elif spec.id in store.activities:
                problems.append(((section, index, "id"), f"duplicate activity id {spec.id}"))
            else:
                store.add_activity(spec.id, project.id, spec.subject)


def _plans_and_archive(
    store: Store, config: SeedConfig, projects: dict[str, Project], problems: Problems
) -> None:
    for index, spec in enumerate(config.projects):
        project = projects.get(spec.title)
        if project is None:
            continue
        if spec.plan is not None:
            phases = {p.name: p.id for p in store.list_phases(project.board_id)}
            groups = {g.name: g.id for g in store.project_groups(project.id)}
            tasks = {t.title: t for t in store.project_tasks(project.id)}
            activities = {str(a.id): a for a in store.project_activities(project.id)}
            for kind, items, places in (
                ("tasks", tasks, spec.plan.tasks),
                ("activities", activities, spec.plan.activities),
            ):
                for key, place in places.items():
                    loc = ("projects", index, "plan", kind, key)
                    item = items.get(key)
                    if item is None:
                        problems.append((loc, f"{kind[:-1]} {key!r} is not in the project"))
                    elif place.phase is not None and place.phase not in phases:
                        problems.append((loc, f"unknown phase {place.phase!r}"))
                    elif place.group is not None and place.group not in groups:
                        problems.append((loc, f"unknown group {place.group!r}"))
                    else:
                        item.phase_id = phases.get(place.phase) if place.phase else None
                        item.group_id = groups.get(place.group) if place.group else None
        if spec.archived:
            store.archive_project(project.id)


def _followers(store: Store, config: SeedConfig, users: dict[str, int], problems: Problems) -> None:
    for index, spec in enumerate(config.products):
        for f_index, ref in enumerate(spec.followers or []):
            loc = ("products", index, "followers", f_index)
            user_id = _user(ref, users, store)
            if user_id is None:
                problems.append((loc, f"user {ref!r} is not among the seed's users"))
                continue
            try:
                store.follow(spec.id, user_id)
            except ApiFailure as exc:
                problems.append((loc, exc.message))


def _subscriptions(store: Store, config: SeedConfig, problems: Problems) -> None:
    for index, spec in enumerate(config.subscriptions):
        loc = ("subscriptions", index)
        try:
            kind, fields = _subscription_fields(spec)
            found = store.add_subscription(kind, spec.deal, fields)
            if spec.cancelled is not None:
                end = spec.cancelled.end_date
                store.cancel_subscription(found.id, end.isoformat() if end else None)
        except (ApiFailure, ValueError) as exc:
            problems.append((loc, exc.message if isinstance(exc, ApiFailure) else str(exc)))


def _subscription_fields(spec: SubscriptionSpec) -> tuple[str, dict[str, Any]]:
    if (spec.recurring is None) == (spec.installment is None):
        raise ValueError("give exactly one of `recurring` or `installment`")
    if spec.installment is not None:
        if spec.cancelled is not None:
            raise ValueError("only a recurring subscription can be cancelled")
        return "installment", {
            "currency": spec.installment.currency.upper(),
            "payments": _payments(spec.installment.payments),
            "update_deal_value": bool(spec.installment.update_deal_value),
        }
    recurring = spec.recurring
    assert recurring is not None
    fields: dict[str, Any] = {
        "currency": recurring.currency.upper(),
        "cadence_type": recurring.cadence,
        "cycle_amount": recurring.cycle_amount,
        "cycles_count": recurring.cycles_count,
        "infinite": bool(recurring.infinite),
        "start_date": recurring.start_date.isoformat(),
        "description": recurring.description,
        "payments": _payments(recurring.payments or []),
        "update_deal_value": bool(recurring.update_deal_value),
    }
    return "recurring", fields


def _payments(payments: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"amount": p.amount, "description": p.description or "", "due_at": p.due_at.isoformat()}
        for p in payments
    ]
