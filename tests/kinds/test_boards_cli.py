"""Project boards and phases through the command line, against a loopback sandbox seeded from
examples/boards/: create, rename, reorder and prune, projects on boards of the config, the
projects-in-a-phase blocker, export (and --update), drift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, cli  # noqa: F401  (the cli fixture)
from tests.kinds.conftest import ROOT

EXAMPLE = ROOT / "examples" / "boards"
CONFIG = str(EXAMPLE / "pipedrive.yaml")


class Company:
    def __init__(self, url: str) -> None:
        self.url = url

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = httpx.request(
            method, f"{self.url}/api/v2{path}", headers={"x-api-token": TOKEN}, **kwargs
        )
        response.raise_for_status()
        return response.json()["data"]

    def boards(self) -> dict[str, list[str]]:
        """Board name -> its phase names, both in Pipedrive's order."""
        boards = sorted(self.call("GET", "/boards"), key=lambda b: b["order_nr"])
        return {
            b["name"]: [
                p["name"]
                for p in sorted(
                    self.call("GET", "/phases", params={"board_id": b["id"]}),
                    key=lambda p: p["order_nr"],
                )
            ]
            for b in boards
        }

    def board_id(self, name: str) -> int:
        return next(b["id"] for b in self.call("GET", "/boards") if b["name"] == name)

    def phase_id(self, board: str, name: str) -> int:
        phases = self.call("GET", "/phases", params={"board_id": self.board_id(board)})
        return next(p["id"] for p in phases if p["name"] == name)

    def projects(self) -> dict[str, tuple[str, str]]:
        """Project title -> (board, phase), by name."""
        names = {b["id"]: b["name"] for b in self.call("GET", "/boards")}
        phases = {
            p["id"]: p["name"]
            for board_id in names
            for p in self.call("GET", "/phases", params={"board_id": board_id})
        }
        response = httpx.get(
            f"{self.url}/api/v1/projects", headers={"x-api-token": TOKEN}, params={"limit": 500}
        )
        return {
            p["title"]: (names.get(p["board_id"], "?"), phases.get(p["phase_id"], "?"))
            for p in response.json()["data"]
        }


