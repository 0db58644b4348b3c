"""The core invariant, on generated companies: after apply, a new plan is empty.

Each example seeds an in-process sandbox with a generated live company, loads a generated
config that overlaps it through a YAML file, plans, executes (directly: guards are the CLI's
business, blocked deletes are simply not in the plan's changes), and plans again.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings

from reconciler.workflow import execute, make_plan
from tests.integration.conftest import Company, make_company
from tests.property.scenarios import Scenario, load_config_dict, scenarios

# CONVERGE_EXAMPLES=1000 for a longer hunt; the suite runs a modest number.
EXAMPLES = settings(
    max_examples=int(os.environ.get("CONVERGE_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


async def _snapshot(company: Company) -> dict[str, Any]:
    # v1 lists give `data: null` when empty.
    pipelines = await company.v2("/pipelines") or []
    stages = await company.v2("/stages") or []
    deals = await company.v2("/deals") or []  # every status but deleted
    roles = await company.v1("/roles", limit=500) or []
    return {"pipelines": pipelines, "stages": stages, "deals": deals, "roles": roles}


def _duplicates(snapshot: dict[str, Any]) -> list[str]:
    names = Counter(p["name"] for p in snapshot["pipelines"])
    names.update(f"role {r['name']}" for r in snapshot["roles"])
    names.update(f"stage {s['pipeline_id']}/{s['name']}" for s in snapshot["stages"])
    return [n for n, count in names.items() if count > 1]


async def _converge(scenario: Scenario) -> None:
    loaded = load_config_dict(scenario.config)
    company = make_company(seed=scenario.seed, fast=True)
    async with company.client:
        before = await _snapshot(company)
        planned = await make_plan(company.client, loaded)
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]

        after = await _snapshot(company)
        assert _duplicates(after) == [], "something was created twice"
        # Every stage holding deals is blocked from deletion: no deal is ever lost.
        assert sorted(d["id"] for d in after["deals"]) == sorted(d["id"] for d in before["deals"])
        # Protected live objects survive, whatever the config and prune say.
        kept = {
            kind: {o["id"] for o in after[f"{kind}s"]} for kind in ("pipeline", "stage", "role")
        }
        for resource in planned.live.resources:
            if resource.address in planned.desired.protected:
                assert resource.id in kept[resource.kind], f"{resource.address} was deleted"

        again = await make_plan(company.client, loaded)
        assert again.plan.changes == (), [c.address for c in again.plan.changes]
        assert {b.address for b in again.plan.blocked} == {b.address for b in planned.plan.blocked}
        assert set(again.plan.protected) <= set(planned.plan.protected)
        warnings = list(again.plan.warnings)
        if scenario.stages_api == "v1":
            assert warnings == []
        else:
            assert all("order" in w for w in warnings), warnings
    await company.control.aclose()


@EXAMPLES
@given(scenarios())
def test_apply_then_plan_is_empty(scenario: Scenario) -> None:
    asyncio.run(_converge(scenario))
