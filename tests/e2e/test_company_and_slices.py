"""Plans name the company they are for, and a narrowed plan says so in every format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.e2e.conftest import EXAMPLES

CONFIG = str(EXAMPLES / "company")
COMPANY_LINE = "Pipedrive company: Sandbox Company (sandbox.pipedrive.com)"
PARTIAL = "Warning: partial plan: --target role --exclude 'role/Partner Manager'"


def test_every_plan_format_names_the_company(sandbox, cli) -> None:
    text = cli("plan", CONFIG)
    assert text.out.startswith(COMPANY_LINE + "\n"), text.out[:200]
    markdown = cli("plan", CONFIG, "--format", "markdown")
    assert COMPANY_LINE in markdown.out.split("**Plan:**")[0]
    document = cli("plan", CONFIG, "--format", "json").json()
    assert document["company"] == {"id": 1000001, "name": "Sandbox Company", "domain": "sandbox"}
    assert document["base_url"] == sandbox.url and document["env"] is None
    assert document["tool_version"] and document["created_at"].endswith("Z")
    assert document["partial"] is None


def test_a_narrowed_plan_says_so_in_every_format(sandbox, cli) -> None:
    narrow = ("--target", "role", "--exclude", "role/Partner Manager")
    text = cli("plan", CONFIG, *narrow)
    assert text.code == 0, text.err
    assert text.out.splitlines()[1].startswith(PARTIAL)
    markdown = cli("plan", CONFIG, *narrow, "--format", "markdown")
    assert PARTIAL in markdown.out
    document = cli("plan", CONFIG, *narrow, "--format", "json").json()
    assert document["partial"] == {"target": ["role"], "exclude": ["role/Partner Manager"]}
    assert {c["kind"] for c in document["changes"]} == {"role"}
    assert "role/Partner Manager" not in {c["address"] for c in document["changes"]}


def test_apply_takes_a_slice_and_leaves_the_rest(sandbox, cli, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    applied = cli(
        "apply", CONFIG, "--target", "pipeline", "--auto-approve", "--report", str(report)
    )
    assert applied.code == 0, applied.err
    assert "Warning: partial plan: --target pipeline" in applied.out
    rest = cli("plan", CONFIG, "--format", "json").json()
    assert not [c for c in rest["changes"] if c["kind"] == "pipeline"]
    assert {c["kind"] for c in rest["changes"]} >= {"stage", "role", "role_settings"}
    written = json.loads(report.read_text())
    assert written["partial"] == "--target pipeline"
    assert written["company"]["name"] == "Sandbox Company"
    assert written["base_url"] == sandbox.url and written["env"] is None
    assert written["tool_version"]


def test_a_saved_slice_applies_only_itself(sandbox, cli, tmp_path: Path) -> None:
    saved = tmp_path / "roles.json"
    assert cli("plan", CONFIG, "--target", "role", "--out", str(saved)).code == 0
    other = cli("apply", CONFIG, "--plan", str(saved), "--target", "pipeline")
    assert other.code == 64 and "--target role" in other.err
    applied = cli("apply", CONFIG, "--plan", str(saved))
    assert applied.code == 0, applied.err
    assert "Warning: partial plan: --target role" in applied.out
    rest = cli("plan", CONFIG, "--format", "json").json()
    assert not [c for c in rest["changes"] if c["kind"] == "role"]
    assert [c for c in rest["changes"] if c["kind"] == "pipeline"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_prompt_names_the_company(sandbox, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", _Terminal("n\n"))
    answered = cli("apply", CONFIG)
    assert answered.code == 1
    assert "Apply 29 changes to Sandbox Company (sandbox.pipedrive.com)? [y/N]" in answered.err
    assert "Apply cancelled. Nothing was written." in answered.err
    assert sandbox.stats()["writes"] == 0
