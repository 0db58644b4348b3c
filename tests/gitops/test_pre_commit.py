"""The pre-commit hook this repository offers."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]


def _hook() -> dict:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "pipedrive-reconciler-validate"]
    return hook


def test_the_hook_is_declared_as_pre_commit_expects():
    hook = _hook()
    assert hook["language"] == "python"
    assert shlex.split(hook["entry"]) == ["pipedrive-reconciler", "validate"]
    # validate merges a whole directory, so it gets the directory, not the changed files.
    assert hook["pass_filenames"] is False
    assert hook["files"] == r"\.ya?ml$"


def _run_entry(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    hook = _hook()
    program, *rest = shlex.split(hook["entry"])
    executable = Path(sys.executable).with_name(program)
    if not executable.exists():
        pytest.skip(f"{program} is not installed next to {sys.executable}")
    return subprocess.run(
        [str(executable), *rest, *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_the_hook_entry_validates_a_config(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    for source in (ROOT / "examples" / "company").glob("*.yaml"):
        (config / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    ok = _run_entry(*_hook()["args"], cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "Configuration is valid" in ok.stdout

    (config / "roles.yaml").write_text("roles:\n  - name: A\n    parnet: B\n", encoding="utf-8")
    bad = _run_entry(*_hook()["args"], cwd=tmp_path)
    assert bad.returncode == 1
    assert "config/roles.yaml:3:5: roles[0]: unknown key 'parnet'" in bad.stderr
