"""The safety rails as a user meets them: the command line against a loopback sandbox.

Each test asserts the exit code and the sandbox's final state (writes made, objects kept).
"""

from __future__ import annotations

import copy
import json
import time

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN
from tests.safety.conftest import COMPANY, SEED, config_dir, sandbox_world

PIPELINES = (COMPANY / "pipelines.yaml").read_text()
WITHOUT_NEGOTIATION = PIPELINES.replace(
    "      - name: Negotiation\n        deal_probability: 80\n", ""
)


def test_a_stage_holding_deals_is_blocked_and_apply_refuses_the_whole_plan(sandbox, cli, tmp_path):
    config = str(config_dir(tmp_path, pipelines=WITHOUT_NEGOTIATION))
    shown = cli("plan", config)
    assert shown.code == 0, shown.err
    assert "stage/Sales/Negotiation: the stage holds 3 deals" in shown.out
    assert "keep the stage in the config" in shown.out
    document = cli("plan", config, "--format", "json").json()
    assert [b["address"] for b in document["blocked"]] == ["stage/Sales/Negotiation"]
    assert "stage/Sales/Negotiation" not in [c["address"] for c in document["changes"]]

    refused = cli("apply", config, "--auto-approve")
    assert refused.code == 3, refused.err
    assert "--skip-blocked" in refused.err and "3 deals" in refused.err
    assert sandbox.stats()["writes"] == 0

    applied = cli("apply", config, "--auto-approve", "--skip-blocked")
    assert applied.code == 0, applied.err
    world = sandbox_world(sandbox)
    assert ("Sales", "Negotiation") in [s[:2] for s in world["stages"]]
    assert world["deals"] == 27  # nothing lost
    again = cli("plan", config, "--detailed-exitcode")
    assert again.code == 2 and "stage/Sales/Negotiation" in again.out  # still differs
    assert "Plan: 0 to create, 0 to update, 0 to delete." in again.out


def test_a_pipeline_whose_stages_hold_deals_is_blocked(sandbox, cli, tmp_path):
    config = tmp_path / "pipelines.yaml"
    config.write_text("prune: [pipelines]\npipelines:\n  - name: Sales\n  - name: Partnerships\n")
    shown = cli("plan", str(config), "--format", "json")
    blocked = shown.json()["blocked"]
    assert [b["address"] for b in blocked] == ["pipeline/Customer Success"]
    assert "4 deals" in blocked[0]["reason"]
    assert cli("apply", str(config), "--auto-approve").code == 3
    assert cli("apply", str(config), "--auto-approve", "--skip-blocked").code == 0
    assert "Customer Success" in sandbox_world(sandbox)["pipelines"]
    assert sandbox.stats()["writes"] == 0


def test_deals_moved_into_a_deleted_stage_make_the_saved_plan_stale(sandbox, cli, tmp_path):
    plan_file = tmp_path / "plan.json"
    assert cli("plan", str(COMPANY), "--out", str(plan_file)).code == 0  # deletes Cold
    seed = copy.deepcopy(SEED)
    seed["deals"].append({"pipeline": "Sales", "stage": "Cold", "count": 2})
    sandbox.reset(seed=seed)  # same objects and ids, two deals more
    stale = cli("apply", str(COMPANY), "--plan", str(plan_file))
    assert stale.code == 4, stale.err
    assert "stage/Sales/Cold" in stale.err and "2 deals" in stale.err
    assert sandbox.stats()["writes"] == 0


def test_a_stale_plan_names_what_changed_and_writes_nothing(sandbox, cli, tmp_path):
    plan_file = tmp_path / "plan.json"
    assert cli("plan", str(COMPANY), "--out", str(plan_file)).code == 0
    sdr = next(r for r in sandbox.get("/api/v1/roles") if r["name"] == "SDR")
    httpx.put(
        f"{sandbox.url}/api/v1/roles/{sdr['id']}",
        json={"name": "SDR team"},
        headers={"x-api-token": "e2e-secret-token-value"},
    ).raise_for_status()
    stale = cli("apply", str(COMPANY), "--plan", str(plan_file))
    assert stale.code == 4, stale.err
    assert "role/SDR" in stale.err and "Nothing was written" in stale.err
    assert sandbox.stats()["writes"] == 1  # only the change made by hand