@pytest.fixture
def company(monkeypatch: pytest.MonkeyPatch) -> Iterator[Company]:
    options = SandboxOptions(token=TOKEN, seed=EXAMPLE / "sandbox-seed.yaml", burst=100_000)
    with serve_in_thread(options) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        yield Company(url)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "pipedrive.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def converge(cli, config: str) -> None:  # noqa: F811
    applied = cli("apply", config, "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    again = cli("plan", config, "--detailed-exitcode")
    assert again.code == 0 and "No changes." in again.out, again.out


def test_example_creates_renames_and_places_projects_on_new_boards(company, cli):  # noqa: F811
    first = cli("plan", CONFIG, "--detailed-exitcode")
    assert first.code == 2, first.err
    for line in (
        '~ board/Customer delivery\n      name: "Delivery" -> "Customer delivery"',
        "+ board/Sales ops",
        '~ phase/Customer delivery/Roll-out\n      name: "Rollout" -> "Roll-out"',
        "+ phase/Customer delivery/Review",
        "+ project/Globex pilot",
    ):
        assert line in first.out
    converge(cli, CONFIG)
    assert company.boards() == {
        "Customer delivery": ["Kickoff", "Roll-out", "Review", "Done"],
        "Internal": ["Backlog", "Doing"],
        "Sales ops": ["Intake", "Closing"],
    }
    assert company.projects() == {
        "ACME onboarding": ("Customer delivery", "Roll-out"),
        "Old migration": ("Internal", "Doing"),
        "Globex pilot": ("Sales ops", "Intake"),
    }


def test_reorder_boards_and_phases(company, cli, tmp_path):  # noqa: F811
    config = write(
        tmp_path,
        "boards:\n"
        "  - {name: Internal, phases: [Doing, Backlog]}\n"
        "  - {name: Delivery, phases: [Done, Kickoff, Rollout]}\n",
    )
    plan = cli("plan", config)
    assert "~ board/Internal\n      position: 2 -> 1" in plan.out
    assert "~ phase/Delivery/Done\n      position: 3 -> 1" in plan.out
    converge(cli, config)
    assert list(company.boards().items()) == [
        ("Internal", ["Doing", "Backlog"]),
        ("Delivery", ["Done", "Kickoff", "Rollout"]),
    ]


def test_phases_and_boards_holding_projects_are_blocked(company, cli, tmp_path):  # noqa: F811
    config = write(
        tmp_path,
        "prune: [boards]\nboards:\n  - {name: Delivery, phases: [Rollout, Done, Wrap-up]}\n",
    )
    plan = cli("plan", config, "--format", "json")
    blocked = {b["address"]: b["reason"] for b in plan.json()["blocked"]}
    assert blocked == {
        "phase/Delivery/Kickoff": "the phase holds 1 project; deleting it would delete them",
        "board/Internal": "the board holds 1 project; deleting it would delete them",
    }
    assert [c["address"] for c in plan.json()["changes"]] == ["phase/Delivery/Wrap-up"]
    refused = cli("apply", config, "--auto-approve")
    assert refused.code == 3 and "phase/Delivery/Kickoff" in refused.err
    assert "Wrap-up" not in company.boards()["Delivery"]
    skipped = cli("apply", config, "--auto-approve", "--skip-blocked")
    assert skipped.code == 0, skipped.out + skipped.err
    assert company.boards() == {
        "Delivery": ["Kickoff", "Rollout", "Done", "Wrap-up"],
        "Internal": ["Backlog", "Doing"],
    }
    assert len(company.projects()) == 2  # nothing deleted


def test_prune_deletes_what_holds_no_project(company, cli, tmp_path):  # noqa: F811
    config = write(
        tmp_path,
        "prune: [boards, projects]\n"
        "boards:\n  - {name: Delivery, phases: [Rollout, Done]}\n"
        "projects:\n  - {title: ACME onboarding, board: Delivery, phase: Rollout}\n",
    )
    plan = cli("plan", config)
    assert "- phase/Delivery/Kickoff" in plan.out
    assert "- board/Internal\n      # its phases are deleted with it: Backlog, Doing" in plan.out
    assert "Blocked" not in plan.out  # the plan moves and deletes the projects first
    converge(cli, config)
    assert company.boards() == {"Delivery": ["Rollout", "Done"]}
    assert company.projects() == {"ACME onboarding": ("Delivery", "Rollout")}


def test_a_project_on_a_board_that_exists_nowhere_is_an_error(company, cli, tmp_path):  # noqa: F811
    config = write(
        tmp_path,
        "boards:\n  - {name: Delivery}\nprojects:\n  - {title: New, board: Ops, phase: Todo}\n",
    )
    result = cli("plan", config)
    assert result.code == 1
    assert "board 'Ops' does not exist (there are: 'Delivery', 'Internal')" in result.err
    assert "Traceback" not in result.err


def test_export_then_plan_is_empty_and_update_follows_pipedrive(company, cli, tmp_path):  # noqa: F811
    converge(cli, CONFIG)
    out = tmp_path / "exported"
    exported = cli("export", "--out", str(out), "--kind", "boards", "--kind", "projects")
    assert exported.code == 0, exported.err
    assert (out / "boards.yaml").read_text().count("- name:") == 3
    assert cli("plan", str(out), "--detailed-exitcode").code == 0
    # Someone renames and moves a phase and adds a board in Pipedrive.
    company.call("PATCH", f"/phases/{company.phase_id('Internal', 'Doing')}",
                 json={"name": "In progress", "order_nr": 1})  # fmt: skip
    company.call("POST", "/boards", json={"name": "Hiring"})
    updated = cli("export", "--update", "--out", str(out))
    assert updated.code == 0, updated.err
    text = (out / "boards.yaml").read_text()
    assert "- In progress\n      - Backlog" in text and "name: Hiring" in text
    assert cli("plan", str(out), "--detailed-exitcode").code == 0


def test_drift_names_a_phase_changed_in_pipedrive(company, cli):  # noqa: F811
    converge(cli, CONFIG)
    phase = company.phase_id("Sales ops", "Closing")
    company.call("PATCH", f"/phases/{phase}", json={"name": "Closed"})
    drift = cli("drift", CONFIG)
    assert drift.code == 2
    assert "phase/Sales ops/Closing" in drift.out and "phase/Sales ops/Closed" in drift.out
