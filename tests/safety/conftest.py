"""Helpers for the safety tests: the sandbox's final state as a comparable "world", and one
plan-check-apply step in process (the same calls the `apply` command makes)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.apply import ApplyReport
from reconciler.config.loader import load_config
from reconciler.planning.changes import Plan
from reconciler.planning.safety import check_apply
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.workflow import execute, make_plan
from tests.integration.conftest import EXAMPLES, TOKEN, Company

COMPANY = EXAMPLES / "company"


class VirtualTime:
    """A clock that moves only when the client sleeps: retries and pacing cost no real time,
    and `slept` is the total wait the client chose."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        self.slept += max(seconds, 0.0)
        await asyncio.sleep(0)


def make_company(**options: Any) -> Company:
    """An in-process sandbox of the example seed with no burst limit, and a client on
    virtual time (`company.time`)."""
    options.setdefault("seed", EXAMPLES / "sandbox-seed.yaml")
    options.setdefault("burst", 1_000_000)
    app = create_app(SandboxOptions(token=TOKEN, **options))
    time = VirtualTime()
    client = PipedriveClient(
        "http://127.0.0.1",
        TOKEN,
        transport=httpx.ASGITransport(app=app),
        sleep=time.sleep,
        clock=time.clock,
    )
    company = Company(app, client)
    company.time = time  # type: ignore[attr-defined]
    return company


def world(state: dict[str, Any]) -> dict[str, Any]:
    """Everything the config manages plus the deals, by name (ids left out), from
    `/_sandbox/state`; duplicates show up as repeated names."""
    roles = {r["id"]: r for r in state["roles"] if not r["deleted"]}
    pipelines = {p["id"]: p["name"] for p in state["pipelines"] if not p["deleted"]}
    role_name = {rid: r["name"] for rid, r in roles.items()}
    return {
        "roles": sorted(
            (
                r["name"],
                role_name.get(r["parent_role_id"]),
                tuple(sorted(r["settings"].items())),
                tuple(sorted(pipelines.get(p, str(p)) for p in r["hidden_pipeline_ids"])),
            )
            for r in roles.values()
        ),
        "pipelines": sorted(pipelines.values()),
        "stages": sorted(
            (pipelines[s["pipeline_id"]], s["name"], s["deal_probability"], s["rotten_days"])
            for s in state["stages"]
            if not s["deleted"] and s["pipeline_id"] in pipelines
        ),
        "members": sorted(
            (u["email"], role_name.get(u["role_id"])) for u in state["users"] if not u["deleted"]
        ),
        "deals": sum(1 for d in state["deals"] if not d["deleted"]),
    }


def duplicates(view: dict[str, Any]) -> list[Any]:
    """Objects that exist twice: a role name, a pipeline name, a stage name in one pipeline."""
    keys = [("role", r[0]) for r in view["roles"]]
    keys += [("pipeline", p) for p in view["pipelines"]]
    keys += [("stage", s[0], s[1]) for s in view["stages"]]
    return [key for key, n in Counter(keys).items() if n > 1]


async def step(
    company: Company, config: Any = COMPANY, *, parallelism: int = 1, **rails: Any
) -> tuple[Plan, ApplyReport | None]:
    """Plan, check the rails (GuardRefused), apply; the report is None for an empty plan.
    One change at a time by default, so "the Kth write" is the same write in every run."""
    loaded = load_config([config])
    planned = await make_plan(company.client, loaded)
    check_apply(planned.plan, planned.desired, planned.live, **rails)
    if planned.plan.empty:
        return planned.plan, None
    report = await execute(company.client, planned.plan, planned.live, parallelism=parallelism)
    return planned.plan, report


@pytest.fixture(scope="session")
def converged() -> dict[str, Any]:
    """The example company after a clean apply: what every faulty run must end in."""

    async def run() -> dict[str, Any]:
        company = make_company()
        async with company.client:
            _, report = await step(company)
            assert report is not None and report.ok
            return world(await company.state())

    return asyncio.run(run())
