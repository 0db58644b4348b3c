"""Benchmark: plan an unchanged company, and apply a whole company onto an empty one.

The company (benchmarks/company.py) has 200 roles, 50 pipelines, 500 stages, 300 users and
100 custom fields of 5 options each by default; the sandbox runs in its own process with
50 ms of latency and Pipedrive's default burst limit (40 requests per 2 s). Each scenario runs
`--runs` times. For each it prints requests, token cost, 429s received and wall time beside
their lower bounds, and the client's own CPU time (this process only: the sandbox's work is
not in it, and CPU time hardly moves with the machine's load):

- requests and tokens: the fewest the API allows for the work (the company read once, lists
  read once at the largest page size, custom fields with one list call per entity, one
  request per role detail that the config manages, one write per object or setting, a
  custom field with its options in one), plus, for apply, the list reads that guard creates
  against a concurrent apply (one before and one after each group of creates, the read
  after a group serving as the check before the next group of that kind: `conflicts.py`);
- wall time: no schedule is faster than either the latency with `parallelism` requests in
  flight, or the rolling window: request k cannot arrive before floor(k / burst) windows
  after the first, and its answer takes the latency more. The bound is the larger of
  ceil(requests / parallelism) x latency and floor((requests - 1) / burst) x window + latency.

Then a scaling table (50, 100, 200 and 400 roles, one run each) shows the ratios stay flat.
Run with `make bench` (not part of `make test`).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML

sys.path.insert(0, str(Path(__file__).resolve().parent))

from company import FIELD_OPTIONS, company, load_average, users_section
from sandbox_process import SandboxProcess

from reconciler.api import PipedriveClient
from reconciler.api.costs import token_cost
from reconciler.config.loader import load_config
from reconciler.planning.changes import Change
from reconciler.planning.cost import conflict_check_reads
from reconciler.workflow import execute, make_plan

TOKEN = "bench-token"
PAGE = 500
BURST, WINDOW = 40, 2.0
TARGET_RATIO = 1.1


def read_bound(spec: dict[str, Any]) -> tuple[int, int]:
    roles = len(spec["roles"]) + 1  # and the default role
    stages = sum(len(p["stages"]) for p in spec["pipelines"])
    lists = [
        ("v1", "GET", "/users/me", 1),
        ("v1", "GET", "/roles", roles),
        ("v2", "GET", "/pipelines", len(spec["pipelines"])),
        ("v2", "GET", "/stages", stages),
        ("v1", "GET", "/users", 1),  # unpaginated
    ]
    lists += [("v2", "GET", f"/{e}Fields", len(f)) for e, f in spec.get("fields", {}).items()]
    requests = sum(max(1, math.ceil(n / PAGE)) for *_, n in lists)
    tokens = sum(max(1, math.ceil(n / PAGE)) * token_cost(v, m, p) for v, m, p, n in lists)
    return requests, tokens


def plan_bound(spec: dict[str, Any]) -> tuple[int, int]:
    requests, tokens = read_bound(spec)
    roles = len(spec["roles"])
    requests += 2 * roles
    tokens += roles * (
        token_cost("v1", "GET", "/roles/1") + token_cost("v1", "GET", "/roles/1/pipelines")
    )
    return requests, tokens


def apply_bound(spec: dict[str, Any]) -> tuple[int, int]:
    # Reading an empty company is only the lists (each declared entity's fields too); then
    # one write per object or setting.
    entities = {entity: [] for entity in spec.get("fields", {})}
    empty = {"roles": [], "pipelines": [], "fields": entities}
    requests, tokens = read_bound(empty)
    writes = [
        ("v2", "POST", "/pipelines", len(spec["pipelines"])),
        ("v2", "POST", "/stages", sum(len(p["stages"]) for p in spec["pipelines"])),
        ("v1", "POST", "/roles", len(spec["roles"])),
        ("v1", "POST", "/roles/1/settings", sum(len(r["settings"]) for r in spec["roles"])),
        ("v1", "PUT", "/roles/1/pipelines", len(spec["roles"])),
        (
            "v1",
            "POST",
            "/roles/1/assignments",
            sum(len(r.get("members", ())) for r in spec["roles"]),
        ),
    ]
    writes += [("v2", "POST", f"/{e}Fields", len(f)) for e, f in spec.get("fields", {}).items()]
    requests += sum(n for *_, n in writes)
    tokens += sum(n * token_cost(v, m, p) for v, m, p, n in writes)
    return requests, tokens


def guard_bound(changes: tuple[Change, ...]) -> tuple[int, int]:
    """The create guard's list reads, as the plan's own estimate counts them."""
    reads = conflict_check_reads(changes, "v2")
    return len(reads), sum(token_cost(r.version, r.method, r.path) for r in reads)


def time_bound(requests: int, latency: float, parallelism: int) -> float:
    in_flight = math.ceil(requests / parallelism) * latency
    windows = (requests - 1) // BURST * WINDOW + latency
    return max(in_flight, windows)


async def scenario(url: str, config_dir: Path, parallelism: int, do_apply: bool) -> dict[str, Any]:
    loaded = load_config([config_dir])
    async with PipedriveClient(url, TOKEN, parallelism=parallelism) as client:
        wall, cpu = time.perf_counter(), time.process_time()
        planned = await make_plan(client, loaded)
        if do_apply:
            report = await execute(client, planned.plan, planned.live, parallelism=parallelism)
            assert report.ok, [o.to_dict() for o in report.outcomes if o.error][:5]
        return {
            "requests": client.tally.requests,
            "tokens": client.tally.tokens,
            "rate_limited": client.tally.rate_limited,
            "seconds": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "changes": len(planned.plan.changes),
            "guard": guard_bound(planned.plan.changes) if do_apply else (0, 0),
        }


class Bench:
    def __init__(self, url: str, args: argparse.Namespace, tmp: Path) -> None:
        self.url, self.args, self.tmp = url, args, tmp
        self.latency = args.latency_ms / 1000

    def run(self, roles: int, do_apply: bool) -> dict[str, Any]:
        spec = sized(roles)
        config_dir = self.tmp / f"company-{roles}"
        if not config_dir.exists():
            config_dir.mkdir()
            with (config_dir / "company.yaml").open("w") as handle:
                YAML().dump(spec, handle)
        users = users_section(users_for(roles))
        seed = {"users": users} if do_apply else {**spec, "users": users}
        httpx.post(f"{self.url}/_sandbox/reset", json={"seed": seed}, timeout=120)
        time.sleep(WINDOW)  # let the burst window drain between runs
        result = asyncio.run(scenario(self.url, config_dir, self.args.parallelism, do_apply))
        work = apply_bound(spec) if do_apply else plan_bound(spec)
        bounds = (work[0] + result["guard"][0], work[1] + result["guard"][1])
        result["bound_requests"], result["bound_tokens"] = bounds
        result["bound_seconds"] = time_bound(bounds[0], self.latency, self.args.parallelism)
        result["ratio"] = result["seconds"] / result["bound_seconds"]
        return result


def users_for(roles: int) -> int:
    return roles * 3 // 2


def sized(roles: int) -> dict[str, Any]:
    """The benchmark company for `roles` roles: a pipeline per 4 roles, 10 stages each,
    3 users per 2 roles and a custom field per 2 roles (200 roles: 50 pipelines, 500 stages,
    300 users, 100 fields)."""
    pipelines = max(1, roles // 4)
    return company(roles, pipelines, 10 * pipelines, users_for(roles), fields=roles // 2)


def print_fields(spec: dict[str, Any]) -> None:
    fields = spec.get("fields", {})
    count = sum(len(f) for f in fields.values())
    print(
        f"custom fields: {count} with {FIELD_OPTIONS} options each over {len(fields)} "
        f"entities, read with one list call per entity ({len(fields)} calls, in the bounds)"
    )


def at_bound(result: dict[str, Any]) -> bool:
    return (
        result["requests"] == result["bound_requests"]
        and result["tokens"] == result["bound_tokens"]
        and result["rate_limited"] == 0
        and result["ratio"] <= TARGET_RATIO
    )


def print_runs(title: str, results: list[dict[str, Any]]) -> bool:
    first = results[0]
    ratios = [r["ratio"] for r in results]
    seconds = [r["seconds"] for r in results]
    cpu = [r["cpu"] for r in results]
    ok = all(at_bound(r) for r in results)
    print(f"{title} ({first['changes']} changes), {len(results)} runs:")
    print(f"  requests   {first['requests']:>8}   bound {first['bound_requests']:>8}")
    print(f"  tokens     {first['tokens']:>8}   bound {first['bound_tokens']:>8}")
    print(f"  429s       {max(r['rate_limited'] for r in results):>8}")
    print(
        f"  wall s     min {min(seconds):7.2f}  median {statistics.median(seconds):7.2f}"
        f"   bound {first['bound_seconds']:7.2f}"
    )
    print(
        f"  ratio      min {min(ratios):7.3f}  median {statistics.median(ratios):7.3f}"
        f"   max {max(ratios):7.3f}   ({'ok' if ok else 'MISSED'}: every run <= {TARGET_RATIO})"
    )
    print(f"  client CPU min {min(cpu):7.2f}  median {statistics.median(cpu):7.2f} s")
    return ok


def print_scaling(rows: list[tuple[int, dict[str, Any], dict[str, Any]]]) -> None:
    print("scaling (one run each):")
    print(
        f"  {'roles':>5}  {'plan req':>8} {'wall s':>7} {'ratio':>6} {'cpu s':>6}"
        f"   {'apply req':>9} {'wall s':>7} {'ratio':>6} {'cpu s':>6}   429s"
    )
    for roles, plan, apply in rows:
        print(
            f"  {roles:>5}  {plan['requests']:>8} {plan['seconds']:>7.2f} {plan['ratio']:>6.3f}"
            f" {plan['cpu']:>6.2f}   {apply['requests']:>9} {apply['seconds']:>7.2f}"
            f" {apply['ratio']:>6.3f} {apply['cpu']:>6.2f}"
            f"   {plan['rate_limited'] + apply['rate_limited']}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", default="50,100,200,400", help="role counts; '' skips")
    parser.add_argument("--skip-apply", action="store_true")
    args = parser.parse_args()

    options = ["--latency-ms", str(args.latency_ms), "--burst", str(BURST)]
    with tempfile.TemporaryDirectory() as tmp, SandboxProcess(TOKEN, options) as url:
        bench = Bench(url, args, Path(tmp))
        print(f"plan/apply against a sandbox process, {args.latency_ms} ms latency, burst")
        print(f"{BURST} per {WINDOW:g} s, parallelism {args.parallelism} (load {load_average()}):")
        print_fields(sized(args.roles))
        plans = [bench.run(args.roles, False) for _ in range(args.runs)]
        ok = print_runs("plan, unchanged company", plans)
        if not args.skip_apply:
            applies = [bench.run(args.roles, True) for _ in range(args.runs)]
            ok = print_runs("apply, empty company", applies) and ok
        sizes = [int(n) for n in args.scaling.split(",") if n.strip()]
        rows = [(roles, bench.run(roles, False), bench.run(roles, True)) for roles in sizes]
        if rows:
            print_scaling(rows)
        print(f"load afterwards {load_average()}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
