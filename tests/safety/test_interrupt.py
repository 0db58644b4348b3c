"""Ctrl-C during apply: a real process, a real SIGINT, a sandbox slow enough to catch it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN
from tests.safety.conftest import COMPANY, SEED, duplicates, world

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def slow_server() -> Iterator[str]:
    options = SandboxOptions(token=TOKEN, seed=SEED, latency_ms=60, burst=1_000_000)
    with serve_in_thread(options) as url:
        yield url


def test_ctrl_c_finishes_the_request_in_flight_writes_the_report_and_exits_130(
    slow_server, tmp_path
):
    report_file = tmp_path / "report.json"
    env = {
        **os.environ,
        "PIPEDRIVE_BASE_URL": slow_server,
        "PIPEDRIVE_API_TOKEN": TOKEN,
        "PYTHONUNBUFFERED": "1",
        "NO_COLOR": "1",
    }
    command = [sys.executable, "-m", "reconciler", "apply", str(COMPANY), "--auto-approve"]
    process = subprocess.Popen(
        [*command, "--report", str(report_file)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        seen = []
        for line in process.stderr:  # progress goes to stderr, one line per change done
            seen.append(line)
            if line.startswith("[1/"):
                process.send_signal(signal.SIGINT)
                break
        else:
            pytest.fail(f"no progress line: {seen}")
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert "Traceback" not in err and TOKEN not in out + err
    report = json.loads(report_file.read_text())
    assert report["interrupted"] is True and "interrupted" in report["stopped_reason"]
    counts = report["summary"]
    assert counts["applied"] >= 1 and counts["failed"] == 0 and counts["not_attempted"] >= 1
    assert counts["applied"] + counts["not_attempted"] == len(report["changes"]) == 29

    state = httpx.get(f"{slow_server}/_sandbox/state").json()
    assert duplicates(world(state)) == []
    # Apply again finishes the job.
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    final = world(httpx.get(f"{slow_server}/_sandbox/state").json())
    assert duplicates(final) == [] and final["deals"] == 27
