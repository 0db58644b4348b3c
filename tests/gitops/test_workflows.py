"""The GitHub workflows users copy and the project's own: structure, hardening, commands."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import click
import pytest

from reconciler.render.markdown import DRIFT_MARKER, MARKER
from tests.gitops.workflows import (
    ACTION,
    OWN_ACTION,
    ROOT,
    WORKFLOWS,
    action_command_lines,
    action_step_command,
    commands,
    load,
    load_file,
    parse_command,
    steps,
    uses_lines,
)

NAMES = ("plan.yml", "apply.yml", "drift.yml")
OWN_WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
EVERY_FILE = [*(WORKFLOWS / n for n in NAMES), *OWN_WORKFLOWS, ACTION]
SHA = re.compile(r"[0-9a-f]{40}")


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _all_steps(path: Path) -> list[dict]:
    document = load_file(path)
    if path == ACTION:
        return document["runs"]["steps"]
    return list(steps(document))


def test_every_example_is_listed():
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)
    assert {"ci.yml", "release.yml"} <= {p.name for p in OWN_WORKFLOWS}


@pytest.mark.parametrize("path", EVERY_FILE[:-1], ids=_label)
def test_nothing_is_granted_by_default_and_each_job_asks_for_little(path):
    workflow = load_file(path)
    assert workflow["permissions"] == {}, "the workflow itself grants nothing"
    for name, job in workflow["jobs"].items():
        permissions = job["permissions"]
        assert isinstance(permissions, dict), f"{name}: no blanket read-all/write-all"
        assert set(permissions.values()) <= {"read", "write", "none"}
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes <= {"pull-requests", "issues", "id-token"}, f"{name}: {writes}"


def test_the_examples_write_only_what_their_job_is_for():
    writes = {
        name: {s for j in load(name)["jobs"].values() for s, v in j["permissions"].items()
               if v == "write"}
        for name in NAMES
    }  # fmt: skip
    assert writes == {"plan.yml": {"pull-requests"}, "apply.yml": set(), "drift.yml": {"issues"}}
    release = load_file(ROOT / ".github" / "workflows" / "release.yml")
    assert release["jobs"]["publish"]["permissions"] == {"id-token": "write"}
    assert release["jobs"]["build"]["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path", EVERY_FILE, ids=_label)
def test_third_party_actions_are_pinned_to_a_commit_with_its_version(path):
    for reference, comment in uses_lines(path):
        if reference.startswith("./"):
            continue  # this repository, at the workflow's own commit
        action, _, ref = reference.partition("@")
        if action == OWN_ACTION:
            assert path.parent == WORKFLOWS and ref == "v1", reference  # README: pin it
            continue
        assert SHA.fullmatch(ref), f"{reference} is not pinned to a full commit SHA"
        assert comment and re.fullmatch(r"v\d+\.\d+\.\d+", comment), f"{reference}: # vX.Y.Z"


def test_each_action_is_pinned_to_one_commit_everywhere():
    pins: dict[str, set[tuple[str, str | None]]] = {}
    for path in EVERY_FILE:
        for reference, comment in uses_lines(path):
            action, _, ref = reference.partition("@")
            if SHA.fullmatch(ref):
                pins.setdefault(action, set()).add((ref, comment))
    assert {"actions/checkout", "actions/setup-python", "actions/upload-artifact"} <= set(pins)
    assert {action: len(found) for action, found in pins.items() if len(found) > 1} == {}


@pytest.mark.parametrize("path", EVERY_FILE, ids=_label)
def test_checkouts_keep_no_credentials_and_runs_expand_no_expressions(path):
    for step in _all_steps(path):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), f"{step.get('name')}: pass it through env:"


@pytest.mark.parametrize("path", EVERY_FILE, ids=_label)
def test_every_run_step_is_valid_bash(path):
    for step in _all_steps(path):
        if "run" in step:
            checked = subprocess.run(
                ["bash", "-n"], input=step["run"], capture_output=True, text=True
            )
            assert checked.returncode == 0, f"{step.get('name')}: {checked.stderr}"


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
                assert step["uses"].startswith(f"{OWN_ACTION}@"), "only the tool gets it"
    uses_token = [s for s in steps(workflow) if "PIPEDRIVE_API_TOKEN" in (s.get("env") or {})]
    assert uses_token, "the job never passes the token to the tool"


def _own_steps(workflow: dict) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").startswith(f"{OWN_ACTION}@")]


def test_plan_runs_on_pull_requests_comments_once_and_uploads_the_plan():
    workflow = load("plan.yml")
    assert "pull_request" in workflow["on"]
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]
    used = [s["with"]["command"] for s in _own_steps(workflow)]
    assert used == ["validate", "plan"]
    plan = next(s for s in _own_steps(workflow) if s["with"]["command"] == "plan")
    line = action_step_command(plan)
    assert line[line.index("--format") + 1] == "markdown" and "--out" in line
    script = next(s for s in steps(workflow) if "github-script" in s.get("uses", ""))
    assert script["env"]["PLAN_MARKDOWN"] == "${{ steps.plan.outputs.plan-markdown }}"
    text = script["with"]["script"]
    assert MARKER in text and "updateComment" in text and "createComment" in text
    assert "always()" in script["if"], "a failed plan is posted too"
    upload = next(s for s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert "steps.plan.outputs.plan-json" in upload["with"]["path"]
    assert "head.sha" in upload["with"]["name"]


def test_apply_runs_on_main_in_one_queue_with_the_reviewed_plan():
    workflow = load("apply.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert "${{" not in workflow["concurrency"]["group"], "one group for every apply"
    applies = {s["id"]: action_step_command(s) for s in _own_steps(workflow)}
    reviewed = applies["reviewed-apply"]
    assert reviewed[reviewed.index("--plan") + 1] == "reviewed/plan.json"
    assert "--report" in reviewed and "--auto-approve" not in reviewed
    assert "--auto-approve" in applies["replanned-apply"]
    stale = next(s for s in steps(workflow) if s.get("name") == "Explain a stale plan")
    assert "steps.reviewed-apply.outputs.exitcode == '4'" in stale["if"]
    upload = next(s for s in steps(workflow) if "upload-artifact" in s.get("uses", ""))
    assert upload["if"] == "always()" and "report-json" in upload["with"]["path"]


def test_drift_runs_nightly_and_keeps_one_issue():
    workflow = load("drift.yml")
    assert workflow["on"]["schedule"][0]["cron"]
    (drift,) = _own_steps(workflow)
    line = action_step_command(drift)
    assert line[0] == "drift" and line[line.index("--format") + 1] == "markdown"
    script = next(s for s in steps(workflow) if "github-script" in s.get("uses", ""))
    assert "if" not in script, "a failed drift check fails the run and leaves the issue alone"
    text = script["with"]["script"]
    assert DRIFT_MARKER in text
    for call in ("issues.create(", "issues.update(", "state: 'closed'"):
        assert call in text


def test_ci_tests_every_python_the_package_supports_and_runs_the_built_wheel():
    ci = load_file(ROOT / ".github" / "workflows" / "ci.yml")
    assert ci["jobs"]["test"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert any(s.get("run") == "make test" for s in ci["jobs"]["test"]["steps"])
    package = "\n".join(s.get("run", "") for s in ci["jobs"]["package"]["steps"])
    for needed in ("python -m build", "twine check --strict", "pip install dist/*.whl",
                   "examples/demo.py", "--program"):  # fmt: skip
        assert needed in package
    action = [s for s in ci["jobs"]["action"]["steps"] if s.get("uses") == "./"]
    assert [s["with"]["command"] for s in action] == ["plan", "apply", "plan", "drift"]


def test_release_builds_on_a_version_tag_and_publishes_without_a_stored_token():
    release = load_file(ROOT / ".github" / "workflows" / "release.yml")
    assert release["on"] == {"push": {"tags": ["v[0-9]+.[0-9]+.[0-9]+"]}}
    publish = release["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["environment"]["name"] == "pypi"
    (step,) = [s for s in publish["steps"] if "gh-action-pypi-publish" in s.get("uses", "")]
    assert "with" not in step, "trusted publishing: no password, no token"
    assert "secrets." not in (ROOT / ".github" / "workflows" / "release.yml").read_text()


def _all_commands() -> list[tuple[str, list[str]]]:
    found = []
    for path in EVERY_FILE:
        for step in _all_steps(path):
            if "run" in step:
                found += [(f"{_label(path)}: {' '.join(a)}", a) for a in commands(step["run"])]
            if step.get("uses", "").startswith((f"{OWN_ACTION}@", "./")):
                args = action_step_command(step)
                found.append((f"{_label(path)}: {' '.join(args)}", args))
    return found


@pytest.mark.parametrize(("label", "args"), _all_commands(), ids=[c[0] for c in _all_commands()])
def test_every_command_is_one_the_cli_accepts(label, args, tmp_path, monkeypatch):
    # Files the workflow reads exist by then; give them to options that check existence.
    monkeypatch.chdir(tmp_path)
    for word in args:
        if re.fullmatch(r"[\w./-]+\.(json|md)", word) or word == "PLACEHOLDER":
            Path(word).parent.mkdir(parents=True, exist_ok=True)
            Path(word).touch()
    with parse_command(args) as ctx:
        assert ctx.command.name == args[0], label


def test_the_action_runs_each_of_its_commands():
    assert set(action_command_lines()) == {"plan", "apply", "drift", "validate"}


def test_the_command_parser_rejects_what_the_cli_would():
    with pytest.raises(click.UsageError):
        parse_command(["plan", "--fromat", "x"])


def test_commands_are_found_through_continuations_redirections_and_expressions():
    script = (
        "set +e\n"
        'pipedrive-reconciler plan "$CONFIG_DIR" --format markdown --out plan.json \\\n'
        "  --detailed-exitcode > plan.md 2> plan.log\n"
        "X=1 pipedrive-reconciler apply config --plan ${{ steps.a.outputs.b }} && echo done\n"
        "echo pipedrive-reconciler  # not a command of the tool\n"
        "python3 - <<'PYTHON'\n"
        "pipedrive-reconciler = 'a heredoc is not shell'\n"
        "PYTHON\n"
        "pipedrive-reconciler validate config 2>&1 > out.md | tee log >&2\n"
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
        ["validate", "config"],
    ]
