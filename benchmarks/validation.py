"""Benchmark: `pipedrive-reconciler validate` on a 5 MB config, and on a YAML alias bomb.

The config is the benchmark company scaled until its YAML passes `--megabytes`; the bomb is a
few hundred bytes whose aliases expand to millions of nodes. Each is validated `--runs` times
by the command line in a child process (as a user runs it); the table shows wall time, the
child's CPU time (independent of load) and its peak resident memory, min and median. Targets:
the 5 MB config validates in < 5 s; the bomb is refused at once.

Run with `make bench` or `python benchmarks/validation.py`.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from company import Samples, company, load_average

TARGET_SECONDS = 5.0


def big_config(path: Path, megabytes: float) -> None:
    """The company scaled up (x1 = 1,000 roles, 200 pipelines, 5,000 stages, 3,000 members)
    until its file is at least `megabytes` long."""
    scale = 1
    while True:
        spec = company(1000 * scale, 200 * scale, 5000 * scale, 3000 * scale)
        with path.open("w") as handle:
            YAML().dump(spec, handle)
        size = path.stat().st_size
        if size >= megabytes * 2**20:
            return
        scale = max(scale + 1, math.ceil(scale * megabytes * 2**20 / size))


def alias_bomb(path: Path, levels: int = 9, width: int = 9) -> None:
    """`width ** levels` roles written in a few hundred bytes (the "billion laughs")."""
    lines = ["roles: &l0 [{name: lol}, " + ", ".join(["{name: lol}"] * (width - 1)) + "]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"x{level}: &l{level} [{refs}]")
    path.write_text("\n".join(lines) + "\n")


# The child reports its own peak memory (VmHWM) as it exits; its rusage would count the
# memory of the process it was forked from.
PROBE = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            print("peak_kb", line.split()[1], file=sys.stderr)
atexit.register(peak)
from reconciler.cli import main
main(["validate", sys.argv[1]])
"""


def run_cli(path: Path, output: Path) -> tuple[int, str, float, float, float]:
    """Exit code, last output line, wall seconds, CPU seconds and peak MB of one child."""
    command = [sys.executable, "-c", PROBE, str(path)]
    started = time.perf_counter()
    with output.open("wb") as sink:
        child = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = output.read_text(errors="replace").strip().splitlines()
    peaks = [int(line.split()[1]) for line in lines if line.startswith("peak_kb ")]
    said = [line for line in lines if not line.startswith("peak_kb ")] or [""]
    cpu = usage.ru_utime + usage.ru_stime
    peak = peaks[0] / 1024 if peaks else usage.ru_maxrss / 1024
    return child.returncode, said[-1][:100], wall, cpu, peak


def measure(name: str, path: Path, runs: int, expect: int) -> tuple[bool, float]:
    wall, cpu = Samples(), Samples()
    peak, last, code = 0.0, "", 0
    for _ in range(runs):
        code, last, seconds, cpu_seconds, peak_mb = run_cli(path, path.with_suffix(".out"))
        wall.add(seconds)
        cpu.add(cpu_seconds)
        peak = max(peak, peak_mb)
    size = path.stat().st_size / 2**20
    print(
        f"  {name:<14} {size:>6.2f} MB  exit {code}  {wall.min:>6.2f} {wall.median:>6.2f}  "
        f"{cpu.min:>6.2f} {cpu.median:>6.2f}  {peak:>7.0f}"
    )
    print(f"  {'':<14} {last}")
    return code == expect, cpu.median


def write_inputs(directory: Path, megabytes: float) -> None:
    """Written by a child process: a child forked from a parent that built the big config
    would count the parent's memory in its own peak."""
    command = [sys.executable, __file__, "--write", str(directory), "--megabytes", str(megabytes)]
    subprocess.run(command, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write is not None:
        alias_bomb(args.write / "bomb.yaml")
        big_config(args.write / "company.yaml", args.megabytes)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        bomb, big = Path(tmp) / "bomb.yaml", Path(tmp) / "company.yaml"
        write_inputs(Path(tmp), args.megabytes)
        print(f"validate through the command line, {args.runs} runs each (load {load_average()}):")
        print(
            f"  {'config':<14} {'size':>9}  {'':>6}  {'wall s min/median':>13}  "
            f"{'cpu s min/median':>13}  {'peak MB':>7}"
        )
        bomb_ok, _ = measure("alias bomb", bomb, args.runs, expect=1)
        big_ok, seconds = measure(f"{args.megabytes:g} MB company", big, args.runs, expect=0)
    size = f"{args.megabytes:g} MB"
    print(f"  target: the {size} config in < {TARGET_SECONDS} s (median CPU); the bomb refused")
    return 0 if bomb_ok and big_ok and seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
