"""The built package: what it carries, and every command run from a bare venv, anywhere."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import reconciler
from reconciler.cli.app import _register, cli
from tests.distribution.conftest import ROOT, TOKEN, clean_env, run

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_the_wheel_carries_the_code_its_data_and_the_license(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"pipedrive_reconciler-{VERSION}.dist-info/METADATA").decode()
    assert {
        "reconciler/sandbox/demo-seed.yaml",
        "reconciler/api/token_costs.json",
        f"pipedrive_reconciler-{VERSION}.dist-info/licenses/LICENSE",
    } <= names
    assert not any(name.startswith(("tests/", "examples/")) for name in names)
    assert f"Version: {VERSION}\n" in metadata
    assert "License-Expression: MIT\n" in metadata
    assert "Requires-Python: >=3.11\n" in metadata


def test_the_sdist_carries_license_readme_and_changelog(dist_dir):
    (sdist,) = dist_dir.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[-1] for name in archive.getnames()}
    assert {"LICENSE", "README.md", "CHANGELOG.md", "reconciler/sandbox/demo-seed.yaml"} <= names


def test_one_version_everywhere(installed, tmp_path):
    assert reconciler.__version__ == VERSION
    shown = run(installed / "pipedrive-reconciler", "--version", cwd=tmp_path)
    assert shown.stdout.strip() == f"pipedrive-reconciler, version {VERSION}"
    module = run(installed / "python", "-m", "reconciler", "--version", cwd=tmp_path)
    assert module.stdout.strip().endswith(f"version {VERSION}"), module.stderr
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog or f"## [{VERSION}] - " in changelog


def test_every_command_answers_help_from_the_wheel(installed, tmp_path):
    _register()
    assert {"plan", "apply", "drift", "validate", "sandbox", "export", "show"} <= set(cli.commands)
    for name in cli.commands:
        shown = run(installed / "pipedrive-reconciler", name, "--help", cwd=tmp_path)
        assert shown.returncode == 0 and "Usage: pipedrive-reconciler" in shown.stdout, name


@pytest.mark.parametrize(
    ("shell", "expected"),
    [
        ("bash", "complete -o nosort -F _pipedrive_reconciler_completion pipedrive-reconciler"),
        ("zsh", "#compdef pipedrive-reconciler"),
        ("fish", "complete --no-files --command pipedrive-reconciler"),
    ],
)
def test_shell_completion_as_the_readme_says(installed, tmp_path, shell, expected):
    env = clean_env(_PIPEDRIVE_RECONCILER_COMPLETE=f"{shell}_source")
    script = run(installed / "pipedrive-reconciler", cwd=tmp_path, env=env)
    assert script.returncode == 0 and expected in script.stdout
    assert f"_PIPEDRIVE_RECONCILER_COMPLETE={shell}_source" in (ROOT / "README.md").read_text()


def test_bash_completion_completes_commands_and_options(installed, tmp_path):
    def complete(words: str, index: int) -> list[str]:
        env = clean_env(
            _PIPEDRIVE_RECONCILER_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=str(index)
        )
        done = run(installed / "pipedrive-reconciler", cwd=tmp_path, env=env)
        return done.stdout.split()

    assert "plain,plan" in complete("pipedrive-reconciler pl", 1)
    assert "plain,--detailed-exitcode" in complete("pipedrive-reconciler plan --det", 2)


def test_the_demo_runs_from_the_wheel_in_any_directory(installed, tmp_path):
    config = tmp_path / "company"
    shutil.copytree(ROOT / "examples" / "company", config)
    demo = run(
        installed / "python",
        ROOT / "examples" / "demo.py",
        "--program",
        installed / "pipedrive-reconciler",
        "--config",
        config,
        cwd=tmp_path,
    )
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "$ pipedrive-reconciler plan company --detailed-exitcode" in demo.stdout
    assert "Apply complete!" in demo.stdout
    assert demo.stdout.rstrip().endswith("Sandbox stopped.")
    assert "No changes. Pipedrive matches the configuration." in demo.stdout


@pytest.fixture
def wheel_sandbox(installed: Path, tmp_path: Path) -> Iterator[str]:
    """`sandbox --demo` from the wheel, started in an empty directory like a user would."""
    process = subprocess.Popen(
        [installed / "pipedrive-reconciler", "sandbox", "--demo", "--port", "0",
         "--token", TOKEN],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline().split()
        assert line[:2] == ["Sandbox", "serving"], line
        yield line[2]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert "Seeded with the demo company" in process.stderr.read()


def test_every_command_runs_from_the_wheel_against_the_demo_sandbox(
    installed, wheel_sandbox, tmp_path
):
    env = clean_env(PIPEDRIVE_BASE_URL=wheel_sandbox, PIPEDRIVE_API_TOKEN=TOKEN)
    shutil.copytree(ROOT / "examples" / "company", tmp_path / "company")

    def cli_run(*args: str) -> subprocess.CompletedProcess[str]:
        done = run(installed / "pipedrive-reconciler", *args, cwd=tmp_path, env=env)
        assert TOKEN not in done.stdout + done.stderr
        return done

    assert cli_run("export", "--out", "exported").returncode == 0
    assert "name: Sales Director" in (tmp_path / "exported" / "roles.yaml").read_text()
    assert cli_run("validate", "exported").returncode == 0
    assert cli_run("drift", "exported").returncode == 0  # the export is the company
    planned = cli_run("plan", "company", "--out", "plan.json", "--detailed-exitcode")
    assert planned.returncode == 2, planned.stderr
    assert json.loads((tmp_path / "plan.json").read_text())["format_version"] == 1
    assert TOKEN not in (tmp_path / "plan.json").read_text()
    assert "Plan:" in cli_run("show", "plan.json").stdout
    applied = cli_run("apply", "company", "--plan", "plan.json", "--report", "report.json")
    assert applied.returncode == 0, applied.stderr
    assert TOKEN not in (tmp_path / "report.json").read_text()
    assert cli_run("drift", "company").returncode == 0
    assert json.loads(cli_run("schema").stdout)["type"] == "object"
    for name in ("staging", "production"):
        environment = tmp_path / "company" / "environments" / f"{name}.yaml"
        environment.parent.mkdir(exist_ok=True)
        environment.write_text(f"connection: {{base_url: {wheel_sandbox}}}\n")
    same = cli_run("diff-envs", "staging", "production", "--config", "company")
    assert same.returncode == 0, same.stdout + same.stderr


def test_sandbox_takes_the_demo_or_a_seed_not_both(tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("roles: []\n")
    both = run(sys.executable, "-m", "reconciler", "sandbox", "--demo", "--seed", seed, cwd=ROOT)
    assert both.returncode == 64
    assert "--demo and --seed both name the company to start with" in both.stderr
