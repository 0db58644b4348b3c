"""Visibility that survives a new pipeline: `visible: all` and `hidden: [...]`, export in the
shortest faithful form, and a pipeline the plan creates worded as hidden from a role rather
than as a removal."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.conftest import TOKEN, Sandbox

PIPELINES = """\
pipelines:
  - name: Sales
  - name: Partnerships
  - name: Customer Success
"""
ROLES = """\
roles:
  - name: Sales Director
    pipelines: {visible: all}
  - name: Sales Manager
    pipelines: {hidden: [Customer Success]}
  - name: SDR
    pipelines: {visible: [Sales]}
"""


def _config(tmp_path: Path, extra_pipelines: str = "") -> Path:
    directory = tmp_path / "config"
    directory.mkdir(exist_ok=True)
    (directory / "pipelines.yaml").write_text(PIPELINES + extra_pipelines)
    (directory / "roles.yaml").write_text(ROLES)
    return directory


def test_a_new_pipeline_is_hidden_from_listed_roles_and_visible_to_the_others(
    sandbox: Sandbox, cli, tmp_path
):
    config = _config(tmp_path)
    assert cli("apply", "--auto-approve", str(config)).code == 0
    assert cli("plan", "--detailed-exitcode", str(config)).code == 0
    _config(tmp_path, "  - name: Onboarding\n")
    result = cli("plan", str(config))
    assert "+ pipeline/Onboarding" in result.out
    sdr = result.out.split("~ role_pipelines/SDR\n", 1)[1].split("\n  ", 1)[0]
    assert sdr == "      # new pipeline Onboarding is hidden from this role"
    assert "- Onboarding" not in result.out
    assert "~ role_pipelines/Sales Director\n      visible: [+ Onboarding]" in result.out
    assert "~ role_pipelines/Sales Manager\n      visible: [+ Onboarding]" in result.out
    assert cli("apply", "--auto-approve", str(config)).code == 0
    assert cli("plan", "--detailed-exitcode", str(config)).code == 0
    roles = {r["name"]: r["id"] for r in sandbox.get("/api/v1/roles")}
    seen = sandbox.get(f"/api/v1/roles/{roles['SDR']}/pipelines", visible="true")
    names = {p["id"]: p["name"] for p in sandbox.get("/api/v2/pipelines")}
    assert [names[i] for i in seen["pipeline_ids"]] == ["Sales"]


def test_a_pipeline_created_in_pipedrive_stays_visible_under_hidden_and_all(
    sandbox: Sandbox, cli, tmp_path
):
    config = _config(tmp_path)
    assert cli("apply", "--auto-approve", str(config)).code == 0
    httpx.post(
        f"{sandbox.url}/api/v2/pipelines",
        json={"name": "Side Deals"},
        headers={"x-api-token": TOKEN},
    ).raise_for_status()
    result = cli("plan", str(config))
    assert "role_pipelines/Sales Director" not in result.out
    assert "role_pipelines/Sales Manager" not in result.out
    assert "~ role_pipelines/SDR\n      visible: [- Side Deals]" in result.out


def test_export_writes_the_shortest_faithful_form(sandbox: Sandbox, cli, tmp_path):
    assert cli("apply", "--auto-approve", str(_config(tmp_path))).code == 0
    exported = tmp_path / "exported"
    assert cli("export", "--kind", "roles", "--out", str(exported)).code == 0
    text = (exported / "roles.yaml").read_text()
    director = text.split("- name: Sales Director\n", 1)[1].split("  - name:", 1)[0]
    manager = text.split("- name: Sales Manager\n", 1)[1].split("  - name:", 1)[0]
    sdr = text.split("- name: SDR\n", 1)[1].split("  - name:", 1)[0]
    assert "    pipelines:\n      visible: all\n" in director
    assert "    pipelines:\n      hidden:\n        - Customer Success\n" in manager
    assert "    pipelines:\n      visible:\n        - Sales\n" in sdr
    assert cli("plan", "--detailed-exitcode", str(exported)).code == 0


def test_export_update_keeps_the_form_the_config_uses(sandbox: Sandbox, cli, tmp_path):
    config = _config(tmp_path)
    assert cli("apply", "--auto-approve", str(config)).code == 0
    (config / "roles.yaml").write_text(
        ROLES.replace("{hidden: [Customer Success]}", "{visible: [Sales, Partnerships]}").replace(
            "{visible: all}", "{hidden: [Partnerships]}"
        )
    )
    assert cli("export", "--update", "--out", str(config)).code == 0
    text = (config / "roles.yaml").read_text()
    assert "{visible: [Sales, Partnerships]}" in text  # already right: the list form kept
    assert "{hidden: []}" in text  # the director sees every pipeline: nothing hidden
    assert cli("plan", "--detailed-exitcode", str(config)).code == 0


def test_visible_and_hidden_together_is_a_config_error(cli, tmp_path):
    path = tmp_path / "roles.yaml"
    path.write_text("roles:\n  - name: A\n    pipelines: {visible: all, hidden: [Sales]}\n")
    result = cli("validate", str(path))
    assert result.code == 1
    assert (
        f"{path}:3:16: role 'A': pipelines takes `visible` (a list or `all`) or `hidden` "
        "(a list), not both"
    ) in result.err
