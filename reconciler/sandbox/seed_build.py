"""Turn a validated seed config into a company, collecting every reference problem."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reconciler.sandbox.entities import DEFAULT_ROLE_ID, DEFAULT_ROLE_NAME, Role
from reconciler.sandbox.seed_build_world import build_world, single_deals
from reconciler.sandbox.store import Store

if TYPE_CHECKING:
    from reconciler.sandbox.seed import SeedConfig

Loc = Sequence[str | int]


class SeedProblem(Exception):
    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


def build_from_config(config: SeedConfig, wall_clock: Callable[[], float]) -> Store:
    store = Store(wall_clock)
    store.company = config.company.model_dump()
    problems: list[tuple[Loc, str]] = []
    users = _users(store, config, problems)
    pipelines, stages = _pipelines(store, config, problems)
    roles = _roles(store, config, problems)
    _role_details(store, config, roles, pipelines, users, problems)
    single_deals(store, config, stages, problems)
    _deals(store, config, stages, problems)
    build_world(store, config, users, problems)
    if problems:
        raise SeedProblem(problems)
    return store


def _users(store: Store, config: SeedConfig, problems: list[tuple[Loc, str]]) -> dict[str, int]:
    by_email: dict[str, int] = {}
    for index, user in enumerate(config.users):
        email = user.email.lower()
        if email in by_email:
            problems.append((("users", index, "email"), f"duplicate user email {user.email!r}"))
            continue
        by_email[email] = store.add_user(user.name, user.email, user.active).id
    if not config.users:
        store.add_user("Sandbox Admin", "admin@example.com")
    return by_email


def _pipelines(
    store: Store, config: SeedConfig, problems: list[tuple[Loc, str]]
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    pipelines: dict[str, int] = {}
    stages: dict[tuple[str, str], int] = {}
    for index, spec in enumerate(config.pipelines):
        if spec.name in pipelines:
            problems.append((("pipelines", index, "name"), f"duplicate pipeline {spec.name!r}"))
            continue
        pipeline = store.create_pipeline(
            spec.name, deal_probability=bool(spec.deal_probability), order_nr=index + 1
        )
        pipelines[spec.name] = pipeline.id
        for stage_index, stage_spec in enumerate(spec.stages or []):
            key = (spec.name, stage_spec.name)
            if key in stages:
                loc = ("pipelines", index, "stages", stage_index, "name")
                problems.append((loc, f"duplicate stage {stage_spec.name!r} in {spec.name!r}"))
                continue
            stage = store.create_stage(
                stage_spec.name,
                pipeline.id,
                deal_probability=(
                    100 if stage_spec.deal_probability is None else stage_spec.deal_probability
                ),
                rotten_flag=stage_spec.rotten_days is not None,
                rotten_days=stage_spec.rotten_days,
            )
            stages[key] = stage.id
    return pipelines, stages


def _roles(store: Store, config: SeedConfig, problems: list[tuple[Loc, str]]) -> dict[str, Role]:
    roles: dict[str, Role] = {DEFAULT_ROLE_NAME: store.roles[DEFAULT_ROLE_ID]}
    for index, spec in enumerate(config.roles):
        if spec.name == DEFAULT_ROLE_NAME:
            continue
        if spec.name in roles:
            problems.append((("roles", index, "name"), f"duplicate role {spec.name!r}"))
            continue
        roles[spec.name] = store.create_role(spec.name, None)
    for index, spec in enumerate(config.roles):
        if spec.parent is None or spec.name not in roles:
            continue
        if spec.name == DEFAULT_ROLE_NAME:
            problems.append((("roles", index, "parent"), "the default role has no parent"))
        elif spec.parent not in roles:
            problems.append((("roles", index, "parent"), f"unknown parent role {spec.parent!r}"))
        else:
            roles[spec.name].parent_role_id = roles[spec.parent].id
    for index, spec in enumerate(config.roles):
        if spec.name in roles and _in_cycle(store, roles[spec.name]):
            problems.append((("roles", index, "parent"), f"role {spec.name!r} is in a cycle"))
            roles[spec.name].parent_role_id = None
    return roles


def _in_cycle(store: Store, role: Role) -> bool:
    seen: set[int] = set()
    cursor: int | None = role.id
    while cursor is not None:
        if cursor in seen:
            return True
        seen.add(cursor)
        cursor = store.roles[cursor].parent_role_id
    return False


def _role_details(
    store: Store,
    config: SeedConfig,
    roles: dict[str, Role],
    pipelines: dict[str, int],
    users: dict[str, int],
    problems: list[tuple[Loc, str]],
) -> None:
    placed: dict[int, str] = {}
    for index, spec in enumerate(config.roles):
        role = roles.get(spec.name)
        if role is None:
            continue
        if spec.settings is not None:
            for key, value in spec.settings.model_dump(exclude_none=True).items():
                role.settings[key] = value
        if spec.pipelines is not None:
            visible = set()
            for p_index, name in enumerate(spec.pipelines.visible):
                if name not in pipelines:
                    loc = ("roles", index, "pipelines", "visible", p_index)
                    problems.append((loc, f"unknown pipeline {name!r}"))
                else:
                    visible.add(pipelines[name])
            role.hidden_pipeline_ids = sorted(set(pipelines.values()) - visible)
        for m_index, member in enumerate(spec.members or []):
            loc = ("roles", index, "members", m_index)
            user_id = member if isinstance(member, int) else users.get(member.lower())
            if user_id is None or user_id not in store.users:
                problems.append((loc, f"member {member!r} is not among the seed's users"))
            elif user_id in placed:
                problems.append((loc, f"member {member!r} is already in role {placed[user_id]!r}"))
            else:
                placed[user_id] = spec.name
                store.users[user_id].role_id = role.id


def _deals(
    store: Store,
    config: SeedConfig,
    stages: dict[tuple[str, str], int],
    problems: list[tuple[Loc, str]],
) -> None:
    owner = store.owner().id
    for index, spec in enumerate(config.deals):
        if spec.id is not None:  # made by single_deals
            continue
        stage_id = stages.get((spec.pipeline, spec.stage))
        if stage_id is None:
            known = any(p == spec.pipeline for p, _ in stages) or any(
                p.name == spec.pipeline for p in config.pipelines
            )
            field = "stage" if known else "pipeline"
            what = (
                f"stage {spec.stage!r} in pipeline {spec.pipeline!r}"
                if known
                else (f"pipeline {spec.pipeline!r}")
            )
            problems.append((("deals", index, field), f"unknown {what}"))
            continue
        stage = store.stages[stage_id]
        for number in range(1 if spec.count is None else spec.count):
            store.create_deal(f"{spec.stage} deal {number + 1}", stage, owner)