def test_a_changed_config_makes_the_saved_plan_stale(sandbox, cli, tmp_path):
    config = config_dir(tmp_path)
    plan_file = tmp_path / "plan.json"
    assert cli("plan", str(config), "--out", str(plan_file)).code == 0
    (config / "pipelines.yaml").write_text(WITHOUT_NEGOTIATION)
    stale = cli("apply", str(config), "--plan", str(plan_file))
    assert stale.code == 4 and "configuration changed" in stale.err
    assert sandbox.stats()["writes"] == 0


MASS_DELETE = """\
prune: [roles]
guards: {max_delete_percent: 30, min_existing: 3}
roles:
  - name: Customer Success
"""


def test_a_mass_delete_is_shown_by_plan_and_refused_by_apply(sandbox, cli, tmp_path):
    config = tmp_path / "roles.yaml"
    config.write_text(MASS_DELETE)
    shown = cli("plan", str(config))
    assert shown.code == 0
    assert "apply will refuse: mass-delete guard" in shown.out
    assert "deletes 4 of 6 live roles (67%)" in shown.out

    refused = cli("apply", str(config), "--auto-approve")
    assert refused.code == 3
    assert "max_delete_percent (30%)" in refused.err and "--allow-mass-delete" in refused.err
    assert sandbox.stats()["writes"] == 0

    assert cli("apply", str(config), "--auto-approve", "--allow-mass-delete").code == 0
    world = sandbox_world(sandbox)
    assert [r[0] for r in world["roles"]] == ["(Unassigned users)", "Customer Success"]
    assert dict(world["members"])["alice@acme.example"] == "(Unassigned users)"


def test_an_empty_desired_list_for_a_pruned_kind_is_refused(sandbox, cli, tmp_path):
    config = tmp_path / "roles.yaml"
    config.write_text("prune: [roles]\n")
    refused = cli("apply", str(config), "--auto-approve")
    assert refused.code == 3 and "empty-list guard" in refused.err
    assert "declares no roles but prunes them" in refused.err
    assert sandbox.stats()["writes"] == 0


PROTECTED = """\
protected: ["stage/Sales/Cold", "role/Interns"]
"""


def test_protected_objects_are_never_deleted(sandbox, cli, tmp_path):
    config = str(config_dir(tmp_path, protected=PROTECTED))
    shown = cli("plan", config)
    assert "Protected (kept although the config would delete them):" in shown.out
    assert "  role/Interns" in shown.out and "  stage/Sales/Cold" in shown.out
    assert "- role/Interns" not in shown.out and "- stage/Sales/Cold" not in shown.out
    assert cli("apply", config, "--auto-approve").code == 0
    world = sandbox_world(sandbox)
    assert "Interns" in [r[0] for r in world["roles"]]
    assert ("Sales", "Cold") in [s[:2] for s in world["stages"]]
    assert dict(world["members"])["ivan@acme.example"] == "Interns"
    assert cli("plan", config, "--detailed-exitcode").code == 0


PEOPLE = """\
prune: [roles]
roles:
  - name: Sales Director
  - name: SDR
  - name: Interns
  - name: Customer Success
"""


def test_deleting_a_role_moves_its_people_and_sub_roles_and_the_plan_says_so(
    sandbox, cli, tmp_path
):
    config = tmp_path / "roles.yaml"
    config.write_text(PEOPLE)
    shown = cli("plan", str(config))
    assert "- role/Sales Manager" in shown.out
    for note in (
        "# alice@acme.example moves to (Unassigned users)",
        "# bob@acme.example moves to (Unassigned users)",
        "# sub-role Interns moves to Sales Director",
        "# sub-role SDR moves to Sales Director",
    ):
        assert note in shown.out
    assert cli("apply", str(config), "--auto-approve").code == 0
    world = sandbox_world(sandbox)
    parents = {r[0]: r[1] for r in world["roles"]}
    assert "Sales Manager" not in parents
    assert parents["SDR"] == parents["Interns"] == "Sales Director"
    members = dict(world["members"])
    assert members["alice@acme.example"] == members["bob@acme.example"] == "(Unassigned users)"
    assert cli("plan", str(config), "--detailed-exitcode").code == 0


