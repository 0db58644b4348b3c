"""Choosing the credential: one kind at a time, the most explicit source first."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.cli.credentials import choose_credential, every_value
from reconciler.config.environments import EnvConnection
from reconciler.errors import UsageError

API, OAUTH = "api-token-value", "oauth-token-value"
NAMED_API = EnvConnection("environments/prod.yaml", token_env="PROD_API", token_env_at="p:2:3")
NAMED_OAUTH = EnvConnection(
    "environments/prod.yaml", oauth_token_env="PROD_OAUTH", oauth_token_env_at="p:2:9"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_either_variable_alone_is_used_with_its_kind() -> None:
    api = choose_credential(None, None, None, {"PIPEDRIVE_API_TOKEN": API})
    oauth = choose_credential(None, None, None, {"PIPEDRIVE_OAUTH_TOKEN": f" {OAUTH} "})
    assert (api.used.kind, api.used.value, api.note) == ("api_token", API, None)
    assert (oauth.used.kind, oauth.used.value, oauth.note) == ("oauth", OAUTH, None)


def test_both_variables_are_a_usage_error_naming_both() -> None:
    environ = {"PIPEDRIVE_API_TOKEN": API, "PIPEDRIVE_OAUTH_TOKEN": OAUTH}
    with pytest.raises(UsageError) as caught:
        choose_credential(None, None, None, environ)
    message = str(caught.value)
    assert "PIPEDRIVE_API_TOKEN" in message and "PIPEDRIVE_OAUTH_TOKEN" in message
    assert API not in message and OAUTH not in message
    assert caught.value.exit_code == 64


def test_both_files_are_a_usage_error(tmp_path: Path) -> None:
    api, oauth = _file(tmp_path, "api", API), _file(tmp_path, "oauth", OAUTH)
    with pytest.raises(UsageError, match=r"--api-token-file .* and .*--oauth-token-file"):
        choose_credential(api, oauth, None, {})


def test_a_file_on_the_command_line_wins_over_the_other_kinds_variable(tmp_path: Path) -> None:
    choice = choose_credential(
        None, _file(tmp_path, "oauth", OAUTH), None, {"PIPEDRIVE_API_TOKEN": API}
    )
    assert (choice.used.kind, choice.used.value) == ("oauth", OAUTH)
    assert choice.note == (
        f"Note: using the OAuth access token in --oauth-token-file {tmp_path / 'oauth'}; "
        "the API token in PIPEDRIVE_API_TOKEN is not used."
    )
    assert set(every_value(choice)) == {API, OAUTH}  # both are redacted


def test_the_same_kinds_variable_gives_way_to_its_file_silently(tmp_path: Path) -> None:
    choice = choose_credential(
        _file(tmp_path, "api", API), None, None, {"PIPEDRIVE_API_TOKEN": "x"}
    )
    assert (choice.used.value, choice.note) == (API, None)


def test_the_environment_files_variable_wins_over_the_process_environment() -> None:
    environ = {"PROD_OAUTH": OAUTH, "PIPEDRIVE_API_TOKEN": API}
    choice = choose_credential(None, None, NAMED_OAUTH, environ)
    assert (choice.used.kind, choice.used.value) == ("oauth", OAUTH)
    assert "PROD_OAUTH (oauth_token_env of environments/prod.yaml)" in (choice.note or "")


def test_a_variable_the_environment_file_names_must_be_set() -> None:
    with pytest.raises(UsageError, match=r"No API token: PROD_API \(named by token_env at p:2:3\)"):
        choose_credential(None, None, NAMED_API, {"PIPEDRIVE_API_TOKEN": API})


def test_a_token_file_on_the_command_line_needs_no_named_variable(tmp_path: Path) -> None:
    choice = choose_credential(None, _file(tmp_path, "oauth", OAUTH), NAMED_API, {})
    assert choice.used.kind == "oauth"


def test_no_credential_at_all_says_how_to_give_one() -> None:
    with pytest.raises(UsageError, match=r"PIPEDRIVE_API_TOKEN .* PIPEDRIVE_OAUTH_TOKEN"):
        choose_credential(None, None, None, {})


def test_an_empty_token_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"--oauth-token-file .*: the file is empty"):
        choose_credential(None, _file(tmp_path, "oauth", "  "), None, {})
