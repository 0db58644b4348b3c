"""DESIGN.md read as a black-box harness would: the command line against a loopback sandbox.

Each test pins one sentence of the contract that an earlier review found the tool missing or
only half keeping.
"""

from __future__ import annotations

import pytest

from reconciler.cli.output import use_color
from tests.e2e.conftest import EXAMPLES

CONFIG = str(EXAMPLES / "company")


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
