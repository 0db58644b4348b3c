"""Typos a config check catches before any request: unknown kinds in `protected`, names
with surrounding whitespace, blank names or control characters, and validate's summary."""

from __future__ import annotations

from pathlib import Path

from reconciler import kinds
from tests.e2e.conftest import EXAMPLES


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pipedrive.yaml"
    path.write_text(text)
    return path


def test_an_unknown_kind_in_protected_fails_validate_and_plan(sandbox, cli, tmp_path):
    config = _write(tmp_path, 'roles:\n  - name: SDR\nprotected: ["rol/SDR", "stage/Sales"]\n')
    for command in ("validate", "plan"):
        result = cli(command, str(config))
        assert result.code == 1
        assert (
            f"{config}:3:13: protected address 'rol/SDR': 'rol' is not a kind "
            "(did you mean 'role'?); protectable kinds: "
            + ", ".join(spec.name for spec in kinds.KINDS if spec.protectable)
        ) in result.err
        assert (
            f"{config}:3:24: protected address 'stage/Sales': a stage address has 2 parts "
            "after the kind, e.g. stage/PIPELINE/NAME"
        ) in result.err
    assert sandbox.stats()["requests"] == 0


def test_a_kind_that_cannot_be_protected_is_named(cli, tmp_path):
    config = _write(tmp_path, 'roles:\n  - name: SDR\nprotected: ["role_settings/SDR"]\n')
    result = cli("validate", str(config))
    assert result.code == 1
    assert "'role_settings' is not a kind that can be protected" in result.err


def test_names_with_whitespace_blank_or_control_characters_are_config_errors(cli, tmp_path):
    config = _write(
        tmp_path,
        "pipelines:\n"
        '  - name: "Sales "\n'
        "    stages:\n"
        '      - name: "   "\n'
        '      - name: "Won\\tLost"\n'
        "roles:\n"
        "  - name: Sales Manager\n"
        "    renamed_from: [' Old']\n",
    )
    result = cli("validate", str(config))
    assert result.code == 1
    whitespace = "must not start or end with whitespace (names are compared as written)"
    assert f"{config}:2:11: pipelines[0].name: a name {whitespace} (got 'Sales ')" in result.err
    assert f"{config}:4:15: pipelines[0].stages[0].name: a name must not be blank" in result.err
    assert (
        f"{config}:5:15: pipelines[0].stages[1].name: a name must not contain control "
        "characters (tabs, line breaks) (got 'Won\\tLost')"
    ) in result.err
    assert f"{config}:8:20: roles[0].renamed_from[0]: a name {whitespace}" in result.err
    assert "Traceback" not in result.err


def test_validate_summarises_every_kind_it_read_with_plurals(cli, tmp_path):
    result = cli("validate", str(EXAMPLES / "extended" / "pipedrive.yaml"))
    assert result.code == 0
    assert result.out.startswith("Configuration is valid: 3 projects, 1 product, 3 subscriptions")
    one = _write(tmp_path, "pipelines:\n  - name: Sales\n    stages: [{name: Won}]\n")
    assert cli("validate", str(one)).out == (
        "Configuration is valid: 1 pipeline, 1 stage in 1 file.\n"
    )
