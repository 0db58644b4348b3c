"""A saved plan is an approval, not a list of instructions: the attack played through the CLI.

In GitOps the plan file is built by a pull request's run, which its author controls, and
applied on merge with an admin token. Each test edits a real saved plan the way an attacker
would (recomputing the content digest, which is no secret) and asserts that apply refuses
with exit 4 and that the sandbox saw no write at all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reconciler.render.json import document_digest
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN
from tests.safety.conftest import COMPANY, SEED

Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def saved(sandbox, cli, tmp_path: Path) -> Path:
    plan_file = tmp_path / "plan.json"
    made = cli("plan", str(COMPANY), "--out", str(plan_file))
    assert made.code == 0, made.err
    return plan_file


def tamper(plan_file: Path, edit: Edit, *, redigest: bool = True) -> None:
    document = json.loads(plan_file.read_text())
    edit(document)
    if redigest:
        document["summary"] = _summary(document["changes"])
        document["plan_digest"] = document_digest(document)
    plan_file.write_text(json.dumps(document, indent=2))


def _summary(changes: list[dict[str, Any]]) -> dict[str, int]:
    counts = {"create": 0, "update": 0, "delete": 0}
    for change in changes:
        counts[change["action"]] += 1
    return counts


def _change(document: dict[str, Any], address: str) -> dict[str, Any]:
    return next(c for c in document["changes"] if c["address"] == address)


def raise_a_setting(document: dict[str, Any]) -> None:
    change = _change(document, "role_settings/Sales Manager")
    change["after"]["deal_default_visibility"] = 7
    change["fields"][0]["after"] = 7


def add_a_delete(document: dict[str, Any]) -> None:
    manager = _change(document, "role_settings/Sales Manager")
    document["changes"].append(
        {
            "address": "role/Sales Manager",
            "action": "delete",
            "kind": "role",
            "key": ["Sales Manager"],
            "id": manager["id"],
            "before": {"name": "Sales Manager", "parent": "Sales Director"},
            "after": None,
            "fields": [],
            "notes": [],
            "order": [1, 2, 0, ["role/Sales Manager"]],
            "extra": {"member_user_ids": [], "reparent_role_ids": [], "reparent_to": None},
        }
    )


def drop_a_change(document: dict[str, Any]) -> None:
    document["changes"] = [c for c in document["changes"] if c["address"] != "stage/Sales/Won"]


def change_a_body(document: dict[str, Any]) -> None:
    # The members to add: who lands in a role comes from here at apply time.
    _change(document, "role_members/Account Executive")["extra"]["add_user_ids"] = [1]


def reorder(document: dict[str, Any]) -> None:
    document["changes"].reverse()


def swap_the_company(document: dict[str, Any]) -> None:
    document["company"] = {"id": 4711, "name": "Acme Inc", "domain": "acme"}


def change_the_slice(document: dict[str, Any]) -> None:
    document["partial"] = {"target": ["role"], "exclude": []}


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (raise_a_setting, "update role_settings/Sales Manager: after is"),
        (add_a_delete, "delete role/Sales Manager is in the saved plan, but a fresh plan"),
        (drop_a_change, "update stage/Sales/Won is needed now, but the saved plan does not"),
        (change_a_body, "create role_members/Account Executive: extra is"),
        (reorder, "the saved plan makes the same changes in another order"),
        (swap_the_company, "made for Acme Inc (acme.pipedrive.com, id 4711), but this run"),
        # The fresh plan takes the file's slice, and then differs from the file's changes.
        (change_the_slice, "update pipeline/Renewals is in the saved plan, but a fresh plan"),
    ],
)
def test_an_edited_plan_is_refused_and_nothing_is_written(
    saved: Path, sandbox, cli, edit: Edit, said: str
) -> None:
    tamper(saved, edit)
    refused = cli("apply", str(COMPANY), "--plan", str(saved))
    assert refused.code == 4, refused.err
    assert said in refused.err
    assert "Nothing was written" in refused.err
    assert sandbox.stats()["writes"] == 0


@pytest.mark.parametrize("edit", [raise_a_setting, add_a_delete, drop_a_change])
def test_an_edit_without_a_new_digest_is_reported_as_damage(
    saved: Path, sandbox, cli, edit: Edit
) -> None:
    tamper(saved, edit, redigest=False)
    requests = sandbox.stats()["requests"]
    for command in (["show", str(saved)], ["apply", str(COMPANY), "--plan", str(saved)]):
        refused = cli(*command)
        assert refused.code == 4, refused.err
        assert "does not match its plan_digest" in refused.err
        assert "Pipedrive changed" not in refused.err
    assert sandbox.stats()["requests"] == requests  # refused before reading the company


def test_a_tampered_summary_is_refused(saved: Path, sandbox, cli) -> None:
    document = json.loads(saved.read_text())
    document["summary"]["delete"] = 0
    document["plan_digest"] = document_digest(document)
    saved.write_text(json.dumps(document))
    refused = cli("apply", str(COMPANY), "--plan", str(saved))
    assert refused.code == 4 and "summary does not match its changes" in refused.err
    assert sandbox.stats()["writes"] == 0


def test_the_untouched_plan_applies_and_converges(saved: Path, sandbox, cli) -> None:
    applied = cli("apply", str(COMPANY), "--plan", str(saved))
    assert applied.code == 0, applied.err
    assert cli("plan", str(COMPANY), "--detailed-exitcode").code == 0


@pytest.fixture(scope="module")
def other_company() -> Iterator[str]:
    seed = {**SEED, "company": {"id": 2002, "name": "Staging Ltd", "domain": "staging-ltd"}}
    with serve_in_thread(SandboxOptions(token=TOKEN, seed=seed, burst=1_000_000)) as url:
        yield url


def test_a_plan_for_another_company_names_both(
    saved: Path, sandbox, cli, other_company: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", other_company)
    refused = cli("apply", str(COMPANY), "--plan", str(saved))
    assert refused.code == 4, refused.err
    assert "Sandbox Company (sandbox.pipedrive.com, id 1000001)" in refused.err
    assert "Staging Ltd (staging-ltd.pipedrive.com, id 2002)" in refused.err
    assert sandbox.stats()["writes"] == 0
