"""The daily budget runs out while four multi-request changes are in flight: apply ends at
once with exit 5 and its report, however long the stand-in says to wait.

The stand-in is the sandbox behind a wrapper that answers a spent budget the way some do:
the burst window reported empty (`x-ratelimit-remaining: 0`) with a reset lasting until
midnight. The command line runs in a child process so a hang fails the test instead of
stalling the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
from ruamel.yaml import YAML
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reconciler.api.costs import token_cost
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.sandbox.server import serve_app_in_thread

TOKEN = "budget-in-flight-token"
ROLES = 8
SETTINGS = ("deal", "lead", "org", "person", "product")


def spent_budget_until_midnight(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        async def rewrite(message: Message) -> None:
            headers = dict(message.get("headers", ()))
            spent = headers.get(b"x-daily-ratelimit-token-remaining") == b"0"
            if message["type"] == "http.response.start" and message["status"] == 429 and spent:
                headers[b"x-ratelimit-remaining"] = b"0"
                headers[b"x-ratelimit-reset"] = b"36000"
                message = {**message, "headers": list(headers.items())}
            await send(message)

        await app(scope, receive, rewrite)

    return wrapped


def company(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """Eight new roles, each with five settings (five requests a change) and three members."""
    roles = [
        {
            "name": f"Team {r}",
            "settings": {f"{key}_default_visibility": 3 for key in SETTINGS},
            "members": [f"user{3 * r + m}@budget.example" for m in range(3)],
        }
        for r in range(ROLES)
    ]
    config = tmp_path / "roles.yaml"
    with config.open("w") as handle:
        YAML().dump({"roles": roles}, handle)
    users = [{"name": f"User {u}", "email": f"user{u}@budget.example"} for u in range(3 * ROLES)]
    return config, {"users": users}


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIPEDRIVE_BASE_URL": url, "PIPEDRIVE_API_TOKEN": TOKEN}
    command = [sys.executable, "-m", "reconciler", *args]
    # The timeout only guards against a hang; the command itself takes a second or two.
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def read_cost(config: Path, seed: dict[str, Any]) -> int:
    """Tokens a plan of `config` spends reading the company (apply plans again first)."""
    options = SandboxOptions(token=TOKEN, seed=seed, burst=1_000_000)
    with serve_app_in_thread(create_app(options)) as url:
        assert run_cli(url, "plan", str(config)).returncode == 0
        return int(httpx.get(f"{url}/_sandbox/stats").json()["tokens"])


def test_a_budget_spent_with_four_changes_in_flight_ends_apply_at_once(tmp_path: Path) -> None:
    config, seed = company(tmp_path)
    # The reads, every role, and six of the forty settings: the budget runs out while the
    # first four role_settings changes (five requests each) are under way.
    budget = (
        read_cost(config, seed)
        + ROLES * token_cost("v1", "POST", "/roles")
        + 6 * token_cost("v1", "POST", "/roles/1/settings")
    )
    # With latency, a refusal (answered at once) overtakes the answers of requests admitted
    # just before it, whose changes then want to send their next request.
    options = SandboxOptions(
        token=TOKEN, seed=seed, burst=1_000_000, daily_budget=budget, latency_ms=30
    )
    app = spent_budget_until_midnight(create_app(options))
    report_file = tmp_path / "report.json"
    with serve_app_in_thread(app) as url:
        result = run_cli(
            url, "apply", str(config), "--auto-approve", "--parallelism", "4",
            "--report", str(report_file),
        )  # fmt: skip
        stats = httpx.get(f"{url}/_sandbox/stats").json()
    assert result.returncode == 5, result.stderr
    assert "daily API token budget is exhausted" in result.stdout
    report = json.loads(report_file.read_text())
    assert "daily API token budget is exhausted" in report["stopped_reason"]
    outcomes = {s: [] for s in ("applied", "partly_applied", "failed", "not_attempted")}
    for change in report["changes"]:
        outcomes[change["status"]].append(change)
    stopped = outcomes["failed"] + outcomes["partly_applied"]
    settings_stopped = [c for c in stopped if c["address"].startswith("role_settings/")]
    # The four in flight stopped (each had requests left; one that had sent some of its
    # settings says so), none of them after waiting.
    assert len(settings_stopped) == 4, stopped
    assert all(c["http_status"] == 429 for c in stopped)
    assert all(c["calls_done"] > 0 for c in outcomes["partly_applied"])
    assert len([c for c in outcomes["applied"] if c["address"].startswith("role/")]) == ROLES
    assert [c["address"].split("/")[0] for c in outcomes["not_attempted"]].count(
        "role_members"
    ) == ROLES
    # At most one refusal per change in flight: none sent what it had left after that.
    assert stats["rate_limited"] <= 4
    assert TOKEN not in result.stdout + result.stderr + report_file.read_text()
