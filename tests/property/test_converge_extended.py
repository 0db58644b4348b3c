"""Convergence for projects, product followers and subscriptions on generated companies:
after apply, a new plan has no changes, and nothing is created twice."""

from __future__ import annotations

import asyncio
from collections import Counter

from hypothesis import given

from reconciler.workflow import execute, make_plan
from tests.integration.conftest import make_company
from tests.property.extended import extended_scenarios
from tests.property.scenarios import Scenario, load_config_dict
from tests.property.test_converge import EXAMPLES


async def _converge(scenario: Scenario) -> None:
    loaded = load_config_dict(scenario.config)
    company = make_company(seed=scenario.seed, fast=True)
    async with company.client:
        planned = await make_plan(company.client, loaded)
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]

        projects = await company.v1("/projects", limit=500) or []
        titles = Counter(p["title"] for p in projects)
        assert [t for t, n in titles.items() if n > 1] == [], "a project was created twice"

        again = await make_plan(company.client, loaded)
        ids = {p.id for p in again.live.of_kind("project")}  # archived ones too
        for resource in planned.live.of_kind("project"):
            if resource.address in planned.desired.protected:
                assert resource.id in ids, f"protected {resource.address} was deleted"
        assert set(again.plan.protected) <= set(planned.plan.protected)
        assert again.plan.changes == (), [
            (c.address, c.changed if hasattr(c, "changed") else None) for c in again.plan.changes
        ]
    await company.control.aclose()


@EXAMPLES
@given(extended_scenarios())
def test_extended_apply_then_plan_is_empty(scenario: Scenario) -> None:
    asyncio.run(_converge(scenario))
