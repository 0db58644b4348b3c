"""The GitLab CI example: its three jobs, and every command in it one the CLI accepts.

zizmor audits GitHub workflows only; here the same rules are checked by hand: the token
reaches only the tool, one apply at a time, the scripts are valid bash and valid Python.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from reconciler.render.markdown import DRIFT_MARKER, MARKER
from tests.gitops.workflows import GITLAB, ROOT, commands, heredocs, load_file, parse_command

PIPELINE = load_file(GITLAB)
JOBS = ("pipedrive-plan", "pipedrive-apply", "pipedrive-drift")


def _scripts(name: str) -> list[str]:
    job = PIPELINE[name]
    own = [*job.get("before_script", []), *job["script"], *job.get("after_script", [])]
    template = PIPELINE[job["extends"]] if "extends" in job else {}
    return [*template.get("before_script", []), *own]


def _commands(name: str) -> list[list[str]]:
    return [words for script in _scripts(name) for words in commands(script)]


def test_three_jobs_share_one_install_of_the_reviewed_release():
    assert [name for name in PIPELINE if not name.startswith(".") and "script" in PIPELINE[name]
            ] == list(JOBS)  # fmt: skip
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert PIPELINE["variables"]["RECONCILER_VERSION"] == version
    install = "\n".join(PIPELINE[".reconciler"]["before_script"])
    assert 'pipedrive-reconciler==$RECONCILER_VERSION"' in install
    assert all(PIPELINE[name]["extends"] == ".reconciler" for name in JOBS)


def test_plan_runs_on_merge_requests_and_keeps_one_note():
    job = PIPELINE["pipedrive-plan"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    words = _commands("pipedrive-plan")
    assert [w[0] for w in words] == ["--version", "validate", "plan"]
    plan = words[2]
    assert plan[plan.index("--format") + 1] == "markdown"
    assert plan[plan.index("--out") + 1] == "plan.json" and "--detailed-exitcode" in plan
    assert PIPELINE["variables"]["PLAN_MARKER"] == MARKER
    (python,) = heredocs(_scripts("pipedrive-plan")[-1])
    assert 'startswith(os.environ["PLAN_MARKER"])' in python
    assert 'call("PUT", f"{notes}/{mine[\'id\']}"' in python and 'call("POST", notes' in python
    assert "X-Next-Page" in python, "every page of notes is searched"
    assert job["artifacts"]["paths"] == ["plan.json", "plan.md"]


def test_apply_runs_on_the_default_branch_one_at_a_time_with_the_reviewed_plan():
    job = PIPELINE["pipedrive-apply"]
    assert job["resource_group"] and job["interruptible"] is False
    assert all("$CI_DEFAULT_BRANCH" in rule["if"] for rule in job["rules"])
    applies = [w for w in _commands("pipedrive-apply") if w[0] == "apply"]
    reviewed = next(w for w in applies if "--plan" in w)
    assert reviewed[reviewed.index("--plan") + 1] == "reviewed/plan.json"
    assert "--report" in reviewed and "--auto-approve" not in reviewed
    assert any("--auto-approve" in w for w in applies)
    assert '"$code" -eq 4' in _scripts("pipedrive-apply")[-1], "a stale plan says so"
    (python,) = heredocs(_scripts("pipedrive-apply")[-2])
    assert 'j["name"] == "pipedrive-plan"' in python and "artifacts/plan.json" in python
    assert job["artifacts"] == {
        "when": "always",
        "paths": ["apply-report.json"],
        "expire_in": "90 days",
    }


def test_drift_runs_on_a_schedule_and_keeps_one_issue():
    job = PIPELINE["pipedrive-drift"]
    assert job["rules"] == [
        {"if": '$CI_PIPELINE_SOURCE == "schedule" && $PIPEDRIVE_DRIFT == "true"'}
    ]
    drift = next(w for w in _commands("pipedrive-drift") if w[0] == "drift")
    assert drift[drift.index("--format") + 1] == "markdown"
    assert PIPELINE["variables"]["DRIFT_MARKER"] == DRIFT_MARKER
    (python,) = heredocs(_scripts("pipedrive-drift")[-1])
    for call in (
        'call("POST", "/issues"',
        "f\"/issues/{issues[0]['iid']}\"",
        '"state_event": "close"',
    ):
        assert call in python


def test_the_token_reaches_only_the_tool():
    for name in (".reconciler", *JOBS):
        for script in PIPELINE[name].get("script", []) + PIPELINE[name].get("before_script", []):
            assert "PIPEDRIVE_API_TOKEN" not in script, f"{name} names the token"
    assert "PIPEDRIVE_API_TOKEN" not in PIPELINE["variables"], "a masked CI/CD variable, not YAML"


@pytest.mark.parametrize("name", JOBS)
def test_scripts_are_valid_bash_and_their_python_compiles(name):
    for script in _scripts(name):
        checked = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        for body in heredocs(script):
            compile(body, f"{name} here-document", "exec")


def _all_commands() -> list[tuple[str, list[str]]]:
    # `--version` is the group's own option, checked on the installed wheel.
    return [
        (f"{name}: {' '.join(w)}", w)
        for name in JOBS
        for w in _commands(name)
        if w != ["--version"]
    ]


@pytest.mark.parametrize(("label", "args"), _all_commands(), ids=[c[0] for c in _all_commands()])
def test_every_command_is_one_the_cli_accepts(label, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for word in args:
        if re.fullmatch(r"[\w./-]+\.(json|md)", word):
            Path(word).parent.mkdir(parents=True, exist_ok=True)
            Path(word).touch()
    with parse_command(args) as ctx:
        assert ctx.command.name == args[0], label
