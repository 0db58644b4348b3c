"""`sandbox --subscriptions-api gone|unknown` reaches the served sandbox's options."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

import reconciler.sandbox.server as server
from reconciler.cli.app import cli
from reconciler.cli.commands.sandbox import sandbox


@pytest.mark.parametrize("mode", ["on", "gone", "unknown"])
def test_subscriptions_api_option(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(server, "run", lambda options, *a, **k: seen.update(options=options))
    args = ["sandbox", "--port", "0"] + (["--subscriptions-api", mode] if mode != "on" else [])
    assert sandbox.name == "sandbox"  # imported to register the command
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert seen["options"].subscriptions_api == mode


def test_unknown_mode_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["sandbox", "--subscriptions-api", "off"])
    assert result.exit_code == 2 and "--subscriptions-api" in result.output
