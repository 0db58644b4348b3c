"""Bounded input: an alias bomb, a file past the size cap and a document nested deeper than
the C parser's stack are each refused with a position, through the command line, without
expanding, reading or crashing; a file the cap allows is read at any size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reconciler.config.locations import MAX_CONFIG_ENV
from reconciler.config.yaml_walk import ALIAS_LIMIT


def bomb(levels: int = 9, width: int = 9) -> str:
    """`width ** levels` roles in a few hundred bytes (the "billion laughs")."""
    lines = ["roles: &l0 [" + ", ".join(["{name: lol}"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"x{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# The child reports its own peak memory (VmHWM) as it exits: the rusage of a child counts
# the memory of the process it was forked from.
PROBE = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("peak_kb", line.split()[1])
atexit.register(peak)
from reconciler.cli import main
main(["validate", sys.argv[1]])
"""


def validate(path: Path, **env: str) -> tuple[int, str, float]:
    """Exit code, output and peak memory (MB) of `validate PATH` in a child process."""
    command = [sys.executable, "-c", PROBE, str(path)]
    done = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, timeout=300
    )
    out = done.stdout + done.stderr
    peaks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("peak_kb ")]
    return done.returncode, out, (peaks[0] / 1024 if peaks else 0.0)


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb())
    code, out, peak_mb = validate(path)
    assert code == 1, out
    assert f"{path}:4:5: aliases would expand this document by more than {ALIAS_LIMIT:,}" in out
    assert "Traceback" not in out
    # Refused on the document as written: expanding 387 million values took 310 MB before.
    assert 0 < peak_mb < 150, peak_mb


def test_aliases_that_add_little_are_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "pipelines.yaml"
    path.write_text(
        "pipelines:\n"
        "  - {name: Sales, stages: &stages [{name: Lead}, {name: Won}]}\n"
        "  - {name: Renewals, stages: *stages}\n"
    )
    code, out, _ = validate(path)
    assert code == 0, out
    assert "2 pipelines, 4 stages" in out


def test_a_file_past_the_size_cap_is_refused_unread_unless_the_cap_is_raised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.yaml"
    roles = "".join(f"  - name: Role {i:06}\n" for i in range(60_000))  # about 1.3 MB
    path.write_text("roles:\n" + roles)
    code, out, _ = validate(path, **{MAX_CONFIG_ENV: "1"})
    assert code == 1
    assert f"{path}:1:1: file is 1.3 MB, more than the 1 MB a config file may have" in out
    assert f"set {MAX_CONFIG_ENV} to a larger number of megabytes" in out
    code, out, _ = validate(path, **{MAX_CONFIG_ENV: "2"})
    assert code == 0 and "60000 roles" in out, out
    code, out, _ = validate(path, **{MAX_CONFIG_ENV: "lots"})
    assert code == 1 and f"{MAX_CONFIG_ENV} must be a positive number of megabytes" in out


def test_nesting_deeper_than_the_parser_can_take_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("roles: " + "[" * 100_000 + "]" * 100_000 + "\n")
    code, out, _ = validate(path)
    assert code == 1, out  # a C parser given this overflows its stack (exit -11)
    assert f"{path}:1:1: invalid YAML" in out
