"""Activity types, lead labels and webhooks through the command line, against a loopback
sandbox: create, rename, update, replace and prune, each followed by "No changes."; export
then plan; `--replace`; the webhook password never leaves the process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, Sandbox, cli  # noqa: F401  (the cli fixture)

PASSWORD = "correct-horse-battery-staple"
SEED = {
    "users": [
        {"name": "Alice", "email": "alice@example.com"},
        {"name": "Bob", "email": "bob@example.com"},
    ],
    "activity_types": [{"name": "Old visit", "icon": "car"}, {"name": "Lunch", "color": "00FF00"}],
    "lead_labels": [{"name": "Hot", "color": "red"}, {"name": "Stale", "color": "gray"}],
    "webhooks": [
        {"name": "Deal sync", "url": "https://hooks.example.com/a", "event": "create.deal"},
        {"name": "Legacy", "url": "https://hooks.example.com/legacy", "event": "*.*"},
    ],
}
CONFIG = """\
prune: [activity_types, lead_labels, webhooks]
activity_types:
  - {name: Demo, icon: presentation, color: FFD700}
  - {name: Call, icon: call}
  - {name: Site visit, icon: car, renamed_from: [Old visit]}
lead_labels:
  - {name: Very hot, color: purple, renamed_from: [Hot]}
  - {name: Warm, color: orange}
webhooks:
  - name: Deal sync
    url: https://hooks.example.com/b
    event: create.deal
    user: bob@example.com
    version: "2.0"
    http_auth: {user: hook, password: "${HOOK_PASSWORD}"}
