"""Credentials cannot be smuggled into a plan, and no output carries the token, however short.

A plan is posted as a pull-request comment in GitOps, so a config that interpolates the token
would publish it; and names read from Pipedrive are printed as they are, so even a name that
contains the token must come out redacted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from reconciler.cli import main
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import EXAMPLES, Result

SHORT = "k3y9"  # a 4-character token: redacted wherever it appears


def _config(tmp_path: Path, role_name: str) -> Path:
    config = tmp_path / "roles.yaml"
    config.write_text(f'roles:\n  - name: "{role_name}"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("reference", "variables"),
    [
        ("${PIPEDRIVE_API_TOKEN}", {}),
        ("Team ${PIPEDRIVE_OAUTH_TOKEN}", {"PIPEDRIVE_OAUTH_TOKEN": "oauth-access-token-1"}),
        ("${COPY_OF_THE_TOKEN}", {"COPY_OF_THE_TOKEN": "e2e-secret-token-value"}),
    ],
)
def test_interpolating_a_credential_is_a_config_error(
    sandbox, cli, tmp_path, monkeypatch, reference: str, variables: dict[str, str]
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    if "PIPEDRIVE_OAUTH_TOKEN" in variables:
        monkeypatch.delenv("PIPEDRIVE_API_TOKEN")  # one kind of credential at a time
    config = _config(tmp_path, reference)
    for command in ("plan", "validate"):
        refused = cli(command, str(config))
        assert refused.code == 1, refused.err
        assert f"{config}:2:11: " in refused.err
        assert "is not interpolated: " in refused.err
        assert "holds a Pipedrive credential" in refused.err or "token in use" in refused.err
        for value in variables.values():
            assert value not in refused.out + refused.err
    assert sandbox.stats()["writes"] == 0


def test_an_environments_token_variable_is_never_interpolated(sandbox, cli, tmp_path, monkeypatch):
    config = tmp_path / "config"
    (config / "environments").mkdir(parents=True)
    (config / "roles.yaml").write_text('roles:\n  - name: "${PROD_TOKEN}"\n', encoding="utf-8")
    (config / "environments" / "prod.yaml").write_text(
        f"connection: {{base_url: '{sandbox.url}', token_env: PROD_TOKEN}}\n", encoding="utf-8"
    )
    monkeypatch.delenv("PIPEDRIVE_API_TOKEN")
    monkeypatch.setenv("PROD_TOKEN", "prod-token-value-77")
    refused = cli("plan", str(config), "--env", "prod")
    assert refused.code == 1, refused.err
    assert "${PROD_TOKEN} is not interpolated: PROD_TOKEN holds a Pipedrive credential" in (
        refused.err
    )
    assert "prod-token-value-77" not in refused.out + refused.err


@pytest.fixture(scope="module")
def short_token_server() -> Iterator[str]:
    options = SandboxOptions(token=SHORT, seed=EXAMPLES / "sandbox-seed.yaml", burst=100_000)
    with serve_in_thread(options) as url:
        yield url


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    try:
        main(list(args))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def test_a_short_token_never_appears_in_any_output(
    short_token_server: str, capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", short_token_server)
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", SHORT)
    config = _config(tmp_path, f"Ops {SHORT} crew")  # a name that contains the token
    plan_file, report = tmp_path / "plan.json", tmp_path / "report.json"
    outputs = [
        _run(capsys, "plan", str(config), "--out", str(plan_file)),
        _run(capsys, "plan", str(config), "--format", "json"),
        _run(capsys, "plan", str(config), "--format", "markdown"),
        _run(capsys, "drift", str(config)),
        _run(capsys, "apply", str(config), "--auto-approve", "--report", str(report)),
    ]
    assert [r.code for r in outputs] == [0, 0, 0, 2, 0], [r.err for r in outputs]
    assert "role/Ops <redacted> crew" in outputs[0].out
    assert json.loads(report.read_text())["changes"][0]["address"] == "role/Ops <redacted> crew"
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", SHORT + "x")  # a wrong token: the 401 path
    outputs.append(_run(capsys, "plan", str(config)))
    assert outputs[-1].code == 1
    for result in outputs:
        assert SHORT not in result.out and SHORT not in result.err
    for written in (plan_file, report):
        assert SHORT not in written.read_text()
