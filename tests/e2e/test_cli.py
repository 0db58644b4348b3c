"""What a user sees: plan, apply, plan again; exit codes; formats; saved plans."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import EXAMPLES

CONFIG = str(EXAMPLES / "company")


@pytest.mark.parametrize("stages_api", ["v2", "v1"])
def test_plan_apply_plan_is_empty(sandbox, cli, stages_api):
    first = cli("plan", CONFIG, "--stages-api", stages_api, "--detailed-exitcode")
    assert first.code == 2, first.err
    assert "Plan:" in first.out and "to create" in first.out
    assert sandbox.stats()["writes"] == 0

    applied = cli("apply", CONFIG, "--stages-api", stages_api, "--auto-approve")
    assert applied.code == 0, applied.err + applied.out
    assert "Apply complete!" in applied.out

    again = cli("plan", CONFIG, "--stages-api", stages_api, "--detailed-exitcode")
    assert again.code == 0, again.out
    assert "No changes. Pipedrive matches the configuration." in again.out


def test_apply_refuses_without_a_terminal(sandbox, cli, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    result = cli("apply", CONFIG)
    assert result.code == 1
    assert "--auto-approve" in result.err
    assert sandbox.stats()["writes"] == 0


def test_json_plan_is_the_plan_file_and_show_renders_it(sandbox, cli, tmp_path):
    out = tmp_path / "plan.json"
    result = cli("plan", CONFIG, "--format", "json", "--out", str(out))
    assert result.code == 0
    document = result.json()
    assert document["format_version"] == 1
    assert document["summary"]["create"] > 0
    assert document["config_digest"].startswith("sha256:")
    assert document["live_fingerprint"].startswith("sha256:")
    assert json.loads(out.read_text())["changes"] == document["changes"]

    shown = cli("show", str(out))
    assert shown.code == 0 and "Plan:" in shown.out
    markdown = cli("show", str(out), "--format", "markdown")
    assert markdown.out.startswith("<!-- pipedrive-reconciler -->")


def test_saved_plan_applies_once_then_has_nothing_left_to_do(sandbox, cli, tmp_path):
    out = tmp_path / "plan.json"
    assert cli("plan", CONFIG, "--out", str(out)).code == 0
    assert cli("apply", CONFIG, "--plan", str(out)).code == 0
    writes = sandbox.stats()["writes"]
    again = cli("apply", CONFIG, "--plan", str(out))
    assert again.code == 0, again.err
    assert "Nothing left to do: Pipedrive already matches this plan." in again.err
    assert "Pipedrive changed" not in again.err
    assert sandbox.stats()["writes"] == writes


def test_partial_failure_exits_5_with_a_report(sandbox, cli, tmp_path):
    sandbox.faults(fail_write_at=3, fail_status=400)  # a rejection: not retried
    report_file = tmp_path / "report.json"
    result = cli("apply", CONFIG, "--auto-approve", "--report", str(report_file))
    assert result.code == 5, result.err
    report = json.loads(report_file.read_text())
    statuses = {c["status"] for c in report["changes"]}
    assert {"applied", "failed", "not_attempted"} <= statuses
    assert cli("apply", CONFIG, "--auto-approve").code == 0
    assert cli("plan", CONFIG, "--detailed-exitcode").code == 0


def test_bad_config_is_reported_with_its_location(sandbox, cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("roles:\n  - name: A\n    setings: {}\n")
    result = cli("validate", str(bad))
    assert result.code == 1
    assert f"{bad}:3:5" in result.err
    assert "Traceback" not in result.err


def test_usage_errors_exit_64(sandbox, cli):
    assert cli("plan", CONFIG, "--format", "yaml").code == 64
    assert cli("plan", CONFIG, "--target", "role/Nobody").code == 1


def test_missing_token_is_a_clear_usage_error(sandbox, cli, monkeypatch):
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN")
    result = cli("plan", CONFIG)
    assert result.code == 64 and "PIPEDRIVE_API_TOKEN" in result.err


def test_wrong_token_reports_pipedrives_message(sandbox, cli, monkeypatch):
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "wrong")
    result = cli("plan", CONFIG)
    assert result.code == 1 and "unauthorized" in result.err.lower()
