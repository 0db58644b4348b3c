"""A tool that talks while it works: -v request logs (text or JSON) and a live reading line
on a terminal, all on stderr; nothing extra when piped; colour as the user asks."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys

import pytest

from tests.e2e.conftest import EXAMPLES, ROOT, TOKEN

CONFIG = str(EXAMPLES / "company")
ANSI = "\x1b["


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_logs_one_line_per_request_before_or_after_the_command(sandbox, cli, where):
    before = sandbox.stats()["requests"]
    args = ["-v", "plan", CONFIG] if where == "before" else ["plan", CONFIG, "--verbose"]
    result = cli(*args)
    assert result.code == 0, result.err
    sent = sandbox.stats()["requests"] - before
    lines = [line for line in result.err.splitlines() if line.startswith(("GET ", "POST "))]
    assert len(lines) == sent
    assert any(line.startswith("GET /api/v1/users/me 200 ") for line in lines)
    assert all(line.endswith(" tokens") and " ms " in line for line in lines)
    assert "Pipedrive company:" in result.out and "GET /api" not in result.out


def test_json_logs_are_one_object_per_request(sandbox, cli):
    before = sandbox.stats()
    result = cli("--log-format", "json", "drift", CONFIG, "-v")
    assert result.code == 2, result.err
    records = [json.loads(line) for line in result.err.splitlines() if line.startswith("{")]
    after = sandbox.stats()
    assert len(records) == after["requests"] - before["requests"]
    assert sum(r["tokens"] for r in records) == after["tokens"] - before["tokens"]
    for record in records:
        assert {"time", "level", "method", "path", "status", "ms", "tokens"} <= set(record)
        assert record["path"].startswith("/api/v") and record["status"] == 200


def test_piped_output_gets_nothing_extra(sandbox, cli):
    result = cli("plan", CONFIG)
    assert result.code == 0
    assert "Reading Pipedrive" not in result.err
    assert "GET /api" not in result.err
    assert ANSI not in result.out + result.err


def _run_with_stderr_on_a_terminal(*args: str, **env: str) -> tuple[int, str, str]:
    """The CLI in a child process whose stderr is a pseudo-terminal; stdout stays a pipe."""
    master, slave = pty.openpty()
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    environ.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "reconciler", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=environ,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode() if proc.stdout else ""
    code = proc.wait(timeout=60)
    os.close(master)
    return code, out, b"".join(chunks).decode(errors="replace")


@pytest.mark.parametrize("command", ["plan", "export"])
def test_a_terminal_shows_what_is_being_read(sandbox, command):
    args = (command, CONFIG) if command == "plan" else (command,)
    code, out, err = _run_with_stderr_on_a_terminal(
        *args, PIPEDRIVE_BASE_URL=sandbox.url, PIPEDRIVE_API_TOKEN=TOKEN, TERM="xterm"
    )
    assert code == 0, err
    assert "Reading Pipedrive" in err
    assert " requests, " in err and " tokens" in err
    assert TOKEN not in err and TOKEN not in out
    assert "Reading Pipedrive" not in out


@pytest.mark.parametrize("setting", [{"TERM": "dumb"}, {"TERM": "xterm", "-v": "1"}])
def test_no_live_line_on_a_dumb_terminal_or_with_verbose_logs(sandbox, setting):
    extra = ("-v",) if setting.pop("-v", None) else ()
    code, _out, err = _run_with_stderr_on_a_terminal(
        *extra, "plan", CONFIG, PIPEDRIVE_BASE_URL=sandbox.url, PIPEDRIVE_API_TOKEN=TOKEN, **setting
    )
    assert code == 0, err
    assert "Reading Pipedrive" not in err
    assert ("GET /api/v1/users/me 200" in err) is bool(extra)


def test_force_color_colours_a_piped_plan(sandbox, cli, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("plan", CONFIG)
    assert ANSI in result.out


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-color", "plan", CONFIG), {}),
        (("plan", CONFIG, "--no-color"), {}),
        (("drift", CONFIG, "--no-color"), {}),
        (("plan", CONFIG), {"NO_COLOR": "1"}),
    ],
)
def test_no_color_wins_over_force_color(sandbox, cli, monkeypatch, args, env):
    monkeypatch.setenv("FORCE_COLOR", "1")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(*args)
    assert result.code in (0, 2), result.err
    assert "Plan:" in result.out or "drift" in result.out.lower()
    assert ANSI not in result.out + result.err
