"""--env and diff-envs end to end: the CLI against sandboxes on loopback sockets."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import EXAMPLES, Result

TOKEN_A, TOKEN_B = "staging-secret-token", "production-secret-token"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    seed = EXAMPLES / "sandbox-seed.yaml"
    with (
        serve_in_thread(SandboxOptions(token=TOKEN_A, seed=seed, burst=100_000)) as a,
        serve_in_thread(SandboxOptions(token=TOKEN_B, seed=seed, burst=100_000)) as b,
    ):
        yield a, b


@pytest.fixture
def project(servers, tmp_path, monkeypatch) -> Path:
    """A config (examples/company) with environments staging and production, one company
    each; no PIPEDRIVE_* variables, so the environment files must name the companies."""
    for url in servers:
        httpx.post(f"{url}/_sandbox/reset").raise_for_status()
    config = tmp_path / "config"
    shutil.copytree(EXAMPLES / "company", config)
    (config / "environments").mkdir()
    for name, url, variable in (
        ("staging", servers[0], "TOKEN_STAGING"),
        ("production", servers[1], "TOKEN_PRODUCTION"),
    ):
        (config / "environments" / f"{name}.yaml").write_text(
            f"connection: {{base_url: '{url}', token_env: {variable}}}\n", encoding="utf-8"
        )
    for variable in ("PIPEDRIVE_BASE_URL", "PIPEDRIVE_API_TOKEN", "NO_COLOR"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TOKEN_STAGING", TOKEN_A)
    monkeypatch.setenv("TOKEN_PRODUCTION", TOKEN_B)
    monkeypatch.chdir(tmp_path)
    return config


@pytest.fixture
def run(capsys):
    from reconciler.cli import main

    def call(*args: str) -> Result:
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        for token in (TOKEN_A, TOKEN_B):
            assert token not in captured.out and token not in captured.err
        return Result(code, captured.out, captured.err)

    return call


def _writes(url: str) -> int:
    return httpx.get(f"{url}/_sandbox/stats").json()["writes"]


def test_env_names_the_company_plan_and_apply_go_there(project, servers, run):
    first = run("apply", "config", "--env", "production", "--auto-approve")
    assert first.code == 0, first.err + first.out
    assert _writes(servers[1]) > 0 and _writes(servers[0]) == 0
    again = run("plan", "config", "--env", "production", "--detailed-exitcode")
    assert again.code == 0, again.err
    assert "No changes." in again.out
    staging = run("plan", "config", "--env", "staging", "--detailed-exitcode")
    assert staging.code == 2


def test_env_overlay_changes_what_is_planned(project, servers, run):
    (project / "environments" / "production.yaml").write_text(
        f"connection: {{base_url: '{servers[1]}', token_env: TOKEN_PRODUCTION}}\n"
        "roles:\n  - name: Production Only\n",
        encoding="utf-8",
    )
    plan = run("plan", "config", "--env", "production", "--format", "json")
    assert plan.code == 0, plan.err
    addresses = {c["address"] for c in json.loads(plan.out)["changes"]}
    assert "role/Production Only" in addresses
    assert run("validate", "config", "--env", "production").code == 0
    base = run("plan", "config", "--env", "staging", "--format", "json")
    assert "role/Production Only" not in {c["address"] for c in json.loads(base.out)["changes"]}


def test_a_missing_token_variable_is_named(project, run, monkeypatch):
    monkeypatch.delenv("TOKEN_PRODUCTION")
    result = run("plan", "config", "--env", "production")
    assert result.code == 64
    assert "TOKEN_PRODUCTION" in result.err and "production.yaml:1:" in result.err


def test_diff_envs_is_quiet_when_equal_and_names_every_difference(project, servers, run):
    same = run("diff-envs", "staging", "production", "--config", "config")
    assert same.code == 0, same.err + same.out
    assert "No drift." in same.out

    # Production gets the example company; staging stays as seeded.
    assert run("apply", "config", "--env", "production", "--auto-approve").code == 0
    differ = run("diff-envs", "staging", "production", "--config", "config", "--format", "json")
    assert differ.code == 2, differ.err
    document = json.loads(differ.out)
    assert document["compared"] == {"a": "staging", "b": "production"}
    changes = {c["address"]: c for c in document["changes"]}
    assert changes, "applying the example company must show up as differences"
    assert all(c["id"] is None or isinstance(c["id"], int) for c in changes.values())
    # The reverse comparison sees the same objects from the other side.
    back = run("diff-envs", "production", "staging", "--config", "config", "--format", "json")
    assert back.code == 2
    reverse = {c["address"]: c["action"] for c in json.loads(back.out)["changes"]}
    flipped = {"create": "delete", "delete": "create", "update": "update"}
    for address, change in changes.items():
        if change["kind"] in ("role", "pipeline"):
            assert reverse[address] == flipped[change["action"]], address

    markdown = run(
        "diff-envs", "staging", "production", "--config", "config", "--format", "markdown"
    )
    assert markdown.out.startswith("<!-- pipedrive-reconciler diff-envs staging production -->")
    assert "staging vs production" in markdown.out


def test_diff_envs_members_and_settings_by_natural_key(project, servers, run):
    # The same change made in both, then one member moved and one setting changed in B only.
    for env in ("staging", "production"):
        assert run("apply", "config", "--env", env, "--auto-approve").code == 0
    headers = {"x-api-token": TOKEN_B}
    roles = httpx.get(f"{servers[1]}/api/v1/roles", headers=headers).json()["data"]
    manager = next(r for r in roles if r["name"] == "Sales Manager")
    httpx.post(
        f"{servers[1]}/api/v1/roles/{manager['id']}/settings",
        json={"setting_key": "deal_default_visibility", "value": 1},
        headers=headers,
    ).raise_for_status()
    result = run("diff-envs", "staging", "production", "--config", "config", "--format", "json")
    assert result.code == 2, result.err
    (change,) = json.loads(result.out)["changes"]
    assert change["address"] == "role_settings/Sales Manager"
    assert change["fields"][0]["path"] == "deal_default_visibility"
    assert change["fields"][0]["before"] == 1


def test_diff_envs_needs_environments_that_name_companies(project, run):
    (project / "environments" / "bare.yaml").write_text("{}\n", encoding="utf-8")
    result = run("diff-envs", "staging", "bare", "--config", "config")
    assert result.code == 64
    assert "names no company" in result.err


def test_plans_name_the_environment_and_a_plan_stays_in_it(project, servers, run, tmp_path):
    staging = tmp_path / "staging-plan.json"
    made = run("plan", "config", "--env", "staging", "--out", str(staging))
    assert made.code == 0, made.err
    assert made.out.startswith(
        "Pipedrive company: Sandbox Company (sandbox.pipedrive.com, env staging)\n"
    )
    assert json.loads(staging.read_text())["env"] == "staging"
    refused = run("apply", "config", "--env", "production", "--plan", str(staging))
    assert refused.code == 4, refused.err
    assert "--env staging" in refused.err and "--env production" in refused.err
    assert _writes(servers[0]) == 0 and _writes(servers[1]) == 0
