"""The GitHub Action (action.yml): its metadata, and its steps run here against a sandbox.

The install step runs for real: with the built wheel findable as if it were on PyPI, and
without it, when it must build the action's own files. The command step then runs the
installed tool against the demo company on loopback, the token in the caller's env only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.distribution.action_runner import (
    EXPRESSION,
    ActionRun,
    StepResult,
    load_action,
    with_defaults,
)
from tests.distribution.conftest import ROOT, TOKEN, clean_env

METADATA = load_action()


def test_it_takes_and_gives_what_design_md_promises():
    assert {"command", "config", "args", "version"} <= set(METADATA["inputs"])
    assert METADATA["inputs"]["command"]["required"] is True
    assert {"exitcode", "plan-json", "plan-markdown"} <= set(METADATA["outputs"])
    assert METADATA["runs"]["using"] == "composite"
    for name, spec in METADATA["outputs"].items():
        assert spec["value"] == f"${{{{ steps.run.outputs.{name} }}}}" and spec["description"]


def test_every_expression_names_a_declared_input_or_an_earlier_step():
    used_inputs = set()
    seen_steps: set[str] = set()
    for step in METADATA["runs"]["steps"]:
        for expression in EXPRESSION.findall(json.dumps(step)):
            kind, name, *_ = expression.split(".")
            if kind == "inputs":
                assert name in METADATA["inputs"], expression
                used_inputs.add(name)
            elif kind == "steps":
                assert name in seen_steps, f"{expression} is not an earlier step"
            else:
                assert expression == "github.action_path", expression
        seen_steps.add(step["id"])
    assert used_inputs == set(METADATA["inputs"]), "every input is used"


def test_the_token_is_not_an_input():
    assert not any("token" in name for name in METADATA["inputs"])


@pytest.fixture(scope="session")
def installed_action(dist_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ActionRun:
    """Setup and install steps, once: the wheel is found as PyPI would serve it."""
    links = f"{os.environ.get('PIP_FIND_LINKS', '')} {dist_dir}".strip()
    run = ActionRun(
        with_defaults(METADATA, {"command": "plan"}),
        clean_env(PIP_FIND_LINKS=links),
        workspace=tmp_path_factory.mktemp("workspace"),
        temp=tmp_path_factory.mktemp("runner-temp"),
    )
    results = run.run("python", "install")
    assert [r.returncode for r in results] == [0, 0], results[-1].stderr[-3000:]
    return run


def _direct_url(bin_dir: str) -> Path | None:
    found = list(Path(bin_dir).parent.glob("lib/python*/site-packages/pipedrive_reconciler-*"))
    assert len(found) == 1, found
    direct = found[0] / "direct_url.json"
    return direct if direct.exists() else None


def test_install_takes_the_release_from_the_index_when_it_is_there(installed_action):
    install = installed_action.steps["install"]
    assert "from PyPI" in install.stdout and "pipedrive-reconciler, version" in install.stdout
    assert _direct_url(install.outputs["bin"]) is None, "resolved from an index, not a path"


def _unpublished_checkout(into: Path) -> Path:
    """The action's files at a ref whose version cannot be on PyPI (a local version)."""
    into.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "CHANGELOG.md"):
        shutil.copy(ROOT / name, into / name)
    shutil.copytree(
        ROOT / "reconciler", into / "reconciler", ignore=shutil.ignore_patterns("__pycache__")
    )
    pyproject = into / "pyproject.toml"
    text = re.sub(
        r'^version = ".*"$',
        'version = "0.0.1+unpublished"',
        pyproject.read_text(),
        count=1,
        flags=re.M,
    )
    pyproject.write_text(text)
    return into


def test_install_builds_the_actions_own_files_when_the_release_is_not_published(tmp_path):
    action = _unpublished_checkout(tmp_path / "action")
    run = ActionRun(
        with_defaults(METADATA, {"command": "plan"}),
        clean_env(),
        workspace=tmp_path,
        temp=tmp_path,
        action_path=action,
    )
    results = run.run("python", "install")
    assert [r.returncode for r in results] == [0, 0], results[-1].stderr[-3000:]
    install = run.steps["install"]
    assert "0.0.1+unpublished is not on PyPI; installing it from the action's own files" in (
        install.stdout
    )
    direct = _direct_url(install.outputs["bin"])
    assert direct is not None and json.loads(direct.read_text())["url"] == action.as_uri()


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("99.0.0", "version 99.0.0 could not be installed from PyPI"),
        ("1.0 --pre", "version '1.0 --pre' is not a release number"),
        ("1\n::add-mask::x", "version '1???add-mask??x' is not a release number"),
    ],
)
def test_install_refuses_a_version_it_cannot_get(tmp_path, version, message):
    inputs = with_defaults(METADATA, {"command": "plan", "version": version})
    run = ActionRun(inputs, clean_env(), tmp_path, tmp_path)
    results = run.run("python", "install")
    assert results[-1].returncode == 1 and message in results[-1].stdout
    assert "bin" not in results[-1].outputs


def _use(installed: ActionRun, tmp_path: Path, env: dict[str, str], **inputs: str):
    """Run the command step as a later use of the action in the same job would."""
    run = ActionRun(
        with_defaults(METADATA, inputs),
        {**installed.env, **env},
        workspace=tmp_path,
        temp=Path(tempfile.mkdtemp(prefix="runner-temp-", dir=tmp_path)),
    )
    run.steps = dict(installed.steps)
    (result,) = run.run("run")
    return result, run.outputs(), run


