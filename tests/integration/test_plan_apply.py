"""Plan, apply, plan again against the sandbox: the invariant is that the second plan is empty."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reconciler.apply import Status
from reconciler.workflow import execute, make_plan
from tests.integration.conftest import make_company

pytestmark = pytest.mark.anyio


async def converge(company, loaded, stages_api=None):
    planned = await make_plan(company.client, loaded, stages_api=stages_api)
    report = await execute(company.client, planned.plan, planned.live, parallelism=4)
    return planned, report


@pytest.mark.parametrize("stages_api", ["v2", "v1"])
@pytest.mark.parametrize("page_cap", [None, 2])
async def test_apply_converges_and_plan_makes_no_writes(acme_config, stages_api, page_cap):
    company = make_company(page_cap=page_cap)
    async with company.client:
        planned = await make_plan(company.client, acme_config, stages_api=stages_api)
        assert (await company.stats())["writes"] == 0
        assert planned.plan.changes, "the seed differs from the config"

        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]

        again = await make_plan(company.client, acme_config, stages_api=stages_api)
        if stages_api == "v2":
            # v2 cannot reorder: only the order warning may remain, never a change.
            assert again.plan.changes == ()
        else:
            assert again.plan.changes == () and again.plan.warnings == ()


async def test_apply_reaches_the_configured_company(company, acme_config):
    _, report = await converge(company, acme_config)
    assert report.ok

    roles = {r["name"]: r for r in await company.v1("/roles")}
    assert "Interns" not in roles  # pruned
    assert "SDR" not in roles and "Sales Development Rep" in roles  # renamed, not recreated
    assert roles["Account Executive"]["parent_role_id"] == roles["Sales Manager"]["id"]

    users = {u["email"]: u for u in await company.v1("/users")}
    assert users["bob@acme.example"]["role_id"] == roles["Account Executive"]["id"]
    assert users["ivan@acme.example"]["role_id"] == roles["(Unassigned users)"]["id"]

    manager = await company.v1(f"/roles/{roles['Sales Manager']['id']}/pipelines", visible="true")
    pipelines = {p["name"]: p["id"] for p in await company.v2("/pipelines")}
    assert sorted(manager["pipeline_ids"]) == sorted([pipelines["Sales"], pipelines["Renewals"]])
    assert "Customer Success" not in pipelines  # renamed to Renewals


async def test_rename_keeps_the_stage_and_its_deals(company, acme_config):
    pipelines = {p["name"]: p["id"] for p in await company.v2("/pipelines")}
    stages = await company.v2("/stages", pipeline_id=pipelines["Sales"])
    closed = next(s for s in stages if s["name"] == "Closed")

    _, report = await converge(company, acme_config)
    assert report.ok
    won = next(
        s for s in await company.v2("/stages", pipeline_id=pipelines["Sales"]) if s["name"] == "Won"
    )
    assert won["id"] == closed["id"]
    assert len(await company.v2("/deals", stage_id=won["id"])) == 8


async def test_a_failed_write_stops_and_a_second_apply_converges(acme_config):
    company = make_company(fast=True)
    async with company.client:
        # Outlasts the client's retries: the write fails for good.
        await company.faults(fail_write_at=5, fail_status=500, fail_write_count=50)
        _, report = await converge(company, acme_config)
        statuses = [o.status for o in report.outcomes]
        assert Status.FAILED in statuses and Status.NOT_ATTEMPTED in statuses
        failed = next(o for o in report.outcomes if o.status is Status.FAILED)
        assert failed.http_status == 500 and failed.error

        await company.control.delete("/_sandbox/faults")
        _, second = await converge(company, acme_config)
        assert second.ok
        assert (await make_plan(company.client, acme_config)).plan.changes == ()


async def test_a_lost_create_response_is_looked_up_not_repeated(company, acme_config):
    await company.faults(drop_post_at=1)
    _, report = await converge(company, acme_config)
    assert report.ok, [o.to_dict() for o in report.outcomes if o.error]
    names = [p["name"] for p in await company.v2("/pipelines")] + [
        r["name"] for r in await company.v1("/roles")
    ]
    assert len(names) == len(set(names)), "something was created twice"


async def test_plan_reads_only_what_the_config_manages(company, acme_config):
    config = acme_config.config
    only_pipelines = replace(
        acme_config, config=config.model_copy(update={"roles": [], "prune": []})
    )
    await make_plan(company.client, only_pipelines)
    operations = (await company.stats())["by_operation"]
    # The company itself (GET /users/me) is read once per run; no role or user list is.
    assert operations.pop("GET /api/v1/users/me")["requests"] == 1
    assert not any("/roles" in op or "/users" in op for op in operations), operations