"""


@pytest.fixture
def company(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    seed = tmp_path / "seed.yaml"
    seed.write_text(yaml.safe_dump(SEED))
    with serve_in_thread(SandboxOptions(token=TOKEN, seed=seed, burst=100_000)) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        monkeypatch.setenv("HOOK_PASSWORD", PASSWORD)
        yield Sandbox(url)


def _config(tmp_path: Path, text: str = CONFIG) -> str:
    path = tmp_path / "pipedrive.yaml"
    path.write_text(text)
    return str(path)


def _converge(cli: Any, config: str) -> None:  # noqa: F811
    applied = cli("apply", config, "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    again = cli("plan", config, "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes." in again.out


def test_create_rename_update_replace_and_prune_then_no_changes(company, cli, tmp_path):  # noqa: F811
    config = _config(tmp_path)
    first = cli("plan", config, "--detailed-exitcode")
    assert first.code == 2, first.err
    out = first.out
    assert "+ activity_type/Demo" in out and "~ activity_type/Site visit" in out
    assert '"Old visit" -> "Site visit"' in out
    assert "~ lead_label/Very hot" in out and "+ lead_label/Warm" in out
    assert "-/+ webhook/Deal sync (replaced: Pipedrive cannot update a webhook)" in out
    assert "- webhook/Legacy" in out and "- lead_label/Stale" in out
    assert "every lead with this label loses it" in out
    # Built-in types are never deleted, even under prune.
    assert "activity_type/Lunch" not in out  # nor listed: they are Pipedrive's
    assert "- activity_type/Lunch" not in out
    assert PASSWORD not in out
    _converge(cli, config)

    types = company.get("/api/v1/activityTypes")
    active = [
        t["name"] for t in sorted(types, key=lambda t: (t["order_nr"], t["id"])) if t["active_flag"]
    ]
    assert active.index("Demo") < active.index("Call") < active.index("Site visit")
    assert [t["active_flag"] for t in types if t["name"] == "Lunch"] == [True]
    labels = {label["name"]: label["color"] for label in company.get("/api/v1/leadLabels")}
    assert labels == {"Very hot": "purple", "Warm": "orange"}
    (hook,) = company.get("/api/v1/webhooks")
    assert hook["subscription_url"] == "https://hooks.example.com/b"
    assert hook["user_id"] != hook["owner_id"]  # Bob's, not the token owner's
    assert hook["http_auth_user"] == "hook" and hook["http_auth_password"] not in (None, PASSWORD)


def test_webhook_change_is_a_replacement_in_every_format(company, cli, tmp_path):  # noqa: F811
    config = _config(tmp_path)
    _converge(cli, config)
    changed = _config(tmp_path, CONFIG.replace("event: create.deal", "event: change.deal"))
    plan_file = tmp_path / "plan.json"
    saved = cli("plan", changed, "--out", str(plan_file), "--format", "json")
    document = saved.json()
    halves = [(c["action"], c.get("replace")) for c in document["changes"]]
    why = "Pipedrive cannot update a webhook"
    assert halves == [("delete", why), ("create", why)]
    create = document["changes"][1]
    assert create["after"]["http_auth_password"] == "(sensitive)"
    assert create["extra"]["password"] == "(sensitive)"
    assert PASSWORD not in plan_file.read_text() and PASSWORD not in saved.out
    markdown = cli("show", str(plan_file), "--format", "markdown").out
    assert "-/+ replace" in markdown and "**replace** webhook/Deal sync" in markdown
    applied = cli("apply", changed, "--plan", str(plan_file), "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert PASSWORD not in applied.out + applied.err
    (hook,) = company.get("/api/v1/webhooks")
    assert hook["event_action"] == "updated"  # the answers' past tense of `change`
    assert cli("plan", changed, "--detailed-exitcode").code == 0


def test_replace_rotates_a_password_through_a_saved_plan(company, cli, tmp_path):  # noqa: F811
    config = _config(tmp_path)
    _converge(cli, config)
    (before,) = company.get("/api/v1/webhooks")
    plan_file = tmp_path / "plan.json"
    saved = cli("plan", config, "--replace", "webhook/Deal sync", "--out", str(plan_file))
    assert "-/+ webhook/Deal sync (replaced: --replace)" in saved.out
    assert "Plan: 1 to create, 0 to update, 1 to delete." in saved.out
    # Without --replace the fresh plan would be empty; the saved plan brings it back.
    applied = cli("apply", config, "--plan", str(plan_file), "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    (after,) = company.get("/api/v1/webhooks")
    assert after["id"] != before["id"] and after["name"] == "Deal sync"
    other = cli("apply", config, "--plan", str(plan_file), "--replace", "lead_label/Warm")
    assert other.code == 64, other.err


def test_replace_of_a_label_says_it_loses_data(company, cli, tmp_path):  # noqa: F811
    config = _config(tmp_path)
    _converge(cli, config)
    result = cli("apply", config, "--replace", "lead_label/Warm", "--auto-approve")
    assert result.code == 0, result.err
    assert "-/+ lead_label/Warm (replaced: --replace)" in result.out
    assert "every lead with this label loses it" in result.out
    assert cli("plan", config, "--detailed-exitcode").code == 0


@pytest.mark.parametrize(
    "address", ["webhook/Nope", "pipeline/Sales", "activity_type/Lunch", "nokind/X"]
)
def test_replace_of_what_cannot_be_replaced_is_a_usage_error(company, cli, tmp_path, address):  # noqa: F811
    config = _config(
        tmp_path, CONFIG.replace("  - {name: Call", "  - {name: Lunch}\n  - {name: Call")
    )
    result = cli("plan", config, "--replace", address)
    assert result.code == 64, result.out + result.err
    assert "Traceback" not in result.err


def test_built_in_activity_types_are_never_renamed(company, cli, tmp_path):  # noqa: F811
    text = CONFIG.replace(
        "{name: Call, icon: call}", "{name: Phone, icon: call, renamed_from: [Call]}"
    )
    result = cli("plan", _config(tmp_path, text))
    assert result.code == 1
    assert "built-in activity types, which are never renamed" in result.err


def test_export_then_plan_is_empty(company, cli, tmp_path):  # noqa: F811
    _converge(cli, _config(tmp_path))
    out = tmp_path / "exported"
    exported = cli(
        "export", "--out", str(out), "--kind", "activity_types", "--kind", "lead_labels",
        "--kind", "webhooks",
    )  # fmt: skip
    assert exported.code == 0, exported.err
    assert "password" in exported.err  # the note: declare it yourself
    hooks = yaml.safe_load((out / "webhooks.yaml").read_text())["webhooks"]
    assert hooks == [
        {
            "name": "Deal sync",
            "url": "https://hooks.example.com/b",
            "event": "create.deal",
            "user": "bob@example.com",
            "version": "2.0",
        }
    ]
    names = [
        t["name"]
        for t in yaml.safe_load((out / "activity_types.yaml").read_text())["activity_types"]
    ]
    assert names == ["Demo", "Site visit"]  # built-in types (Call) are not written new
    again = cli("plan", str(out), "--detailed-exitcode")
    assert again.code == 0, again.out + again.err


def test_validate_counts_them(company, cli, tmp_path):  # noqa: F811
    result = cli("validate", _config(tmp_path))
    assert result.code == 0, result.err
    assert "3 activity types, 2 lead labels, 1 webhook in 1 file" in result.out


def test_a_password_written_in_the_file_never_leaves_the_process(company, cli, tmp_path):  # noqa: F811
    literal = "plain-text-password-in-yaml"
    config = _config(tmp_path, CONFIG.replace('"${HOOK_PASSWORD}"', literal))
    plan_file, report = tmp_path / "plan.json", tmp_path / "report.json"
    outputs = [
        cli("-v", "plan", config, "--out", str(plan_file), "--format", "json"),
        cli("plan", config, "--format", "markdown"),
        cli(
            "-v",
            "apply",
            config,
            "--plan",
            str(plan_file),
            "--report",
            str(report),
            "--auto-approve",
        ),
        cli("drift", config),
        cli("plan", config, "--replace", "webhook/Deal sync", "--format", "json"),
    ]
    assert outputs[2].code == 0, outputs[2].err
    for result in outputs:
        assert literal not in result.out + result.err
    for path in (plan_file, report):
        assert literal not in path.read_text()
    (hook,) = company.get("/api/v1/webhooks")
    assert hook["http_auth_password"] not in (None, literal)


def test_validate_refuses_a_pipedrive_url_and_duplicate_names(cli, tmp_path):  # noqa: F811
    text = (
        "webhooks:\n"
        "  - {name: A, url: 'https://acme.pipedrive.com/api/v1/deals', event: create.deal}\n"
        "lead_labels:\n  - {name: Hot, color: red}\n  - {name: Hot, color: blue}\n"
    )
    result = cli("validate", _config(tmp_path, text))
    assert result.code == 1
    assert "pipedrive.yaml:2:" in result.err and "not be a Pipedrive API endpoint" in result.err
    assert "lead label 'Hot'" in result.err


def test_drift_reports_a_changed_webhook_and_a_recoloured_label(company, cli, tmp_path):  # noqa: F811
    config = _config(tmp_path)
    _converge(cli, config)
    (warm,) = [x for x in company.get("/api/v1/leadLabels") if x["name"] == "Warm"]
    headers = {"x-api-token": TOKEN}
    url = f"{company.url}/api/v1/leadLabels/{warm['id']}"
    httpx.patch(url, json={"color": "blue"}, headers=headers).raise_for_status()
    (hook,) = company.get("/api/v1/webhooks")
    httpx.delete(f"{company.url}/api/v1/webhooks/{hook['id']}", headers=headers).raise_for_status()
    result = cli("drift", config)
    assert result.code == 2, result.err
    assert "~ lead_label/Warm has changed outside the configuration" in result.out
    assert 'color: Pipedrive has "blue", the configuration says "orange"' in result.out
    assert "+ webhook/Deal sync is missing from Pipedrive" in result.out
