"""`doctor` end to end: the CLI against a sandbox on loopback in each of its modes, and
against servers that are not Pipedrive at all."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import EXAMPLES, TOKEN, Result

COMPANY = EXAMPLES / "company"
EXTENDED = EXAMPLES / "extended"
PROBE_TOKENS = 2 + 2 + 5 + 10 + 20 + 2  # users/me, own role, v2, v1 stages, projects, subs


@pytest.fixture
def doctor(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `doctor` against a fresh sandbox with `options`; returns (result, stats)."""
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
    monkeypatch.delenv("PIPEDRIVE_OAUTH_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no *.yaml here: only PATHs given count as config

    def run(*args: str, seed: Path = EXAMPLES / "sandbox-seed.yaml", **options: Any):
        options = {"token": TOKEN, "seed": seed, "burst": 100_000, **options}
        with serve_in_thread(SandboxOptions(**options)) as url:
            monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
            result = cli("doctor", *args)
            stats = httpx.get(f"{url}/_sandbox/stats").json()
        return result, stats

    return run


def _check(result: Result, name: str) -> dict[str, str]:
    return next(c for c in result.json()["checks"] if c["name"] == name)


def test_a_healthy_company_with_a_config(doctor) -> None:
    result, stats = doctor(str(COMPANY), "--format", "json")
    assert result.code == 0, result.out + result.err
    report = result.json()
    assert report["can_plan"] is True and report["problems"] == []
    assert report["credential"] == "api_token"
    assert report["user"] == {"id": 1, "name": "Dana Director", "email": "dana@acme.example"}
    assert report["company"] == {"id": 1000001, "name": "Sandbox Company", "domain": "sandbox"}
    assert report["admin"] is True
    assert {area: s["state"] for area, s in report["apis"].items()} == {
        "v2": "served",
        "v1_stages": "served",
        "projects": "served",
        "subscriptions": "served",
    }
    plan = report["config"]["plan"]
    assert plan["read_tokens"] > 0 and plan["apply_tokens"] > 0 and plan["changes"] > 0
    # What the doctor says it spent is what the sandbox charged; it wrote nothing.
    assert report["spent"] == {"requests": stats["requests"], "tokens": stats["tokens"]}
    assert report["spent"]["tokens"] == PROBE_TOKENS + plan["read_tokens"]
    assert stats["writes"] == 0
    limits = report["limits"]
    assert limits["daily_token_limit"] == 600_000
    assert limits["daily_tokens_left"] == 600_000 - stats["tokens"]
    assert limits["burst_per_2s"] == 100_000
    assert [c["status"] for c in report["checks"]] == ["ok"] * 10


def test_the_text_checklist_names_the_burst_plan_and_the_cost(doctor) -> None:
    result, stats = doctor(str(COMPANY), burst=40)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Pipedrive at http://127.0.0.1:")
    assert "  [ok]   token          API token of Dana Director <dana@acme.example>" in result.out
    assert "[ok]   burst limit    40 requests per 2 seconds (the Growth plan's" in result.out
    assert "A plan can run." in lines
    assert lines[-1] == (
        f"The doctor sent {stats['requests']} requests and spent {stats['tokens']} tokens "
        "(the plan's reads included); it wrote nothing."
    )


def test_the_company_is_read_once_even_with_a_plan(doctor) -> None:
    """The plan takes the company the token check read; GET /users/me went out twice."""
    result, stats = doctor(str(COMPANY), "--format", "json")
    assert result.code == 0, result.err
    assert stats["by_operation"]["GET /api/v1/users/me"]["requests"] == 1
    assert stats["tokens"] == PROBE_TOKENS + result.json()["config"]["plan"]["read_tokens"]


def test_without_a_config_only_the_company_is_checked(doctor) -> None:
    result, stats = doctor("--format", "json")
    assert result.code == 0, result.err
    assert result.json()["config"] is None
    assert stats["tokens"] == PROBE_TOKENS
    assert _check(result, "config")["status"] == "skip"


def test_a_token_without_admin_rights_cannot_plan_roles(doctor) -> None:
    result, stats = doctor(str(COMPANY), "--format", "json", admin=False)
    assert result.code == 1
    report = result.json()
    assert report["admin"] is False
    assert "403 You do not have permissions to do this." in _check(result, "admin")["summary"]
    assert _check(result, "admin")["status"] == "fail"
    assert report["problems"] == [
        "the token's user is not an admin, and only an admin may write what the config "
        "manages: pipeline, stage, role, role_settings, role_pipelines, role_members"
    ]
    assert report["config"]["plan"] is None and report["config"]["plan_skipped"]
    assert stats["tokens"] == PROBE_TOKENS and stats["writes"] == 0


def test_a_token_without_admin_rights_may_still_plan_projects(doctor) -> None:
    result, _ = doctor(
        str(EXTENDED / "pipedrive.yaml"), seed=EXTENDED / "sandbox-seed.yaml", admin=False
    )
    assert result.code == 0, result.out + result.err
    assert "  [warn] admin          not an admin" in result.out
    written = "pipeline, stage, role, role_settings, role_pipelines, role_members, activity_type"
    assert f"  - write {written}, webhook: " in (result.out)


@pytest.mark.parametrize(("mode", "status"), [("gone", 410), ("unknown", 404)])
def test_subscriptions_removed(doctor, mode: str, status: int) -> None:
    config = str(EXTENDED / "pipedrive.yaml")
    result, _ = doctor(
        config, "--format", "json", seed=EXTENDED / "sandbox-seed.yaml", subscriptions_api=mode
    )
    assert result.code == 1
    report = result.json()
    assert report["apis"]["subscriptions"]["state"] == "removed"
    assert f": {status} " in report["apis"]["subscriptions"]["evidence"]
    assert (
        "the config manages subscriptions, and this account has no Subscriptions API"
        in (report["problems"])
    )
    assert any(item.startswith("manage subscriptions: ") for item in report["cannot"])


def test_subscriptions_removed_do_not_matter_to_a_config_without_them(doctor) -> None:
    result, _ = doctor(str(COMPANY), subscriptions_api="gone")
    assert result.code == 0, result.out
    assert "[warn] subscriptions  removed (GET /api/v1/subscriptions/1: 410 " in result.out


def test_v1_stages_gone(doctor) -> None:
    default, _ = doctor(str(COMPANY), "--format", "json", v1_stages="gone")
    assert default.code == 0, default.out
    assert default.json()["apis"]["v1_stages"]["state"] == "gone"
    assert any(c.startswith("use --stages-api v1") for c in default.json()["cannot"])
    with_v1, stats = doctor(str(COMPANY), "--stages-api", "v1", v1_stages="gone")
    assert with_v1.code == 1
    assert "[fail] v1 stages      gone (GET /api/v1/stages: 404 Unknown path or method)" in (
        with_v1.out
    )
    assert "  - the config manages pipelines with stages API v1, and the v1 stage" in with_v1.out
    assert stats["tokens"] == PROBE_TOKENS  # the plan is not tried


def test_an_exhausted_budget(doctor) -> None:
    result, stats = doctor(str(COMPANY), daily_budget=0)
    assert result.code == 1
    assert "[fail] daily budget   spent for today" in result.out
    assert "  - the company's daily API token budget is spent" in result.out
    assert stats["requests"] == 1  # reported at once, not retried


def test_a_budget_that_runs_out_while_planning(doctor) -> None:
    result, stats = doctor(str(COMPANY), "--format", "json", daily_budget=PROBE_TOKENS + 30)
    assert result.code == 1
    assert result.json()["config"]["plan_error"] == (
        "the daily token budget ran out while it read the company"
    )
    assert stats["writes"] == 0


def test_a_budget_too_low_to_apply_is_said(doctor) -> None:
    first, _ = doctor(str(COMPANY), "--format", "json")
    plan = first.json()["config"]["plan"]
    # Enough for the doctor and one more plan, not for an apply (a plan plus the writes).
    budget = PROBE_TOKENS + 2 * plan["read_tokens"] + plan["apply_tokens"] // 2
    result, _ = doctor(str(COMPANY), "--format", "json", daily_budget=budget)
    assert result.code == 0, result.out
    left = budget - PROBE_TOKENS - plan["read_tokens"]
    assert result.json()["cannot"] == [
        f"apply this config today: it needs about {plan['read_tokens'] + plan['apply_tokens']} "
        f"tokens (reading {plan['read_tokens']}, writing {plan['apply_tokens']}) and {left} are "
        "left"
    ]
    too_little = PROBE_TOKENS + plan["read_tokens"] + plan["read_tokens"] // 2
    short, _ = doctor(str(COMPANY), "--format", "json", daily_budget=too_little)
    assert short.code == 1
    assert short.json()["problems"][0].startswith(f"a plan reads for {plan['read_tokens']} tokens")


def test_a_wrong_token(doctor, monkeypatch) -> None:
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN + "-old")  # the cli fixture checks the
    result, stats = doctor(str(COMPANY))  # output never holds it (it starts with TOKEN)
    assert result.code == 1
    assert (
        "[fail] token          Pipedrive did not accept the API token (GET /api/v1/users/me: 401"
        in (result.out)
    )
    assert stats["requests"] == 1


