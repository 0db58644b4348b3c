"""Benchmark: plan an unchanged company, and apply a whole company onto an empty one.

A company of 200 roles, 50 pipelines, 500 stages and 300 users, in the sandbox with 50 ms of
latency and Pipedrive's default burst limit (40 requests per 2 s). For each scenario it prints
requests, token cost, 429s received and wall time, each beside its lower bound:

- requests and tokens: the fewest the API allows for the work (lists read once at the
  largest page size, one request per role detail that the config manages, one write per
  object or setting);
- time: max(requests x latency / parallelism, requests / burst rate).

Run with `make bench` (not part of `make test`).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML

from reconciler.api import PipedriveClient
from reconciler.api.costs import token_cost
from reconciler.config.loader import load_config
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from reconciler.workflow import execute, make_plan

TOKEN = "bench-token"
SETTING_KEYS = ("deal_default_visibility", "org_default_visibility")
PAGE = 500


def company(roles: int, pipelines: int, stages: int, users: int) -> dict[str, Any]:
    per_pipeline = stages // pipelines
    pipeline_list = [
        {
            "name": f"Pipeline {p:03}",
            "deal_probability": p % 2 == 0,
            "stages": [
                {
                    "name": f"Stage {s:02}",
                    "deal_probability": min(100, 10 * s),
                    "rotten_days": 7 + s,
                }
                for s in range(per_pipeline)
            ],
        }
        for p in range(pipelines)
    ]
    role_list = []
    for r in range(roles):
        role: dict[str, Any] = {
            "name": f"Role {r:03}",
            "parent": None if r < 10 else f"Role {(r - 10) // 2:03}",
            "settings": {key: (1, 3, 5, 7)[(r + i) % 4] for i, key in enumerate(SETTING_KEYS)},
            "pipelines": {"visible": [f"Pipeline {(r + k) % pipelines:03}" for k in range(3)]},
        }
        role_list.append(role)
    for u in range(users):
        role_list[u % roles].setdefault("members", []).append(f"user{u:03}@bench.example")
    return {"pipelines": pipeline_list, "roles": role_list}


def users_section(users: int) -> list[dict[str, str]]:
    return [{"name": f"User {u:03}", "email": f"user{u:03}@bench.example"} for u in range(users)]


def read_bound(spec: dict[str, Any]) -> tuple[int, int]:
    roles = len(spec["roles"]) + 1  # and the default role
    stages = sum(len(p["stages"]) for p in spec["pipelines"])
    lists = [
        ("v1", "GET", "/roles", roles),
        ("v2", "GET", "/pipelines", len(spec["pipelines"])),
        ("v2", "GET", "/stages", stages),
        ("v1", "GET", "/users", 1),  # unpaginated
    ]
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
    # Reading an empty company is only the lists; then one write per object or setting.
    requests, tokens = read_bound({"roles": [], "pipelines": []})
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
    requests += sum(n for *_, n in writes)
    tokens += sum(n * token_cost(v, m, p) for v, m, p, n in writes)
    return requests, tokens


def time_bound(requests: int, latency: float, parallelism: int, burst: int, window: float) -> float:
    return max(requests * latency / parallelism, requests / (burst / window))


async def scenario(url: str, config_dir: Path, parallelism: int, do_apply: bool) -> dict[str, Any]:
    loaded = load_config([config_dir])
    async with PipedriveClient(url, TOKEN, parallelism=parallelism) as client:
        started = time.perf_counter()
        planned = await make_plan(client, loaded)
        if do_apply:
            report = await execute(client, planned.plan, planned.live, parallelism=parallelism)
            assert report.ok, [o.to_dict() for o in report.outcomes if o.error][:5]
        elapsed = time.perf_counter() - started
        return {
            "requests": client.tally.requests,
            "tokens": client.tally.tokens,
            "rate_limited": client.tally.rate_limited,
            "seconds": elapsed,
            "changes": len(planned.plan.changes),
        }


def reset(url: str, seed: dict[str, Any]) -> None:
    httpx.post(f"{url}/_sandbox/reset", json={"seed": seed}, timeout=60).raise_for_status()


def line(name: str, got: float, bound: float, unit: str = "") -> str:
    ratio = got / bound if bound else float("nan")
    return f"  {name:<12} {got:>10.2f}{unit}  bound {bound:>10.2f}{unit}  ratio {ratio:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=200)
    parser.add_argument("--pipelines", type=int, default=50)
    parser.add_argument("--stages", type=int, default=500)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--skip-apply", action="store_true")
    args = parser.parse_args()

    spec = company(args.roles, args.pipelines, args.stages, args.users)
    burst, window = 40, 2.0
    options = SandboxOptions(
        token=TOKEN, latency_ms=args.latency_ms, burst=burst, daily_budget=10**9
    )
    latency = args.latency_ms / 1000
    with tempfile.TemporaryDirectory() as tmp, serve_in_thread(options) as url:
        config_dir = Path(tmp)
        with (config_dir / "company.yaml").open("w") as handle:
            YAML().dump(spec, handle)

        def measure(title: str, seed: dict[str, Any], do_apply: bool, bounds: tuple) -> None:
            reset(url, seed)
            result = asyncio.run(scenario(url, config_dir, args.parallelism, do_apply))
            requests, tokens = bounds
            print(f"{title} ({result['changes']} changes):")
            print(line("requests", result["requests"], requests))
            print(line("tokens", result["tokens"], tokens))
            print(f"  {'429s':<12} {result['rate_limited']:>10}")
            bound = time_bound(requests, latency, args.parallelism, burst, window)
            print(line("wall time", result["seconds"], bound, "s"))

        users = users_section(args.users)
        measure("plan, unchanged company", {**spec, "users": users}, False, plan_bound(spec))
        if not args.skip_apply:
            time.sleep(window)  # let the burst window drain between scenarios
            measure("apply, empty company", {"users": users}, True, apply_bound(spec))


if __name__ == "__main__":
    main()
