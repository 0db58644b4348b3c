"""The benchmarks are run by hand (`make bench`, ~15 minutes), so nothing else notices when a
refactor breaks them. Each one runs here at a toy size: it must finish and print its table."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_planner_benchmark_runs_at_a_toy_size() -> None:
    out = run("planner.py", "--runs", "1", "--roles", "5", "--pipelines", "2", "--stages", "6")
    assert "unchanged company" in out and "from an empty company" in out


def test_plan_apply_benchmark_meets_its_request_and_token_bounds_at_a_toy_size() -> None:
    """Requests and tokens are exact whatever the machine does; wall time is left to `make
    bench` (on a busy machine a toy run's ratio wanders around the target)."""
    out = run("plan_apply.py", "--roles", "20", "--latency-ms", "0", "--runs", "1", "--scaling", "")
    assert "plan, unchanged company" in out and "apply, empty company" in out
    counted = re.findall(r"^  (requests|tokens) +(\d+) +bound +(\d+)$", out, re.M)
    assert len(counted) == 4, out
    assert all(spent == bound for _, spent, bound in counted), out
    assert re.findall(r"^  429s +(\d+)$", out, re.M) == ["0", "0"], out


def test_validation_benchmark_refuses_the_alias_bomb() -> None:
    out = run("validation.py", "--megabytes", "0.05", "--runs", "1")
    assert "Configuration is valid" in out and "aliases would expand" in out
