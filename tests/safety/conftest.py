"""Helpers for the safety tests: the sandbox's final state as a comparable "world", one
plan-check-apply step in process (the same calls the `apply` command makes), and the command
line against a sandbox on a loopback socket (fixtures `sandbox` and `cli`, as in tests/e2e)."""

from __future__ import annotations

import asyncio
import shutil
import textwrap
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from ruamel.yaml import YAML

from reconciler.api import PipedriveClient
from reconciler.apply import ApplyReport
from reconciler.config.loader import load_config
from reconciler.planning.changes import Plan
from reconciler.planning.guards import check_apply
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.sandbox.server import serve_in_thread
from reconciler.workflow import execute, make_plan
from tests.e2e.conftest import TOKEN as E2E_TOKEN
from tests.e2e.conftest import Sandbox
from tests.e2e.conftest import cli as cli  # the same command-line runner, token check included
from tests.integration.conftest import EXAMPLES, TOKEN, Company
from tests.virtual_clock import VirtualClock

COMPANY = EXAMPLES / "company"
SEED: dict[str, Any] = YAML(typ="safe").load((EXAMPLES / "sandbox-seed.yaml").read_text())


def make_company(**options: Any) -> Company:
    """An in-process sandbox of the example seed with no burst limit, and a client on
    virtual time (`company.time`)."""
    options.setdefault("seed", EXAMPLES / "sandbox-seed.yaml")
    options.setdefault("burst", 1_000_000)
    app = create_app(SandboxOptions(token=TOKEN, **options))
    time = VirtualClock(start=1000.0)
    company = Company(app, new_client(app, time))
    company.time = time  # type: ignore[attr-defined]
    return company


def new_client(app: Any, clock: VirtualClock) -> PipedriveClient:
    """A client of the in-process sandbox `app`, as a new run of the tool makes one."""
    return PipedriveClient(
        "http://127.0.0.1", TOKEN, transport=httpx.ASGITransport(app=app), clock=clock
    )


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
    check_apply(planned.plan, **rails)
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


# -- the command line against a sandbox on a loopback socket ---------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # No burst limit: these tests are about the rails, not pacing (tests/e2e covers it).
    options = SandboxOptions(token=E2E_TOKEN, seed=SEED, burst=1_000_000)
    with serve_in_thread(options) as url:
        yield url


@pytest.fixture
def sandbox(server: str, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    box = Sandbox(server)
    box.reset(seed=SEED)  # a test may have loaded another company
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", server)
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", E2E_TOKEN)
    monkeypatch.setenv("NO_COLOR", "1")
    return box


def sandbox_world(box: Sandbox) -> dict[str, Any]:
    return world(httpx.get(f"{box.url}/_sandbox/state").json())


def config_dir(tmp_path: Path, *, pipelines: str | None = None, **extra: str) -> Path:
    """The example company in `tmp_path/config`, with pipelines.yaml replaced and extra files."""
    target = tmp_path / "config"
    shutil.copytree(COMPANY, target)
    if pipelines is not None:
        (target / "pipelines.yaml").write_text(textwrap.dedent(pipelines))
    for name, text in extra.items():
        (target / f"{name}.yaml").write_text(textwrap.dedent(text))
    return target