def test_max_token_cost_refuses_a_dearer_plan_and_the_cost_is_shown(sandbox, cli):
    refused = cli("apply", str(COMPANY), "--auto-approve", "--max-token-cost", "100")
    assert "Estimated token cost: 350" in refused.out
    assert refused.code == 3 and "token-cost guard" in refused.err
    assert "estimated 350 tokens, more than --max-token-cost 100" in refused.err
    assert sandbox.stats()["writes"] == 0
    assert cli("apply", str(COMPANY), "--auto-approve", "--max-token-cost", "350").code == 0


def test_a_failed_write_stops_with_a_full_report_and_apply_again_converges(sandbox, cli, tmp_path):
    # A rejection (not retried, so no real backoff here; tests/safety/test_fault_matrix.py
    # runs 500s that outlast the retries at every write on virtual time).
    sandbox.faults(fail_write_at=5, fail_status=422)
    report_file = tmp_path / "report.json"
    result = cli("apply", str(COMPANY), "--auto-approve", "--report", str(report_file))
    assert result.code == 5, result.err
    assert "Stopped:" in result.out and "Run apply again" in result.out
    report = json.loads(report_file.read_text())
    assert report["started_at"].endswith("Z") and report["finished_at"].endswith("Z")
    assert report["token_cost"] > 0 and report["estimated_token_cost"] == 350
    failed = [c for c in report["changes"] if c["status"] == "failed"]
    assert failed and all(c["http_status"] == 422 and c["error"] for c in failed)
    assert {"applied", "failed", "not_attempted"} <= {c["status"] for c in report["changes"]}
    assert len(report["changes"]) == 29
    sandbox.faults(fail_write_at=None)
    assert cli("apply", str(COMPANY), "--auto-approve").code == 0
    assert cli("plan", str(COMPANY), "--detailed-exitcode").code == 0


def test_a_lost_create_response_is_looked_up_not_created_twice(sandbox, cli):
    sandbox.faults(drop_post_at=1)
    assert cli("apply", str(COMPANY), "--auto-approve").code == 0
    roles = [r[0] for r in sandbox_world(sandbox)["roles"]]
    assert len(roles) == len(set(roles))
    assert cli("plan", str(COMPANY), "--detailed-exitcode").code == 0


def test_show_renders_blocked_protected_and_refusals_of_a_saved_plan(sandbox, cli, tmp_path):
    config = str(config_dir(tmp_path, pipelines=WITHOUT_NEGOTIATION, protected=PROTECTED))
    plan_file = tmp_path / "plan.json"
    assert cli("plan", config, "--out", str(plan_file)).code == 0
    shown = cli("show", str(plan_file))
    assert shown.code == 0
    assert "Blocked" in shown.out and "stage/Sales/Negotiation" in shown.out
    assert "Protected" in shown.out and "role/Interns" in shown.out
    markdown = cli("show", str(plan_file), "--format", "markdown").out
    assert "stage/Sales/Negotiation" in markdown and "role/Interns" in markdown
    # A saved plan with a blocked change is refused like a fresh one, then skipped on request.
    assert cli("apply", config, "--plan", str(plan_file)).code == 3
    assert cli("apply", config, "--plan", str(plan_file), "--skip-blocked").code == 0


@pytest.mark.parametrize("budget", [60, 400], ids=["during-plan", "during-apply"])
def test_an_exhausted_daily_budget_stops_at_once(cli, tmp_path, monkeypatch, budget):
    options = SandboxOptions(token=TOKEN, seed=SEED, burst=1_000_000, daily_budget=budget)
    with serve_in_thread(options) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        report_file = tmp_path / "report.json"
        started = time.monotonic()
        result = cli("apply", str(COMPANY), "--auto-approve", "--report", str(report_file))
        assert time.monotonic() - started < 30  # not waiting for the budget to reset
        stats = httpx.get(f"{url}/_sandbox/stats").json()
    assert "daily" in (result.out + result.err).lower()
    if budget == 60:  # the plan cannot even be read: an error, nothing written
        assert result.code == 1 and not report_file.exists()
        assert stats["writes"] == 0
        return
    assert result.code == 5, result.err
    assert "daily API token budget is exhausted" in result.out
    report = json.loads(report_file.read_text())
    assert "daily API token budget is exhausted" in report["stopped_reason"]
    counts = report["summary"]
    assert counts["applied"] > 0 and counts["failed"] >= 1 and counts["not_attempted"] > 0
    assert stats["rate_limited"] <= 4  # one refusal per change in flight, no retries
