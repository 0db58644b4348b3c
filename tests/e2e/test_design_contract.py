"""DESIGN.md read as a black-box harness would: the command line against a loopback sandbox.

Each test pins one sentence of the contract that an earlier review found the tool missing or
only half keeping.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.apply import Status
from reconciler.cli.output import use_color
from reconciler.config.environments import ConfigPaths
from reconciler.config.loader import load_config
from reconciler.config.models import DEFAULT_ROLE_NAME
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.workflow import execute, make_plan
from tests.e2e.conftest import EXAMPLES
from tests.virtual_clock import VirtualClock

CONFIG = str(EXAMPLES / "company")
SEED = EXAMPLES / "sandbox-seed.yaml"


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, True), ("", True), ("1", False), ("0", False)],
)
def test_colour_on_a_tty_unless_no_color_is_set_non_empty(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool
) -> None:
    # no-color.org: NO_COLOR disables colour when present *and not empty*.
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    if value is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", value)
    assert use_color(_Tty()) is expected


def test_no_colour_when_stdout_is_not_a_tty(sandbox, cli) -> None:
    result = cli("plan", CONFIG)
    assert result.code == 0
    assert "\x1b[" not in result.out and "\x1b[" not in result.err


@pytest.mark.parametrize("option", ["--target", "--exclude"])
def test_a_selection_naming_no_kind_is_a_usage_error_before_any_request(
    sandbox, cli, option: str
) -> None:
    before = sandbox.stats()
    result = cli("plan", CONFIG, option, "roles")
    assert result.code == 64
    assert "did you mean 'role'?" in result.err
    assert "role_members" in result.err  # the kinds are listed
    assert sandbox.stats() == before  # refused before reading the company


def test_target_forms_still_select(sandbox, cli) -> None:
    result = cli("plan", CONFIG, "--target", "stage/Sales/Won", "--format", "json")
    assert result.code == 0
    assert [c["address"] for c in result.json()["changes"]] == ["stage/Sales/Won"]


def test_a_wrong_token_says_which_setting_to_check_and_never_echoes_it(
    sandbox, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "wrong-token-abcdef-123456"
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", wrong)
    result = cli("plan", CONFIG)
    assert result.code == 1
    assert "401" in result.err
    assert "PIPEDRIVE_API_TOKEN" in result.err
    assert wrong not in result.out + result.err


def test_top_level_help_teaches_connection_and_exit_codes(cli) -> None:
    result = cli("--help")
    assert result.code == 0
    for text in ("PIPEDRIVE_BASE_URL", "PIPEDRIVE_API_TOKEN", "--api-token-file"):
        assert text in result.out
    for code in ("0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "64 "):
        assert f"\n    {code}" in result.out


@pytest.mark.parametrize("command", ["plan", "apply", "drift", "show", "diff-envs"])
def test_every_option_of_every_command_explains_itself(cli, command: str) -> None:
    from reconciler.cli.app import _register
    from reconciler.cli.app import cli as group

    _register()
    params = group.commands[command].params
    undocumented = [
        p.name for p in params if p.param_type_name == "option" and not getattr(p, "help", None)
    ]
    assert undocumented == []
    assert cli(command, "--help").code == 0


class _QuirkyStandIn(httpx.AsyncBaseTransport):
    """A Pipedrive stand-in faithful to the documents where our sandbox made other choices:
    top-level roles point at the default role (the doc's example), v1 numbers arrive as
    strings, v1 pages carry no `next_start`, pages are capped at 2 items, and the first call
    of every endpoint is a 429 with nothing but `Retry-After`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.limited: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path not in self.limited:
            self.limited.add(request.url.path)
            return httpx.Response(429, headers={"Retry-After": "1"}, json={"success": False})
        response = await self.inner.handle_async_request(request)
        await response.aread()
        path = request.url.path
        if request.method != "GET" or not path.startswith("/api/v1/"):
            return response
        body = json.loads(response.content)
        pagination = (body.get("additional_data") or {}).get("pagination") or {}
        pagination.pop("next_start", None)
        data = body.get("data")
        if path == "/api/v1/roles" and isinstance(data, list):
            default = next((r["id"] for r in data if r["name"] == DEFAULT_ROLE_NAME), 1)
            for role in data:
                if role.get("parent_role_id") is None:
                    role["parent_role_id"] = default
        if path == "/api/v1/users" and isinstance(data, list):
            for user in data:
                user["id"], user["role_id"] = str(user["id"]), str(user["role_id"])
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        return httpx.Response(response.status_code, headers=headers, json=body)


@pytest.mark.anyio
async def test_converges_against_a_stand_in_that_differs_where_the_documents_are_silent() -> None:
    app = create_app(SandboxOptions(token="quirky-token", seed=SEED, burst=1_000_000, page_cap=2))
    transport = _QuirkyStandIn(httpx.ASGITransport(app=app))
    clock = VirtualClock()
    loaded = load_config(ConfigPaths((Path(CONFIG),), None))
    client = PipedriveClient("http://127.0.0.1", "quirky-token", transport=transport, clock=clock)
    async with client:
        first = await make_plan(client, loaded)
        # Top-level roles pointing at the default role are not re-parented.
        assert not [f for c in first.plan.changes for f in c.fields if f.path == "parent"]
        report = await execute(client, first.plan, first.live, parallelism=4)
        assert report.count(Status.FAILED) == 0
        again = await make_plan(client, loaded)
    assert again.plan.empty, [c.address for c in again.plan.changes]
    assert 1.0 in clock.sleeps  # Retry-After alone was honoured
