"""OAuth access tokens through the CLI: sent as `Authorization: Bearer`, never together with
an API token, redacted like one. The sandbox accepts its token either way, so a run that
has only an OAuth token and succeeds sent the Bearer header."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.e2e.conftest import EXAMPLES, TOKEN


@pytest.fixture
def oauth_only(sandbox, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN")
    monkeypatch.setenv("PIPEDRIVE_OAUTH_TOKEN", TOKEN)
    return sandbox


def test_plan_and_apply_with_an_oauth_token_from_the_environment(oauth_only, cli, tmp_path):
    config = str(EXAMPLES / "company")
    planned = cli("plan", config, "--format", "json")
    assert planned.code == 0, planned.err
    assert planned.json()["changes"]
    applied = cli("apply", config, "--auto-approve")
    assert applied.code == 0, applied.err
    assert cli("plan", config, "--detailed-exitcode").code == 0
    assert oauth_only.stats()["writes"] > 0


def test_a_wrong_oauth_token_is_a_401_with_the_oauth_hint(oauth_only, cli, monkeypatch):
    monkeypatch.setenv("PIPEDRIVE_OAUTH_TOKEN", TOKEN + "-expired")
    refused = cli("plan", str(EXAMPLES / "company"))
    assert refused.code == 1
    assert "401" in refused.err and "PIPEDRIVE_OAUTH_TOKEN" in refused.err
    assert "expires and must be refreshed" in refused.err


def test_both_kinds_in_the_environment_is_a_usage_error(sandbox, cli, monkeypatch):
    monkeypatch.setenv("PIPEDRIVE_OAUTH_TOKEN", TOKEN)
    refused = cli("plan", str(EXAMPLES / "company"))
    assert refused.code == 64
    assert "PIPEDRIVE_API_TOKEN" in refused.err and "PIPEDRIVE_OAUTH_TOKEN" in refused.err
    assert sandbox.stats()["requests"] == 0


def test_a_token_file_wins_over_the_other_kinds_variable_with_a_note(
    sandbox, cli, tmp_path, monkeypatch
):
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", "some-other-companys-token")
    token_file = tmp_path / "oauth-token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    result = cli("plan", str(EXAMPLES / "company"), "--oauth-token-file", str(token_file))
    assert result.code == 0, result.err
    assert (
        f"Note: using the OAuth access token in --oauth-token-file {token_file}; the API token "
        "in PIPEDRIVE_API_TOKEN is not used." in result.err
    )
    assert "some-other-companys-token" not in result.out + result.err


def _with_environment(tmp_path: Path, connection: str) -> Path:
    config = tmp_path / "config"
    shutil.copytree(EXAMPLES / "company", config)
    (config / "environments").mkdir()
    (config / "environments" / "prod.yaml").write_text(connection, encoding="utf-8")
    return config


def test_an_environment_file_may_name_an_oauth_token_variable(sandbox, cli, tmp_path, monkeypatch):
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN")
    monkeypatch.setenv("PROD_OAUTH", TOKEN)
    config = _with_environment(
        tmp_path, f"connection: {{base_url: '{sandbox.url}', oauth_token_env: PROD_OAUTH}}\n"
    )
    assert cli("plan", str(config), "--env", "prod").code == 0
    (config / "roles.yaml").write_text('roles:\n  - name: "${PROD_OAUTH}"\n', encoding="utf-8")
    refused = cli("plan", str(config), "--env", "prod")
    assert refused.code == 1
    assert "${PROD_OAUTH} is not interpolated: PROD_OAUTH holds a Pipedrive credential" in (
        refused.err
    )


def test_an_environment_file_naming_both_kinds_is_a_config_error(sandbox, cli, tmp_path):
    config = _with_environment(
        tmp_path, "connection:\n  token_env: PROD_API\n  oauth_token_env: PROD_OAUTH\n"
    )
    refused = cli("plan", str(config), "--env", "prod")
    assert refused.code == 1
    assert f"{config / 'environments' / 'prod.yaml'}:3:3: connection: token_env and " in refused.err


def test_an_oauth_token_inside_a_name_is_redacted(oauth_only, cli, tmp_path):
    config = tmp_path / "roles.yaml"
    config.write_text(f'roles:\n  - name: "Ops {TOKEN} crew"\n', encoding="utf-8")
    planned = cli("plan", str(config), "--format", "json")  # the cli fixture checks no output
    assert planned.code == 0  # holds the token; the name shows redacted
    assert "role/Ops <redacted> crew" in json.dumps(planned.json())
