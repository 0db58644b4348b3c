"""`export --update --env NAME` keeps environments separate: each value is written where it is
defined, and what an environment file cannot say is refused with nothing written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.cli import main
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import EXAMPLES, Result

TOKENS = {"staging": "staging-token-5e1d", "production": "production-token-9a7c"}

STAGING = """\
connection: {{base_url: '{url}', token_env: TOKEN_STAGING}}
pipelines:
  - name: Sales
    stages:
      - name: Lead In    # staging's leads rot later
        rotten_days: 30
"""


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, str]]:
    seed = EXAMPLES / "sandbox-seed.yaml"
    with (
        serve_in_thread(SandboxOptions(token=TOKENS["staging"], seed=seed, burst=10**5)) as s,
        serve_in_thread(SandboxOptions(token=TOKENS["production"], seed=seed, burst=10**5)) as p,
    ):
        yield {"staging": s, "production": p}


@pytest.fixture
def run(capsys):
    def call(*args: str) -> Result:
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        captured = capsys.readouterr()
        for token in TOKENS.values():
            assert token not in captured.out + captured.err
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def config(servers, tmp_path, monkeypatch, run) -> Path:
    """examples/company as the base, applied to both companies with their environments."""
    for url in servers.values():
        httpx.post(f"{url}/_sandbox/reset").raise_for_status()
    config = tmp_path / "config"
    shutil.copytree(EXAMPLES / "company", config)
    (config / "environments").mkdir()
    (config / "environments" / "staging.yaml").write_text(
        STAGING.format(url=servers["staging"]), encoding="utf-8"
    )
    (config / "environments" / "production.yaml").write_text(
        f"connection: {{base_url: '{servers['production']}', token_env: TOKEN_PRODUCTION}}\n"
    )
    for variable in ("PIPEDRIVE_BASE_URL", "PIPEDRIVE_API_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TOKEN_STAGING", TOKENS["staging"])
    monkeypatch.setenv("TOKEN_PRODUCTION", TOKENS["production"])
    monkeypatch.chdir(tmp_path)
    for env in TOKENS:
        applied = run("apply", "config", "--env", env, "--auto-approve")
        assert applied.code == 0, applied.err + applied.out
    return config


def _api(servers: dict[str, str], env: str) -> httpx.Client:
    return httpx.Client(base_url=servers[env], headers={"x-api-token": TOKENS[env]})


def _stage(client: httpx.Client, name: str) -> dict[str, Any]:
    stages = client.get("/api/v2/stages", params={"limit": 500}).json()["data"]
    return next(s for s in stages if s["name"] == name)


def _base_texts(config: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(config.glob("*.yaml"))}


def test_staging_values_go_to_staging_and_production_stays_unchanged(config, servers, run):
    with _api(servers, "staging") as staging:
        lead_in = _stage(staging, "Lead In")
        staging.patch(f"/api/v2/stages/{lead_in['id']}", json={"days_to_rotten": 45})
        staging.post(
            "/api/v2/stages", json={"name": "Legal review", "pipeline_id": lead_in["pipeline_id"]}
        ).raise_for_status()
    base = _base_texts(config)

    updated = run("export", "--update", "--env", "staging", "--out", "config")
    assert updated.code == 0, updated.err

    assert _base_texts(config) == base  # nothing of staging's leaks into the shared files
    overlay = (config / "environments" / "staging.yaml").read_text(encoding="utf-8")
    assert "rotten_days: 45" in overlay and "# staging's leads rot later" in overlay
    assert "Legal review" in overlay and "token_env: TOKEN_STAGING" in overlay
    for env in TOKENS:
        plan = run("plan", "config", "--env", env, "--detailed-exitcode")
        assert plan.code == 0, f"{env}: {plan.out}"


def test_a_value_only_the_base_sets_is_updated_in_the_base_and_said_to_be_shared(
    config, servers, run
):
    with _api(servers, "staging") as staging:
        won = _stage(staging, "Won")
        staging.patch(f"/api/v2/stages/{won['id']}", json={"deal_probability": 90})

    updated = run("export", "--update", "--env", "staging", "--out", "config")
    assert updated.code == 0, updated.err
    assert "deal_probability: 90" in (config / "pipelines.yaml").read_text(encoding="utf-8")
    assert "shared by every environment" in updated.err
    assert run("plan", "config", "--env", "staging", "--detailed-exitcode").code == 0
    production = run("plan", "config", "--env", "production", "--detailed-exitcode")
    assert production.code == 2 and "stage/Sales/Won" in production.out


def test_what_an_environment_cannot_say_is_refused_and_nothing_is_written(config, servers, run):
    with _api(servers, "staging") as staging:
        live = _stage(staging, "Live")
        staging.delete(f"/api/v2/stages/{live['id']}").raise_for_status()
    before = {p: p.read_text(encoding="utf-8") for p in config.rglob("*.yaml")}

    refused = run("export", "--update", "--env", "staging", "--out", "config")
    assert refused.code == 1
    assert "nothing was written" in refused.err
    assert "'Live' (stages of 'Partnerships') is gone from this company" in refused.err
    assert "cannot remove what the base config declares" in refused.err
    assert {p: p.read_text(encoding="utf-8") for p in config.rglob("*.yaml")} == before


def test_update_without_a_config_here_writes_nothing(servers, run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", servers["staging"])
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKENS["staging"])
    result = run("export", "--update")
    assert result.code == 64
    assert "found no config" in result.err
    assert list(tmp_path.iterdir()) == []
