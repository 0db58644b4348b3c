"""Environments: the overlay's merge rules, interpolation, and errors at the file that set them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.config.environments import ConfigPaths, read_environment
from reconciler.config.loader import load_config
from reconciler.errors import ConfigError, UsageError

BASE = """\
prune: [roles]
pipelines:
  - name: Sales
    deal_probability: true
    stages:
      - name: Lead
        rotten_days: 3
      - name: Won
roles:
  - name: Manager
    settings: {deal_default_visibility: 7}
    members: [a@x.com, b@x.com]
"""


def _write(root: Path, env: str, text: str) -> Path:
    (root / "config" / "environments").mkdir(parents=True, exist_ok=True)
    (root / "config" / "main.yaml").write_text(BASE, encoding="utf-8")
    (root / "config" / "environments" / f"{env}.yaml").write_text(text, encoding="utf-8")
    return root / "config"


def test_named_objects_merge_by_name_and_other_lists_are_replaced(tmp_path):
    config = _write(
        tmp_path,
        "prod",
        "pipelines:\n"
        "  - name: Sales\n"
        "    stages:\n"
        "      - name: Lead\n"
        "        rotten_days: 9\n"
        "      - name: Lost\n"
        "roles:\n"
        "  - name: Manager\n"
        "    members: [c@x.com]\n"
        "  - name: Auditor\n",
    )
    loaded = load_config(ConfigPaths([config], "prod"))
    sales = loaded.config.pipelines[0]
    assert sales.deal_probability is True  # kept from the base
    assert [(s.name, s.rotten_days) for s in sales.stages] == [
        ("Lead", 9),
        ("Won", None),
        ("Lost", None),
    ]
    manager, auditor = loaded.config.roles
    assert manager.members == ["c@x.com"]  # a plain list is replaced, not merged
    assert manager.settings.deal_default_visibility == 7
    assert auditor.name == "Auditor"
    env_file = str(config / "environments" / "prod.yaml")
    assert loaded.origin("roles", 0, "members") == f"{env_file}:9:14"
    assert loaded.origin("roles", 0, "settings").startswith(str(config / "main.yaml"))
    assert loaded.origin("pipelines", 0, "stages", 2) == f"{env_file}:6:9"
    assert Path(env_file) in loaded.files
    # Without --env the base is what it was.
    assert load_config([config]).config.roles[0].members == ["a@x.com", "b@x.com"]


def test_an_environment_switching_visibility_form_replaces_the_base_form(tmp_path):
    """`visible:` and `hidden:` exclude each other: an environment giving one drops the
    base's other (merging both was a config error)."""
    config = _write(
        tmp_path, "prod", "roles:\n  - name: Manager\n    pipelines: {hidden: [Sales]}\n"
    )
    base = config / "main.yaml"
    base.write_text(BASE + "    pipelines: {visible: [Sales]}\n", encoding="utf-8")
    loaded = load_config(ConfigPaths([config], "prod"))
    pipelines = loaded.config.roles[0].pipelines
    assert pipelines.hidden == ["Sales"] and pipelines.visible is None
    assert load_config([config]).config.roles[0].pipelines.visible == ["Sales"]


def test_an_error_in_a_value_the_environment_set_points_at_the_environment_file(tmp_path):
    config = _write(
        tmp_path, "prod", "roles:\n  - name: Manager\n    settings: {deal_default_visibility: 4}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(ConfigPaths([config], "prod"))
    (issue,) = caught.value.issues
    assert issue.file == str(config / "environments" / "prod.yaml")
    assert (issue.line, issue.column) == (3, 41)
    assert "must be one of 1, 3, 5, 7 (got 4)" in issue.message


def test_interpolation_expands_variables_escapes_and_reports_missing_ones(tmp_path, monkeypatch):
    config = _write(
        tmp_path,
        "prod",
        "roles:\n  - name: Manager\n    members: ['${OWNER}']\n  - name: 'Team $${X}'\n",
    )
    monkeypatch.delenv("OWNER", raising=False)
    with pytest.raises(ConfigError) as caught:
        load_config(ConfigPaths([config], "prod"))
    missing = [i for i in caught.value.issues if "OWNER is not set" in i.message]
    assert [(i.file, i.line, i.column) for i in missing] == [
        (str(config / "environments" / "prod.yaml"), 3, 15)
    ]
    monkeypatch.setenv("OWNER", "owner@x.com")
    loaded = load_config(ConfigPaths([config], "prod"))
    assert loaded.config.roles[0].members == ["owner@x.com"]
    assert loaded.config.roles[1].name == "Team ${X}"


def test_a_malformed_reference_is_an_error_in_the_base_config_too(tmp_path):
    (tmp_path / "c.yaml").write_text("roles:\n  - name: '${1X}'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path / "c.yaml"])
    assert "c.yaml:2:11: invalid reference '${1X}'" in str(caught.value)


def test_the_token_never_sits_in_an_environment_file(tmp_path):
    config = _write(
        tmp_path, "prod", "connection:\n  base_url: https://x.pipedrive.com\n  token: abc\n"
    )
    with pytest.raises(ConfigError) as caught:
        read_environment([config], "prod")
    (issue,) = caught.value.issues
    assert (issue.line, issue.column) == (3, 3)
    assert "must not be written in a file" in issue.message and "abc" not in str(caught.value)


def test_connection_names_the_company_and_the_token_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("ACME_URL", "https://acme.pipedrive.com")
    config = _write(
        tmp_path, "prod", "connection: {base_url: '${ACME_URL}', token_env: PIPEDRIVE_TOKEN_PROD}\n"
    )
    connection = read_environment([config], "prod").connection
    assert connection.base_url == "https://acme.pipedrive.com"
    assert connection.token_env == "PIPEDRIVE_TOKEN_PROD"
    # The connection block is not config: the overlay ignores it.
    assert load_config(ConfigPaths([config], "prod")).config.roles[0].name == "Manager"


def test_an_unknown_environment_names_where_it_looked_and_what_exists(tmp_path):
    config = _write(tmp_path, "prod", "{}\n")
    with pytest.raises(UsageError) as caught:
        read_environment([config], "prdo")
    assert "environments/prdo.yaml" in str(caught.value) and "found: prod" in str(caught.value)
    with pytest.raises(UsageError):
        read_environment([config], "../prod")
