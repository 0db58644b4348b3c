"""Honest drift: stage order changed in Pipedrive is drift the tool cannot write (exit 2;
`plan` keeps it a warning), and the drift summary counts what the report lists."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TOKEN, Sandbox

ORDER = "stage order: Pipedrive has Qualified > Demo Scheduled > Proposal Sent > Negotiation"


@pytest.fixture
def in_sync(sandbox: Sandbox, cli, tmp_path: Path) -> Path:
    directory = tmp_path / "config"
    assert cli("export", "--out", str(directory)).code == 0
    return directory


def _stage_id(sandbox: Sandbox, name: str) -> int:
    return int(next(s for s in sandbox.get("/api/v2/stages", limit=500) if s["name"] == name)["id"])


def _move_lead_in_last(sandbox: Sandbox) -> None:
    httpx.put(
        f"{sandbox.url}/api/v1/stages/{_stage_id(sandbox, 'Lead In')}",
        json={"order_nr": 99},
        headers={"x-api-token": TOKEN},
    ).raise_for_status()


def test_stages_reordered_in_pipedrive_are_drift_and_a_plan_warning(sandbox, cli, in_sync):
    _move_lead_in_last(sandbox)
    drift = cli("drift", str(in_sync))
    assert drift.code == 2
    assert "  ~ pipeline/Sales has changed outside the configuration\n" in drift.out
    assert (
        f"      {ORDER} > Closed > Cold > Lead In, the configuration says Lead In > " in drift.out
    )
    assert "# Stages API v2 cannot change stage order: reorder the stages in Pipedrive's UI" in (
        drift.out
    )
    assert "out of order" not in drift.out  # reported once, as drift, not again as a warning
    assert "Drift: 1 changed outside the configuration, 0 missing from Pipedrive, " in drift.out
    plan = cli("plan", "--detailed-exitcode", str(in_sync))
    assert plan.code == 0
    assert "No changes. Pipedrive matches the configuration." in plan.out
    assert "! stages of pipeline/Sales are out of order" in plan.out


def test_stage_order_drift_in_json_and_markdown(sandbox, cli, in_sync):
    _move_lead_in_last(sandbox)
    document = cli("drift", "--format", "json", str(in_sync))
    assert document.code == 2
    (found,) = document.json()["unwritable"]
    assert found["address"] == "pipeline/Sales"
    assert found["field"] == "stage order"
    assert found["after"].startswith("Lead In > Qualified")
    markdown = cli("drift", "--format", "markdown", str(in_sync))
    assert markdown.code == 2
    assert "**Drift:** 1 changed outside the configuration" in markdown.out
    assert "Not writable by the tool (1)" in markdown.out
    assert "| ~ changed | pipeline/Sales | stage order: Pipedrive has Qualified" in markdown.out


def test_drift_counts_agree_with_what_it_lists(sandbox, cli, in_sync):
    headers = {"x-api-token": TOKEN}
    httpx.post(
        f"{sandbox.url}/api/v2/pipelines", json={"name": "Side Deals"}, headers=headers
    ).raise_for_status()
    httpx.patch(
        f"{sandbox.url}/api/v2/stages/{_stage_id(sandbox, 'Cold')}",
        json={"deal_probability": 11},
        headers=headers,
    ).raise_for_status()
    result = cli("drift", str(in_sync))
    assert result.code == 2
    assert "Unmanaged (exist only in Pipedrive; add them to the config or to prune):\n" in (
        result.out
    )
    assert "  pipeline/Side Deals\n" in result.out
    changed = result.out.count(" has changed outside the configuration")
    assert (
        f"Drift: {changed} changed outside the configuration, 0 missing from Pipedrive, "
        "1 only in Pipedrive (1 unmanaged)."
    ) in result.out