def _no_token_anywhere(result: StepResult, run: ActionRun) -> None:
    assert TOKEN not in result.stdout + result.stderr
    for path in run.temp.rglob("*"):
        if path.is_file() and "venv" not in path.parts:
            assert TOKEN not in path.read_text(errors="replace"), path


def _commands_stopped_around(stdout: str, shown: str) -> None:
    """Output holding Pipedrive's names is printed with workflow commands switched off."""
    first, _, rest = stdout.partition("\n")
    assert first.startswith("::stop-commands::"), first
    resume = f"::{first.removeprefix('::stop-commands::')}::"
    assert len(resume) == 36 and shown in rest.split(resume)[0]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "company", tmp_path / "config")
    return tmp_path


def test_validate_plan_apply_plan_drift_through_the_action(
    installed_action, demo_sandbox, workspace
):
    env = {"PIPEDRIVE_BASE_URL": demo_sandbox, "PIPEDRIVE_API_TOKEN": TOKEN}

    result, outputs, run = _use(installed_action, workspace, env, command="validate")
    assert result.returncode == 0, result.stderr
    assert outputs == {"exitcode": "0", "plan-json": "", "plan-markdown": "", "report-json": ""}

    result, outputs, run = _use(installed_action, workspace, env, command="drift")
    assert (result.returncode, outputs["exitcode"]) == (0, "2"), result.stderr
    assert Path(outputs["plan-markdown"]).read_text().startswith("<!-- pipedrive-reconciler drift")

    result, outputs, run = _use(installed_action, workspace, env, command="plan")
    assert (result.returncode, outputs["exitcode"]) == (0, "2"), result.stderr
    plan_json, markdown = Path(outputs["plan-json"]), Path(outputs["plan-markdown"])
    assert json.loads(plan_json.read_text())["format_version"] == 1
    assert markdown.read_text().startswith("<!-- pipedrive-reconciler -->\n")
    assert markdown.read_text() in run.summary.read_text(), "the plan is the job's summary"
    _commands_stopped_around(result.stdout, markdown.read_text())
    _no_token_anywhere(result, run)

    saved = workspace / "reviewed.json"
    shutil.copy(plan_json, saved)
    result, outputs, run = _use(
        installed_action, workspace, env, command="apply", args=f"--plan {saved.name}"
    )
    assert (result.returncode, outputs["exitcode"]) == (0, "0"), result.stderr
    report = json.loads(Path(outputs["report-json"]).read_text())
    assert report["changes"] and {c["status"] for c in report["changes"]} == {"applied"}
    assert outputs["plan-json"] == ""
    _no_token_anywhere(result, run)

    for command in ("plan", "drift"):
        result, outputs, run = _use(installed_action, workspace, env, command=command)
        assert (result.returncode, outputs["exitcode"]) == (0, "0"), result.stderr


def test_a_failed_plan_fails_the_step_and_puts_the_reason_where_the_plan_goes(
    installed_action, demo_sandbox, workspace
):
    env = {"PIPEDRIVE_BASE_URL": demo_sandbox, "PIPEDRIVE_API_TOKEN": TOKEN + "-wrong"}
    result, outputs, run = _use(installed_action, workspace, env, command="plan")
    assert result.returncode == 1 and outputs["exitcode"] == "1"
    assert outputs["plan-json"] == ""
    text = Path(outputs["plan-markdown"]).read_text()
    assert text.startswith("<!-- pipedrive-reconciler -->\n## pipedrive-reconciler plan failed")
    assert "did not accept the API token" in text
    assert "::error title=pipedrive-reconciler::plan failed with exit code 1" in result.stdout
    _no_token_anywhere(result, run)  # the wrong token starts with TOKEN


def test_args_are_split_like_a_shell_and_the_actions_own_options_refused(
    installed_action, demo_sandbox, workspace
):
    env = {"PIPEDRIVE_BASE_URL": demo_sandbox, "PIPEDRIVE_API_TOKEN": TOKEN}
    narrowed = "--target 'role/Sales Manager' --exclude \"stage/Sales/Lead In\""
    result, outputs, _ = _use(installed_action, workspace, env, command="plan", args=narrowed)
    assert outputs["exitcode"] == "2", result.stderr
    changes = json.loads(Path(outputs["plan-json"]).read_text())["changes"]
    assert changes and all(c["address"].endswith("/Sales Manager") for c in changes)

    for args in ("--format json", "--out=x.json", "--target 'role/Sales"):
        result, outputs, _ = _use(installed_action, workspace, env, command="plan", args=args)
        assert (result.returncode, outputs["exitcode"]) == (64, "64"), args
        assert "args:" in result.stderr


def test_an_unknown_command_is_refused(installed_action, workspace):
    result, outputs, _ = _use(installed_action, workspace, {}, command="destroy")
    assert (result.returncode, outputs["exitcode"]) == (64, "64")
    assert "command must be plan, apply, drift or validate, not 'destroy'" in result.stdout
    result, _, _ = _use(installed_action, workspace, {}, command="plan\n::warning::x")
    assert "not 'plan???warning??x'" in result.stdout and "\n::warning::" not in result.stdout
