"""Every path a user can mistype, on every command: a clear error and a documented exit code,
never "Internal error", and no request sent when the path can be checked first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest

from reconciler.cli.app import _register, cli
from tests.e2e.conftest import EXAMPLES

CONFIG = str(EXAMPLES / "company")


@dataclass(frozen=True)
class Case:
    command: str
    param: str  # the click parameter the case mistypes
    args: tuple[str, ...]
    code: int
    says: str  # expected in stderr
    reads: bool = False  # whether requests may be sent before the failure
    reported: str = "err"  # where it is said: stderr, or stdout for doctor's report


# {file}: a regular file; {binary}: a file that is not UTF-8; {missing}: nothing there;
# {port}: a port the test sandbox already listens on.
CASES = [
    Case("validate", "paths", ("{missing}",), 1, "no such file or directory"),
    Case("validate", "paths", ("{binary}",), 1, "not UTF-8"),
    Case("plan", "paths", ("{missing}",), 1, "no such file or directory"),
    Case("plan", "out", (CONFIG, "--out", "{missing}/plan.json"), 64, "does not exist"),
    Case("plan", "out", (CONFIG, "--out", "{file}/plan.json"), 64, "is not a directory"),
    Case("plan", "out", (CONFIG, "--out", "{dir}"), 64, "is a directory"),
    Case("plan", "api_token_file", (CONFIG, "--api-token-file", "{missing}"), 64, "does not"),
    Case("plan", "api_token_file", (CONFIG, "--api-token-file", "{binary}"), 64, "not UTF-8"),
    Case("apply", "paths", ("{missing}", "--auto-approve"), 1, "no such file or directory"),
    Case("apply", "plan_file", (CONFIG, "--plan", "{missing}"), 64, "does not exist"),
    Case("apply", "plan_file", (CONFIG, "--plan", "{binary}"), 4, "not a readable plan file"),
    Case("apply", "report_path", (CONFIG, "--report", "{missing}/r.json"), 64, "does not exist"),
    Case("apply", "api_token_file", (CONFIG, "--api-token-file", "{dir}"), 64, "is a directory"),
    Case("drift", "paths", ("{file}",), 1, "top level must be a mapping"),
    Case("drift", "api_token_file", (CONFIG, "--api-token-file", "{binary}"), 64, "UTF-8"),
    Case("export", "out", ("--out", "{file}/sub"), 64, "is a file, not a directory"),
    Case("export", "out", ("--update", "--out", "{missing}"), 64, "existing config directory"),
    Case("export", "out", ("--update", "--out", "{empty}"), 64, "found no config"),
    Case("export", "api_token_file", ("--api-token-file", "{missing}"), 64, "does not exist"),
    Case("show", "plan_file", ("{missing}",), 64, "does not exist"),
    Case("show", "plan_file", ("{file}",), 4, "plan"),
    Case("diff-envs", "config_path", ("a", "b", "--config", "{missing}"), 64, "does not exist"),
    Case("diff-envs", "config_path", ("a", "b", "--config", "{empty}"), 64, "No environment"),
    Case("plan", "oauth_token_file", (CONFIG, "--oauth-token-file", "{missing}"), 64, "does not"),
    Case("apply", "oauth_token_file", (CONFIG, "--oauth-token-file", "{binary}"), 64, "UTF-8"),
    Case("drift", "oauth_token_file", (CONFIG, "--oauth-token-file", "{dir}"), 64, "directory"),
    Case("export", "oauth_token_file", ("--oauth-token-file", "{missing}"), 64, "does not"),
    Case("doctor", "oauth_token_file", ("--oauth-token-file", "{missing}"), 64, "does not"),
    Case("doctor", "api_token_file", ("--api-token-file", "{binary}"), 64, "not UTF-8"),
    Case("doctor", "paths", ("{missing}",), 1, "no such file", reads=True, reported="out"),
    Case("sandbox", "seed", ("--seed", "{missing}"), 64, "does not exist"),
    Case("sandbox", "seed", ("--seed", "{binary}"), 1, "not UTF-8"),
    Case("sandbox", "seed", ("--seed", "{file}"), 1, "a seed must be a mapping"),
    Case("sandbox", "port", ("--port", "{port}"), 1, "the port is in use"),
    Case("sandbox", "host", ("--host", "nohost.invalid", "--port", "0"), 1, "host name not found"),
]


@pytest.fixture
def places(tmp_path: Path, server: str) -> dict[str, str]:
    (tmp_path / "file.txt").write_text("just text\n", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\xc6\xff\x00binary")
    (tmp_path / "empty").mkdir()
    return {
        "file": str(tmp_path / "file.txt"),
        "binary": str(tmp_path / "binary.yaml"),
        "missing": str(tmp_path / "nowhere"),
        "dir": str(tmp_path),
        "empty": str(tmp_path / "empty"),
        "port": str(urlsplit(server).port),
    }


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.command}-{c.param}-{c.args[-1]}")
def test_a_mistyped_path_is_a_clear_error(sandbox, cli, places, monkeypatch, tmp_path, case):
    monkeypatch.chdir(tmp_path / "empty")  # so no command finds a config by accident
    args = [arg.format(**places) for arg in case.args]
    result = cli(case.command, *args)
    assert result.code == case.code, result.err
    assert case.says in (result.out if case.reported == "out" else result.err)
    assert "Internal error" not in result.err and "Traceback" not in result.err
    if not case.reads:
        assert sandbox.stats()["requests"] == 0, "a request was sent before the path was checked"


def test_every_path_parameter_of_every_command_has_a_case():
    _register()
    covered = {(case.command, case.param) for case in CASES}
    for name, command in cli.commands.items():
        for param in command.params:
            if isinstance(param.type, click.Path) or param.name in ("port", "host"):
                assert (name, param.name) in covered, f"{name} {param.opts}: no mistyped case"


def test_plan_out_into_a_missing_directory_spends_no_tokens(sandbox, cli, tmp_path):
    result = cli("plan", CONFIG, "--out", str(tmp_path / "nodir" / "plan.json"))
    assert result.code == 64
    assert "cannot write" in result.err and "nodir" in result.err
    assert sandbox.stats()["tokens"] == 0
