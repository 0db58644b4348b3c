"""Custom fields end to end: the CLI against a loopback sandbox seeded from
examples/custom-fields/ (a company drifted from the config beside it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, cli  # noqa: F401  (the cli fixture)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "custom-fields"
CONFIG = str(EXAMPLE / "pipedrive.yaml")
BLOCKS = {"include_fields": "ui_visibility,important_fields,required_fields"}


class Company:
    def __init__(self, url: str) -> None:
        self.url = url

    def get(self, path: str, **params: Any) -> Any:
        answer = httpx.get(f"{self.url}{path}", params=params, headers={"x-api-token": TOKEN})
        return answer.json()["data"]

    def send(self, method: str, path: str, body: Any) -> Any:
        headers = {"x-api-token": TOKEN}
        answer = httpx.request(method, f"{self.url}{path}", json=body, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]

    def writes(self) -> int:
        return int(httpx.get(f"{self.url}/_sandbox/stats").json()["writes"])

    def field(self, entity: str, name: str) -> dict[str, Any]:
        found = self.get(f"/api/v2/{entity}Fields", **BLOCKS)
        return next(f for f in found if f["field_name"] == name)

    def names(self, entity: str) -> set[str]:
        return {f["field_name"] for f in self.get(f"/api/v2/{entity}Fields")}


@pytest.fixture
def company(monkeypatch: pytest.MonkeyPatch) -> Iterator[Company]:
    options = SandboxOptions(token=TOKEN, seed=EXAMPLE / "sandbox-seed.yaml", burst=100_000)
    with serve_in_thread(options) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        yield Company(url)


def test_data_loss_is_refused_with_zero_writes_then_applied_and_converged(company, cli):  # noqa: F811
    plan = cli("plan", CONFIG, "--detailed-exitcode")
    assert plan.code == 2, plan.err
    assert "~ field/person/Lead source (destroys data)" in plan.out
    assert "- field/deal/Legacy score (destroys data)" in plan.out
    assert "data-loss guard" in plan.out and "--allow-data-loss" in plan.out
    urgent = next(o for o in company.field("deal", "Priority")["options"] if o["label"] == "Urgent")

    before = company.writes()
    refused = cli("apply", CONFIG, "--auto-approve")
    assert refused.code == 3, refused.err
    assert "data-loss guard" in refused.err and "field/deal/Legacy score" in refused.err
    assert company.writes() == before

    applied = cli("apply", CONFIG, "--auto-approve", "--allow-data-loss")
    assert applied.code == 0, applied.err
    again = cli("plan", CONFIG, "--detailed-exitcode")
    assert again.code == 0, again.out
    assert "No changes." in again.out

    priority = company.field("deal", "Priority")
    options = {o["label"]: o["id"] for o in priority["options"]}
    assert options["High"] == urgent["id"]  # renamed in place: records keep the value
    assert set(options) == {"Low", "Medium", "High"}
    assert "Legacy score" not in company.names("deal")
    assert "Lost reason detail" in company.names("deal")
    lead_source = company.field("person", "Lead source")
    assert [o["label"] for o in lead_source["options"]] == [
        "Website",
        "Referral",
        "Event",
        "Outbound",
    ]
    pipelines = {p["name"]: p["id"] for p in company.get("/api/v2/pipelines")}
    lost = company.field("deal", "Lost reason detail")["required_fields"]["statuses"]
    assert lost == {str(pipelines["Sales"]): ["lost"], str(pipelines["Renewals"]): ["lost"]}


def test_removing_an_option_alone_is_refused_without_the_flag(company, cli, tmp_path):  # noqa: F811
    config = tmp_path / "fields.yaml"
    config.write_text(
        "fields:\n  person:\n    - name: Lead source\n"
        "      options: [Website, Referral, Event, Outbound]\n      type: enum\n"
    )
    before = company.writes()
    refused = cli("apply", str(config), "--auto-approve")
    assert refused.code == 3, refused.err
    assert "option 'Dropped' is removed" in refused.out
    assert company.writes() == before


def test_rename_update_and_prune_through_the_cli(company, cli, tmp_path):  # noqa: F811
    assert cli("apply", CONFIG, "--auto-approve", "--allow-data-loss").code == 0
    text = Path(CONFIG).read_text()
    text = text.replace("- name: Budget\n", "- name: Deal budget\n      renamed_from: [Budget]\n")
    text = text.replace(
        "{label: High, renamed_from: [Urgent]}", "{label: Critical, renamed_from: [High]}"
    )
    text = text.replace("      type: double\n", "      type: double\n      add_visible: true\n")
    text = text.replace("    - name: Job level\n", "    - name: Job level\n      required: true\n")
    config = tmp_path / "pipedrive.yaml"
    config.write_text(text)
    high = next(o for o in company.field("deal", "Priority")["options"] if o["label"] == "High")

    plan = cli("plan", str(config), "--format", "json")
    changes = {c["address"]: c for c in plan.json()["changes"]}
    assert set(changes) == {
        "field/deal/Deal budget",
        "field/deal/Priority",
        "field/organization/Employees",
        "field/person/Job level",
    }
    assert changes["field/deal/Deal budget"]["fields"][0]["before"] == "Budget"
    assert not any(c.get("destroys_data") for c in changes.values())
    assert cli("apply", str(config), "--auto-approve").code == 0
    assert cli("plan", str(config), "--detailed-exitcode").code == 0

    critical = next(
        o for o in company.field("deal", "Priority")["options"] if o["label"] == "Critical"
    )
    assert critical["id"] == high["id"]
    assert "Budget" not in company.names("deal") and "Deal budget" in company.names("deal")
    assert company.field("organization", "Employees")["ui_visibility"]["add_visible_flag"] is True
    assert company.field("person", "Job level")["required_fields"] == {"enabled": True}

    # Pruning: a field removed from a config that prunes fields is deleted, with the flag.
    config.write_text(
        text.replace("    - name: Employees\n      type: double\n      add_visible: true\n", "")
    )
    pruned = cli("plan", str(config), "--format", "json")
    (delete,) = [c for c in pruned.json()["changes"] if c["action"] == "delete"]
    assert (delete["address"], delete["destroys_data"]) == ("field/organization/Employees", True)
    assert cli("apply", str(config), "--auto-approve").code == 3
    assert cli("apply", str(config), "--auto-approve", "--allow-data-loss").code == 0
    assert "Employees" not in company.names("organization")
    assert cli("plan", str(config), "--detailed-exitcode").code == 0


def test_a_saved_plan_that_destroys_data_is_approved_as_saved(company, cli, tmp_path):  # noqa: F811
    saved = tmp_path / "plan.json"
    assert cli("plan", CONFIG, "--out", str(saved)).code == 0
    document = json.loads(saved.read_text())
    assert [c["address"] for c in document["changes"] if c.get("destroys_data")] == [
        "field/person/Lead source",
        "field/deal/Legacy score",
    ]
    markdown = cli("show", str(saved), "--format", "markdown")
    assert "field/deal/Legacy score (destroys data)" in markdown.out
    assert "| - delete | field/deal/Legacy score | destroys data" in markdown.out
    assert cli("apply", CONFIG, "--plan", str(saved)).code == 3
    report = tmp_path / "report.json"
    done = cli("apply", CONFIG, "--plan", str(saved), "--allow-data-loss", "--report", str(report))
    assert done.code == 0, done.err
    spent = json.loads(report.read_text())
    assert spent["token_cost"] == spent["estimated_token_cost"] == document["token_cost"]


def test_export_then_plan_is_empty_and_drift_names_an_option_change(company, cli, tmp_path):  # noqa: F811
    out = tmp_path / "exported"
    assert cli("export", "--out", str(out)).code == 0
    exported = (out / "fields.yaml").read_text()
    assert "Legacy score" in exported and "Value" not in exported  # system fields left out
    assert cli("plan", str(out), "--detailed-exitcode").code == 0

    code = company.field("deal", "Priority")["field_code"]
    company.send("POST", f"/api/v2/dealFields/{code}/options", [{"label": "Someday"}])
    drift = cli("drift", str(out))
    assert drift.code == 2
    assert "field/deal/Priority has changed outside the configuration" in drift.out
    assert '"Someday"' in drift.out


def test_a_field_may_name_a_stage_the_same_apply_creates(company, cli, tmp_path):  # noqa: F811
    config = tmp_path / "pipedrive.yaml"
    config.write_text(
        "pipelines:\n"
        "  - name: Upsell\n"
        "    stages: [{name: Pitch}, {name: Signed}]\n"
        "fields:\n"
        "  deal:\n"
        "    - {name: Upsell size, type: double, pipelines: [Upsell],\n"
        "       required: {Upsell: [Signed]}}\n"
    )
    applied = cli("apply", str(config), "--auto-approve")
    assert applied.code == 0, applied.err
    stages = {s["name"]: s["id"] for s in company.get("/api/v2/stages")}
    pipelines = {p["name"]: p["id"] for p in company.get("/api/v2/pipelines")}
    made = company.field("deal", "Upsell size")
    assert made["required_fields"]["stage_ids"] == [stages["Signed"]]
    assert made["ui_visibility"]["show_in_pipelines"]["pipeline_ids"] == [pipelines["Upsell"]]
    assert cli("plan", str(config), "--detailed-exitcode").code == 0


def test_targets_name_fields_by_kind_or_address(company, cli):  # noqa: F811
    one = cli("plan", CONFIG, "--target", "field/deal/Priority", "--format", "json")
    assert [c["address"] for c in one.json()["changes"]] == ["field/deal/Priority"]
    rest = cli("plan", CONFIG, "--exclude", "field", "--format", "json")
    assert not [c for c in rest.json()["changes"] if c["kind"] == "field"]
    valid = cli("validate", CONFIG)
    assert valid.code == 0 and "13 fields" in valid.out
