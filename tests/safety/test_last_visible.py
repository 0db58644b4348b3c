"""Pipedrive refuses to delete the last pipeline a role sees (400): such deletes are blocked.

Found by tests/property: with `prune: [pipelines]` and a role whose visibility the config does
not manage, apply failed halfway on a 400 instead of planning the delete as blocked.
"""

from __future__ import annotations

import pytest

from reconciler.kinds.pipelines.blockers import LastVisibleBlock, Visibility
from reconciler.planning.changes import Blocked, Create, Delete, Plan
from reconciler.state import PIPELINE
from reconciler.workflow import execute, make_plan
from tests.integration.conftest import make_company
from tests.property.scenarios import USERS, load_config_dict

DELETE_A = Delete(kind=PIPELINE, key=("A",), id=1)
DELETE_B = Delete(kind=PIPELINE, key=("B",), id=2)


def block_last_visible(plan: Plan, seen: dict[str, frozenset[int]]) -> list[Blocked]:
    return LastVisibleBlock().blocked(plan, Visibility((), seen))


def test_a_delete_leaving_a_role_without_pipelines_is_blocked_with_the_role_named():
    plan = Plan(changes=(DELETE_A, DELETE_B))
    [blocked] = block_last_visible(plan, {"Rep": frozenset({1}), "Boss": frozenset({1, 2, 3})})
    assert blocked.address == "pipeline/A"
    assert "role 'Rep' sees no other pipeline" in blocked.reason
    assert "visible to role 'Rep'" in blocked.hint


def test_no_block_while_the_role_keeps_a_pipeline_or_the_plan_creates_one():
    plan = Plan(changes=(DELETE_A,))
    assert block_last_visible(plan, {"Rep": frozenset({1, 2})}) == []
    assert block_last_visible(plan, {"Rep": frozenset()}) == []  # sees none already
    creating = Plan(changes=(DELETE_A, Create(kind=PIPELINE, key=("C",), after={"name": "C"})))
    assert block_last_visible(creating, {"Rep": frozenset({1})}) == []


SEED = {
    "pipelines": [{"name": "A", "stages": []}, {"name": "B", "stages": []}],
    "roles": [{"name": "R", "pipelines": {"visible": ["A"]}}],
    "users": USERS,
}


@pytest.mark.anyio
async def test_the_plan_blocks_the_delete_and_apply_then_converges():
    loaded = load_config_dict({"prune": ["pipelines"], "pipelines": [{"name": "B"}]})
    company = make_company(seed=SEED)
    async with company.client:
        planned = await make_plan(company.client, loaded)
        assert [b.address for b in planned.plan.blocked] == ["pipeline/A"]
        assert planned.plan.changes == ()
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok
        assert "A" in [p["name"] for p in await company.v2("/pipelines")]


@pytest.mark.anyio
async def test_roles_are_not_read_when_the_plan_deletes_no_pipeline():
    loaded = load_config_dict({"pipelines": [{"name": "A", "deal_probability": True}]})
    company = make_company(seed=SEED)
    async with company.client:
        await make_plan(company.client, loaded)
        operations = (await company.stats())["by_operation"]
        assert not any("/roles" in op for op in operations), operations


@pytest.mark.anyio
async def test_roles_the_plan_already_read_are_not_listed_again():
    config = {
        "prune": ["pipelines"],
        "pipelines": [{"name": "B"}],
        "roles": [{"name": "R", "settings": {"deal_default_visibility": 3}}],
    }
    company = make_company(seed=SEED)
    async with company.client:
        planned = await make_plan(company.client, load_config_dict(config))
        assert [b.address for b in planned.plan.blocked] == ["pipeline/A"]
        operations = (await company.stats())["by_operation"]
        assert operations["GET /api/v1/roles"]["requests"] == 1, operations