def test_an_oauth_token(doctor, monkeypatch) -> None:
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN")
    monkeypatch.setenv("PIPEDRIVE_OAUTH_TOKEN", TOKEN)
    result, _ = doctor("--format", "json")
    assert result.code == 0, result.err
    assert result.json()["credential"] == "oauth"
    assert _check(result, "token")["summary"].startswith("OAuth access token of Dana Director")


def test_a_config_that_does_not_load(doctor, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("roles:\n  - nme: Sales\n", encoding="utf-8")
    result, stats = doctor(str(broken))
    assert result.code == 1
    assert f"  - the configuration does not load: {broken}:2:5: " in result.out
    assert stats["tokens"] == PROBE_TOKENS


@contextmanager
def _plain_http_server(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _answering(status: int, content_type: str, body: bytes) -> type:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.mark.parametrize(
    ("status", "content_type", "body", "said"),
    [
        (200, "text/html", b"<html>Welcome</html>", "got HTTP 200 with an HTML page"),
        (404, "text/html", b"<html>Not found</html>", "got HTTP 404 with an HTML page"),
        (200, "application/json", b'{"hello": "world"}', "gave no user"),
    ],
)
def test_a_base_url_that_is_not_pipedrive(
    cli, monkeypatch, tmp_path, status: int, content_type: str, body: bytes, said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
    with _plain_http_server(_answering(status, content_type, body)) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        result = cli("doctor")
    assert result.code == 1
    assert f"[fail] token          {url} does not answer as Pipedrive does" in result.out
    assert said in result.out


def test_no_answer_at_all(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr("reconciler.api.client.backoff", lambda attempt, rng: 0.0)  # no waits
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
    with _plain_http_server(_answering(200, "text/plain", b"")) as url:
        pass  # closed again: nothing listens on its port now
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
    result = cli("doctor")
    assert result.code == 1
    assert f"[fail] token          no answer from {url}" in result.out
