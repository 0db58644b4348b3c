"""The fault matrix: each scripted sandbox fault at each step of applying the example company.

Every run ends the same way: apply stops with a report saying exactly what happened (or rides
the fault out), a second apply converges, the next plan is empty, and the sandbox holds the
same company as after a clean run: nothing lost (deals included), nothing created twice.
"""

from __future__ import annotations

import pytest

from reconciler.apply import ApplyReport, Status
from reconciler.config.loader import load_config
from reconciler.errors import RateLimitError
from reconciler.workflow import execute, make_plan
from tests.integration.conftest import TOKEN
from tests.safety.conftest import COMPANY, duplicates, make_company, new_client, step, world

WRITES = 34  # writes a clean apply of examples/company to examples/sandbox-seed.yaml makes
POSTS = 17  # of which POSTs (roles, stages, settings, assignments)

pytestmark = pytest.mark.anyio


async def finish(company, converged: dict) -> None:
    """Apply again until converged (once is enough), then check the final state."""
    plan, again = await step(company)
    if again is not None:
        assert again.ok, [o.to_dict() for o in again.outcomes if o.status is not Status.APPLIED]
    plan, last = await step(company)
    assert last is None and plan.empty, [c.address for c in plan.changes]
    final = world(await company.state())
    assert duplicates(final) == []
    assert final == converged


def statuses(report: ApplyReport) -> dict[str, int]:
    return {s.value: report.count(s) for s in Status}


async def test_a_clean_run_makes_the_counted_writes():
    company = make_company()
    async with company.client:
        _, report = await step(company)
        assert report is not None and report.ok
        stats = await company.stats()
        assert stats["writes"] == WRITES
        posts = [op for op in stats["by_operation"].items() if op[0].startswith("POST")]
        assert sum(op["requests"] for _, op in posts) == POSTS


@pytest.mark.parametrize("at", range(1, WRITES + 1), ids=lambda k: f"write{k:02}")
async def test_500_on_write_k_that_outlasts_retries_stops_with_a_report(at, converged):
    company = make_company()
    async with company.client:
        await company.faults(fail_write_at=at, fail_write_count=6, fail_status=500)
        _, report = await step(company)
        assert report is not None and not report.ok
        stopped = [o for o in report.outcomes if o.status in (Status.FAILED, Status.PARTLY_APPLIED)]
        assert stopped and all(o.http_status == 500 and o.error for o in stopped)
        assert all(o.calls_done for o in stopped if o.status is Status.PARTLY_APPLIED)
        assert report.stopped_reason and "failed (500)" in report.stopped_reason
        assert report.started_at <= report.finished_at
        assert report.token_cost > 0 or statuses(report)["applied"] == 0
        document = report.to_dict()
        assert {"started_at", "finished_at", "token_cost", "changes"} <= set(document)
        await company.faults(fail_write_at=None)
        await finish(company, converged)


@pytest.mark.parametrize("at", range(1, WRITES + 1, 4), ids=lambda k: f"write{k:02}")
async def test_a_single_500_is_retried_or_reported(at, converged):
    company = make_company()
    async with company.client:
        await company.faults(fail_write_at=at, fail_status=500)
        _, report = await step(company)
        assert report is not None
        # PUT/PATCH/DELETE are retried and succeed; a POST is not re-sent blindly: its
        # change fails, and the next apply finds what is missing.
        failed = [o for o in report.outcomes if o.status is Status.FAILED]
        assert len(failed) <= 1 and all(o.http_status == 500 for o in failed)
        await finish(company, converged)


@pytest.mark.parametrize("at", range(1, POSTS + 1), ids=lambda k: f"post{k}")
async def test_a_dropped_post_response_is_looked_up_not_sent_twice(at, converged):
    company = make_company()
    async with company.client:
        await company.faults(drop_post_at=at)
        _, report = await step(company)
        assert report is not None and report.ok, statuses(report)
        assert duplicates(world(await company.state())) == []
        await finish(company, converged)


async def test_429_on_every_third_request_is_ridden_out(converged):
    company = make_company()
    async with company.client:
        await company.faults(rate_limit_every=3)
        _, report = await step(company)
        assert report is not None and report.ok
        assert (await company.stats())["rate_limited"] >= 10
        assert company.client.tally.rate_limited >= 10
        assert company.time.slept < company.client.max_wait
        await finish(company, converged)


async def test_429s_that_never_end_are_given_up_within_a_bounded_wait():
    company = make_company()
    async with company.client:
        await company.faults(rate_limit_every=1)
        with pytest.raises(RateLimitError) as error:
            await step(company)
        assert error.value.status == 429 and "gave up after waiting" in str(error.value)
        assert company.time.slept <= company.client.max_wait
        assert (await company.stats())["writes"] == 0


@pytest.mark.parametrize("spare", [0, 40, 120, 240])
async def test_an_exhausted_daily_budget_stops_at_once_with_a_report(spare, converged):
    company = make_company()
    async with company.client:
        read, _ = await _read_cost(company)
        sandbox = company.app.state.sandbox
        sandbox.budget.remaining = read + spare  # the plan's reads fit, the writes do not
        retries = company.client.tally.retries
        _, report = await step(company)
        assert report is not None and not report.ok
        assert report.stopped_reason and "daily API token budget is exhausted" in (
            report.stopped_reason
        )
        assert company.client.tally.retries == retries  # not retried for hours
        failed = [o for o in report.outcomes if o.status is Status.FAILED]
        assert failed and all(o.http_status == 429 for o in failed)
        assert statuses(report)["not_attempted"] > 0
        sandbox.budget.remaining = sandbox.budget.budget  # a new day
        # A client that saw the budget spent sends nothing more; the next run has its own.
        await company.client.aclose()
        company.client = new_client(company.app, company.time)
        await finish(company, converged)


async def _read_cost(company):
    planned = await make_plan(company.client, load_config([COMPANY]))
    return planned.plan.read_token_cost, planned.plan.token_cost


async def test_a_delete_answered_404_counts_as_done(converged):
    company = make_company()
    async with company.client:
        planned = await make_plan(company.client, load_config([COMPANY]))
        doomed = {c.address: c.id for c in planned.plan.changes if c.action.value == "delete"}
        assert set(doomed) == {"role/Interns", "stage/Sales/Cold"}
        # Someone deletes both by hand between plan and apply.
        headers = {"x-api-token": TOKEN}
        for path in (f"/api/v1/roles/{doomed['role/Interns']}", "/api/v2/stages/"):
            if path.endswith("/"):
                path += str(doomed["stage/Sales/Cold"])
            (await company.control.delete(path, headers=headers)).raise_for_status()
        report = await execute(company.client, planned.plan, planned.live, parallelism=1)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.status is not Status.APPLIED]
        await finish(company, converged)
