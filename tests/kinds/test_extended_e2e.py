"""Plan, apply, plan again for projects, product followers and subscriptions (sandbox)."""

from __future__ import annotations

import pytest

from reconciler.apply_report import Status
from reconciler.config.desired import build_desired
from reconciler.config.export import choose, export_sections, reads_for
from reconciler.config.loader import load_config
from reconciler.errors import ReconcilerError
from reconciler.planning.planner import build_plan
from reconciler.reading import everything, read_live, scope_for
from reconciler.workflow import execute, make_plan
from tests.integration.conftest import EXAMPLES, make_company
from tests.kinds.conftest import EXTENDED
from tests.unit.planning.planning_builders import StubLoaded

pytestmark = pytest.mark.anyio


def extended():
    return load_config([EXTENDED / "pipedrive.yaml"])


async def test_extended_kinds_converge_and_reach_the_company():
    company = make_company(EXTENDED / "sandbox-seed.yaml")
    loaded = extended()
    async with company.client:
        planned = await make_plan(company.client, loaded)
        addresses = {c.address: c for c in planned.plan.changes}
        assert set(addresses) == {
            "project/ACME onboarding",
            "project/Globex rollout",
            "project/Initech pilot",
            "project/Old migration",
            "product_followers/17",
            "subscription/101",
            "subscription/102",
            "subscription/103",
        }
        assert any("takes effect from" in n for n in addresses["subscription/101"].notes)
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]

        again = await make_plan(company.client, loaded)
        assert again.plan.changes == ()

        projects = {p["title"]: p for p in await company.v1("/projects", include_archived="true")}
        assert "Old migration" not in projects and "Initech trial" not in projects
        assert projects["Initech pilot"]["archive_time"]
        assert sorted(projects["ACME onboarding"]["labels"]) == [3, 5]
        plan = await company.v1(f"/projects/{projects['ACME onboarding']['id']}/plan")
        assert {(i["item_type"], i["item_id"]) for i in plan if i["phase_id"]} >= {
            ("activity", 9001)
        }
        followers = await company.v1("/products/17/followers")
        users = {u["id"]: u["email"] for u in await company.v1("/users")}
        assert sorted(users[f["user_id"]] for f in followers) == [
            "alice@acme.example",
            "bob@acme.example",
        ]
        cancelled = await company.v1("/subscriptions/find/103")
        assert cancelled["is_active"] is False


@pytest.mark.parametrize("mode, status", [("gone", 410), ("unknown", 404)])
async def test_removed_subscriptions_api_stops_before_any_write(mode, status):
    company = make_company(EXTENDED / "sandbox-seed.yaml", subscriptions_api=mode)
    async with company.client:
        with pytest.raises(ReconcilerError) as caught:
            await make_plan(company.client, extended())
        assert "removed the Subscriptions API" in str(caught.value)
        assert str(status) in str(caught.value)
        assert (await company.stats())["writes"] == 0


async def test_estimated_cost_matches_what_apply_spent():
    company = make_company(EXTENDED / "sandbox-seed.yaml")
    async with company.client:
        planned = await make_plan(company.client, extended())
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        # A new project's plan is placed after reading its phases, groups and tasks (3 reads).
        reads_for_new_plans = 0
        assert planned.plan.token_cost == report.token_cost - reads_for_new_plans


async def test_export_then_plan_is_empty_for_projects():
    company = make_company(EXTENDED / "sandbox-seed.yaml")
    async with company.client:
        exporters = choose(["projects"])
        live = await read_live(company.client, everything(reads_for(exporters)))
        sections, _ = export_sections(live, exporters)
        items = [{k: v for k, v in i.items() if k != "_id"} for i in sections["projects"]]
        assert {i["title"] for i in items} == {"ACME onboarding", "Initech trial", "Old migration"}
        wanted = build_desired(StubLoaded({"projects": items}))
        plan = build_plan(wanted, await read_live(company.client, scope_for(wanted)))
        assert plan.changes == ()


async def test_a_lost_answer_on_a_follow_up_call_is_reported_and_not_sent_again(tmp_path):
    """A new archived project is two POSTs: create, then archive. When the archive's answer
    is lost, the change is partly applied (not "applied"), and the next run has nothing left
    to do: the archive went through and is not sent again."""
    config = tmp_path / "pipedrive.yaml"
    config.write_text(
        "projects:\n"
        "  - {title: Hoover dam, board: Delivery, phase: Done, status: completed, archived: true}\n"
    )
    company = make_company(EXTENDED / "sandbox-seed.yaml")
    async with company.client:
        planned = await make_plan(company.client, load_config([config]))
        assert [c.address for c in planned.plan.changes] == ["project/Hoover dam"]
        await company.faults(drop_post_at=2)
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        [outcome] = report.outcomes
        assert outcome.status is Status.PARTLY_APPLIED and not report.ok
        assert outcome.calls_done == 1
        writes = (await company.stats())["writes"]

        again = await make_plan(company.client, load_config([config]))
        assert again.plan.changes == ()
        assert (await company.stats())["writes"] == writes
        projects = await company.v1("/projects", include_archived="true")
        [created] = [p for p in projects if p["title"] == "Hoover dam"]
        assert created["archive_time"]


async def test_the_estimate_counts_the_phase_checks_once_per_board():
    """The create guard reads `/phases?board_id=` once per board its phases are on; the plan's
    estimate counted one read for all of them."""
    boards = EXAMPLES / "boards"
    company = make_company(boards / "sandbox-seed.yaml")
    async with company.client:
        planned = await make_plan(company.client, load_config([boards / "pipedrive.yaml"]))
        assert any(c.kind == "phase" and c.action.value == "create" for c in planned.plan.changes)
        report = await execute(company.client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]
        assert planned.plan.token_cost == report.token_cost
