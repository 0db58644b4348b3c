"""Benchmark: `build_plan` alone at 10k objects (1,000 roles, 200 pipelines, 5,000 stages,
3,000 users), for an unchanged company and for one built from nothing.

The live state is what the tool's own readers make of a seeded sandbox (read in process,
without a burst limit), so the planner sees exactly what a real plan gives it. Each scenario
is timed `--runs` times (wall and process CPU time, min and median), then run once more under
tracemalloc for the peak memory the planner allocates. Targets: < 0.5 s and < 100 MB.

Run with `make bench` or `python benchmarks/planner.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from company import Samples, company, load_average, peak_traced, timed, users_section

from reconciler.api import PipedriveClient
from reconciler.config.loader import load_config
from reconciler.planning.planner import build_plan
from reconciler.reading import read_live, scope_for
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.state import DesiredState, LiveState
from reconciler.workflow import desired_state

TOKEN = "bench-token"
TARGET_SECONDS = 0.5
TARGET_MB = 100


async def read_company(seed: dict[str, Any], desired: DesiredState) -> LiveState:
    app = create_app(SandboxOptions(token=TOKEN, seed=seed, burst=10**9, daily_budget=10**12))
    transport = httpx.ASGITransport(app=app)
    async with PipedriveClient("http://127.0.0.1", TOKEN, transport=transport) as client:
        return await read_live(client, scope_for(desired))


def measure(name: str, desired: DesiredState, live: LiveState, runs: int) -> bool:
    wall, cpu = Samples(), Samples()
    changes = 0
    for _ in range(runs):
        with timed() as timing:
            plan = build_plan(desired, live, today="2026-12-01")
        wall.add(timing.wall)
        cpu.add(timing.cpu)
        changes = len(plan.changes)
    _, peak = peak_traced(lambda: build_plan(desired, live, today="2026-12-01"))
    peak_mb = peak / 2**20
    ok = cpu.median < TARGET_SECONDS and peak_mb < TARGET_MB
    print(
        f"  {name:<22} {len(live.resources):>6} {changes:>7}  "
        f"{wall.min:>6.3f} {wall.median:>6.3f}  {cpu.min:>6.3f} {cpu.median:>6.3f}  "
        f"{peak_mb:>7.1f}  {'ok' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--pipelines", type=int, default=200)
    parser.add_argument("--stages", type=int, default=5000)
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    spec = company(args.roles, args.pipelines, args.stages, args.users)
    users = users_section(args.users)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "company.yaml"
        with path.open("w") as handle:
            YAML().dump(spec, handle)
        loaded = load_config([path])
    desired = desired_state(loaded)
    unchanged = asyncio.run(read_company({**spec, "users": users}, desired))
    empty = asyncio.run(read_company({"users": users}, desired))
    print(
        f"build_plan at {args.roles} roles, {args.pipelines} pipelines, {args.stages} stages, "
        f"{args.users} users ({len(desired.resources)} desired objects; load {load_average()}):"
    )
    print(
        f"  {'scenario':<22} {'live':>6} {'changes':>7}  {'wall s min/median':>13}  "
        f"{'cpu s min/median':>13}  {'peak MB':>7}"
    )
    results = [
        measure("unchanged company", desired, unchanged, args.runs),
        measure("from an empty company", desired, empty, args.runs),
    ]
    print(f"  targets: < {TARGET_SECONDS} s (median CPU) and < {TARGET_MB} MB (tracemalloc peak)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
