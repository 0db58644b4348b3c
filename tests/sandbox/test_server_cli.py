"""The sandbox over real sockets: serve_in_thread and the `sandbox` CLI command."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]


def test_serve_in_thread_answers_on_loopback_and_stops():
    with serve_in_thread(SandboxOptions(token="t0k")) as url:
        assert url.startswith("http://127.0.0.1:")
        response = httpx.get(f"{url}/api/v1/users/me", headers={"x-api-token": "t0k"})
        assert response.status_code == 200 and response.json()["data"]["is_you"] is True
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/api/v1/users/me", headers={"x-api-token": "t0k"}, timeout=1)


def test_sandbox_url_fixture_serves_the_small_seed(sandbox_url):
    response = httpx.get(f"{sandbox_url}/api/v1/roles", headers={"x-api-token": "sandbox-token"})
    assert [r["name"] for r in response.json()["data"]][1:] == ["Managers", "Sellers"]


def _get(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"x-api-token": token})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_cli_serves_until_sigterm_and_exits_0():
    seed = ROOT / "examples" / "sandbox-seed.yaml"
    process = subprocess.Popen(
        [sys.executable, "-m", "reconciler", "sandbox", "--port", "0", "--token", "cli-token",
         "--seed", str(seed), "--page-cap", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )  # fmt: skip
    try:
        line = process.stdout.readline().strip()
        words = line.split()
        assert words[:2] == ["Sandbox", "serving"] and words[3:] == ["token", "cli-token"], line
        url = words[2]
        status, body = _get(f"{url}/api/v1/roles", "cli-token")
        assert status == 200 and len(body["data"]) == 2  # --page-cap applied
        assert body["additional_data"]["pagination"]["more_items_in_collection"] is True
        status, body = _get(f"{url}/api/v1/roles", "wrong")
        assert (status, body["error"]) == (401, "unauthorized access")
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0, process.stderr.read()
    assert process.stdout.read() == ""  # exactly one line on stdout


def test_cli_bad_seed_is_an_error_on_stderr_with_exit_1(tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("roles:\n  - name: A\n    members: [nobody@example.com]\n")
    result = subprocess.run(
        [sys.executable, "-m", "reconciler", "sandbox", "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{seed}:3:15" in result.stderr and "nobody@example.com" in result.stderr


def test_cli_help_teaches_the_controls():
    result = subprocess.run(
        [sys.executable, "-m", "reconciler", "sandbox", "--help"],
        capture_output=True, text=True, cwd=ROOT, timeout=30,
    )  # fmt: skip
    assert result.returncode == 0
    for words in ("--seed", "--page-cap", "/_sandbox/reset", "--daily-budget"):
        assert words in result.stdout
