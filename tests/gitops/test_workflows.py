"""The example GitHub workflows users copy: structure, permissions, and commands the CLI takes."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from reconciler.cli.app import _register, cli
from tests.gitops.workflows import WORKFLOWS, commands, load, steps

NAMES = ("plan.yml", "apply.yml", "drift.yml")


def test_every_example_is_listed():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_permissions_are_minimal_and_explicit(name):
    workflow = load(name)
    permissions = workflow["permissions"]
    assert isinstance(permissions, dict), "no blanket read-all/write-all"
    assert set(permissions.values()) <= {"read", "write", "none"}
    writes = {scope for scope, level in permissions.items() if level == "write"}
    assert (
        writes == {"plan.yml": {"pull-requests"}, "apply.yml": set(), "drift.yml": {"issues"}}[name]
    )
    for job in workflow["jobs"].values():
        assert "permissions" not in job or job["permissions"] == permissions


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_by_major_version(name):
    uses = [step["uses"] for step in steps(load(name)) if "uses" in step]
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", action), action


@pytest.mark.parametrize("name", NAMES)
def test_secrets_only_reach_steps_through_env_and_are_never_echoed(name):
    workflow = load(name)
    for step in steps(workflow):
        for key in ("run", "with"):
            text = str(step.get(key, ""))
            assert "secrets." not in text, f"{step.get('name')}: a secret inlined in {key}"
        assert "PIPEDRIVE_API_TOKEN" not in str(step.get("run", ""))
        for variable, value in (step.get("env") or {}).items():
            if "secrets." in str(value):
                assert variable in {"PIPEDRIVE_API_TOKEN", "PIPEDRIVE_BASE_URL"}
    uses_token = [s for s in steps(workflow) if "PIPEDRIVE_API_TOKEN" in (s.get("env") or {})]
    assert uses_token, "the job never passes the token to the tool"


def test_plan_runs_on_pull_requests_comments_once_and_uploads_the_plan():
    workflow = load("plan.yml")
    assert "pull_request" in workflow["on"]
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    runs = [c for s in steps(workflow) if "run" in s for c in commands(s["run"])]
    plan = next(c for c in runs if c[0] == "plan")
    assert plan[plan.index("--format") + 1] == "markdown"
    assert plan[plan.index("--out") + 1] == "plan.json"
    assert any(c[0] == "validate" for c in runs)
    script = next(s for s in steps(workflow) if "github-script" in s.get("uses", ""))
    text = script["with"]["script"]
    assert "<!-- pipedrive-reconciler -->" in text
    assert "updateComment" in text and "createComment" in text
    upload = next(s for s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert "plan.json" in upload["with"]["path"]
    assert "head.sha" in upload["with"]["name"]


def test_apply_runs_on_main_in_one_queue_with_the_reviewed_plan():
    workflow = load("apply.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert "${{" not in workflow["concurrency"]["group"], "one group for every apply"
    runs = [c for s in steps(workflow) if "run" in s for c in commands(s["run"])]
    applies = [c for c in runs if c[0] == "apply"]
    reviewed = next(c for c in applies if "--plan" in c)
    assert "--report" in reviewed and "--auto-approve" not in reviewed
    stale = next(s for s in steps(workflow) if "--plan" in s.get("run", ""))
    assert '"$code" -eq 4' in stale["run"], "a stale plan must fail with its own message"
    upload = next(s for s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert upload["if"] == "always()" and upload["with"]["path"] == "apply-report.json"


def test_drift_runs_nightly_and_keeps_one_issue():
    workflow = load("drift.yml")
    assert workflow["on"]["schedule"][0]["cron"]
    runs = [c for s in steps(workflow) if "run" in s for c in commands(s["run"])]
    drift = next(c for c in runs if c[0] == "drift")
    assert drift[drift.index("--format") + 1] == "markdown"
    script = next(s for s in steps(workflow) if "github-script" in s.get("uses", ""))
    text = script["with"]["script"]
    from reconciler.render.markdown import DRIFT_MARKER

    assert DRIFT_MARKER in text
    for call in ("issues.create(", "issues.update(", "state: 'closed'"):
        assert call in text


def _all_commands() -> list[tuple[str, list[str]]]:
    return [
        (f"{name}: {' '.join(args)}", args)
        for name in NAMES
        for step in steps(load(name))
        if "run" in step
        for args in commands(step["run"])
    ]


@pytest.mark.parametrize(("label", "args"), _all_commands(), ids=[c[0] for c in _all_commands()])
def test_every_command_is_one_the_cli_accepts(label, args, tmp_path, monkeypatch):
    _register()
    # Files the workflow reads exist by then; give them to options that check existence.
    monkeypatch.chdir(tmp_path)
    for word in args:
        if re.fullmatch(r"[\w./-]+\.(json|md)", word):
            Path(word).parent.mkdir(parents=True, exist_ok=True)
            Path(word).touch()
    if args[0] == "drift" and "drift" not in cli.commands:
        pytest.skip("the drift command is not registered yet")
    with _parse(args) as ctx:
        assert ctx.command.name == args[0], label


def _parse(args: list[str]) -> click.Context:
    """Parse like `main(args)` would, up to (not including) running the command."""
    group = cli.make_context("pipedrive-reconciler", list(args), resilient_parsing=True)
    command = cli.get_command(group, args[0])
    assert command is not None, f"no command {args[0]!r}"
    return command.make_context(args[0], list(args[1:]), parent=group)


def test_the_command_parser_rejects_what_the_cli_would():
    _register()
    with pytest.raises(click.UsageError):
        _parse(["plan", "--fromat", "x"])


def test_commands_are_found_through_continuations_redirections_and_expressions():
    script = (
        "set +e\n"
        'pipedrive-reconciler plan "$CONFIG_DIR" --format markdown --out plan.json \\\n'
        "  --detailed-exitcode > plan.md 2> plan.log\n"
        "X=1 pipedrive-reconciler apply config --plan ${{ steps.a.outputs.b }} && echo done\n"
        "echo pipedrive-reconciler  # not a command of the tool\n"
    )
    assert commands(script) == [
        [
            "plan",
            "$CONFIG_DIR",
            "--format",
            "markdown",
            "--out",
            "plan.json",
            "--detailed-exitcode",
        ],
        ["apply", "config", "--plan", "PLACEHOLDER"],
    ]
