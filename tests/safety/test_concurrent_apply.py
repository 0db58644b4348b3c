"""Two applies at once never create one object twice (Pipedrive has no lock).

The races are played in process, where the test decides exactly when the other run's create
lands, and once for real: two `apply` processes against one sandbox.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from reconciler.apply import Status
from reconciler.config.loader import load_config
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from reconciler.workflow import execute, make_plan
from tests.e2e.conftest import TOKEN as E2E_TOKEN
from tests.integration.conftest import TOKEN
from tests.safety.conftest import COMPANY, SEED, duplicates, make_company, world


async def _create_role(company: Any, name: str) -> None:
    response = await company.control.post(
        "/api/v1/roles", json={"name": name}, headers={"x-api-token": TOKEN}
    )
    response.raise_for_status()


@pytest.mark.anyio
async def test_an_object_that_appeared_since_the_plan_stops_apply_before_creating_it():
    company = make_company()
    async with company.client:
        planned = await make_plan(company.client, load_config([COMPANY]))
        await _create_role(company, "Partner Manager")  # the other run was quicker
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        failed = [o for o in report.outcomes if o.status is Status.FAILED]
        assert [o.change.address for o in failed] == ["role/Partner Manager"]
        assert "appeared in Pipedrive after the plan was made" in (failed[0].error or "")
        assert "role/Partner Manager" in (report.stopped_reason or "")
        assert report.count(Status.NOT_ATTEMPTED) > 0
        assert duplicates(world(await company.state())) == []


class _RaceTransport(httpx.AsyncBaseTransport):
    """Lets another run's `POST /roles` land just before each of ours, after our check."""

    def __init__(self, inner: httpx.AsyncBaseTransport, company: Any) -> None:
        self.inner = inner
        self.company = company

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/api/v1/roles":
            await request.aread()
            await self.company.control.post(
                "/api/v1/roles", content=request.content, headers={"x-api-token": TOKEN}
            )
        return await self.inner.handle_async_request(request)


@pytest.mark.anyio
async def test_a_create_racing_another_run_removes_its_own_copy_and_stops():
    company = make_company()
    client = company.client
    client._http._transport = _RaceTransport(client._http._transport, company)
    async with client:
        planned = await make_plan(client, load_config([COMPANY]))
        report = await execute(client, planned.plan, planned.live, parallelism=1)
    failed = [o for o in report.outcomes if o.status is Status.FAILED]
    assert failed and failed[0].change.kind == "role"
    assert "this run removed its own copy" in (failed[0].error or "")
    state = world(await company.state())
    assert duplicates(state) == []
    assert [r for r in state["roles"] if r[0] == failed[0].change.key[0]]  # the other's stays


@pytest.fixture
def slow_sandbox() -> Iterator[str]:
    # Latency keeps both runs in flight at once.
    options = SandboxOptions(token=E2E_TOKEN, seed=SEED, burst=1_000_000, latency_ms=15)
    with serve_in_thread(options) as url:
        yield url


def test_two_applies_at_once_leave_exactly_one_of_each_object(slow_sandbox: str):
    env = {**os.environ, "PIPEDRIVE_BASE_URL": slow_sandbox, "PIPEDRIVE_API_TOKEN": E2E_TOKEN}
    command = [sys.executable, "-m", "reconciler", "apply", str(COMPANY), "--auto-approve"]
    runs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [(run.wait(timeout=120), run.communicate()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert set(codes) <= {0, 5}, results
    assert codes[0] == 0, results  # at least one run went through
    state = world(httpx.get(f"{slow_sandbox}/_sandbox/state").json())
    assert duplicates(state) == []
    # Whatever the loser left undone, the next apply finishes it.
    finish = subprocess.run(command, env=env, capture_output=True, timeout=120)
    assert finish.returncode == 0, finish.stderr
    plan = [sys.executable, "-m", "reconciler", "plan", str(COMPANY), "--detailed-exitcode"]
    again = subprocess.run(plan, env=env, capture_output=True, timeout=120)
    assert again.returncode == 0, again.stdout
    assert duplicates(world(httpx.get(f"{slow_sandbox}/_sandbox/state").json())) == []
