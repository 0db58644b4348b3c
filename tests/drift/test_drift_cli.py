"""`drift` end to end: the CLI against a sandbox on loopback."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TOKEN, Sandbox

NOT_WHO = "Pipedrive's recents say when a pipeline, stage or user last changed, not who"
ROLES = "role changes are not in Pipedrive's recents: who and when unknown"


@pytest.fixture
def in_sync(sandbox: Sandbox, cli, tmp_path: Path) -> Path:
    """A config exported from the sandbox, so drift starts at zero."""
    directory = tmp_path / "config"
    assert cli("export", "--out", str(directory)).code == 0
    return directory


def _patch_stage(sandbox: Sandbox, stage_name: str, **body: object) -> dict:
    stage = next(s for s in sandbox.get("/api/v2/stages", limit=500) if s["name"] == stage_name)
    response = httpx.patch(
        f"{sandbox.url}/api/v2/stages/{stage['id']}", json=body, headers={"x-api-token": TOKEN}
    )
    response.raise_for_status()
    return next(
        s
        for s in sandbox.get("/api/v1/recents", since_timestamp="2000-01-01 00:00:00")
        if s["item"] == "stage" and s["id"] == stage["id"]
    )["data"]


def test_in_sync_exits_0_and_writes_nothing(sandbox: Sandbox, cli, in_sync: Path):
    before = sandbox.stats()
    result = cli("drift", str(in_sync))
    assert result.code == 0
    assert "No drift. Pipedrive matches the configuration." in result.out
    assert sandbox.stats()["writes"] == before["writes"]
    operations = sandbox.stats()["by_operation"]
    assert not any("recents" in op for op in operations)  # nothing to date, nothing spent


def test_drift_exits_2_and_says_when_not_who(sandbox: Sandbox, cli, in_sync: Path):
    recent = _patch_stage(sandbox, "Negotiation", deal_probability=55)
    before = sandbox.stats()["writes"]
    result = cli("drift", str(in_sync))
    assert result.code == 2
    assert "~ stage/Sales/Negotiation has changed outside the configuration" in result.out
    assert "deal_probability: Pipedrive has 55, the configuration says 80" in result.out
    assert f"# last changed at {recent['update_time']} UTC" in result.out
    assert NOT_WHO in result.out
    assert "Drift: 1 changed outside the configuration" in result.out
    assert sandbox.stats()["writes"] == before
    assert any("recents" in op for op in sandbox.stats()["by_operation"])


def test_role_drift_says_recents_do_not_cover_roles(sandbox: Sandbox, cli, in_sync: Path):
    roles = {r["name"]: r["id"] for r in sandbox.get("/api/v1/roles")}
    httpx.post(
        f"{sandbox.url}/api/v1/roles/{roles['SDR']}/settings",
        json={"setting_key": "deal_default_visibility", "value": 7},
        headers={"x-api-token": TOKEN},
    ).raise_for_status()
    result = cli("drift", str(in_sync))
    assert result.code == 2
    assert "~ role_settings/SDR has changed outside the configuration" in result.out
    assert f"{ROLES} for role_settings/SDR" in result.out
    assert "last changed" not in result.out  # never a guess


def test_json_and_markdown(sandbox: Sandbox, cli, in_sync: Path):
    recent = _patch_stage(sandbox, "Intro", deal_probability=33)
    document = cli("drift", str(in_sync), "--format", "json")
    assert document.code == 2
    changes = document.json()["changes"]
    when = {c["address"]: c.get("changed_at") for c in changes}
    assert when["stage/Partnerships/Intro"] == f"{recent['update_time']} UTC"
    assert any(NOT_WHO in w for w in document.json()["warnings"])
    markdown = cli("drift", str(in_sync), "--format", "markdown")
    assert markdown.code == 2
    assert markdown.out.startswith("<!-- pipedrive-reconciler drift -->")
    assert "changed outside" in markdown.out
    assert f"last changed at {recent['update_time']} UTC" in markdown.out


def test_since_later_than_the_change_says_it_is_older(sandbox: Sandbox, cli, in_sync: Path):
    _patch_stage(sandbox, "Live", deal_probability=90)
    result = cli("drift", str(in_sync), "--since", "2999-01-01T00:00:00Z")
    assert result.code == 2
    assert "no change since 2999-01-01 00:00:00 UTC in Pipedrive's recents" in result.out
    assert "stage/Partnerships/Live" in result.out and "last changed at" not in result.out


def test_errors_exit_1_and_usage_64(sandbox: Sandbox, cli, in_sync: Path, monkeypatch):
    assert cli("drift", str(in_sync), "--since", "last week").code == 64
    broken = in_sync / "roles.yaml"
    broken.write_text("roles:\n  - nme: x\n", encoding="utf-8")
    bad_config = cli("drift", str(in_sync))
    assert bad_config.code == 1 and "roles.yaml:2:" in bad_config.err
    broken.unlink()
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "wrong-token")
    assert cli("drift", str(in_sync)).code == 1
