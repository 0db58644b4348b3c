"""`--no-admin` and `--v1-stages gone`: a regular user's token, and the v1 stage and pipeline
endpoints removed, answered as the documents say."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

import reconciler.sandbox.server as server
from reconciler.cli.app import cli
from reconciler.cli.commands.sandbox import sandbox
from reconciler.pipedrive_api import admin_only, load_document
from reconciler.sandbox import SandboxOptions

pytestmark = pytest.mark.anyio

FAIL_RESPONSE = {
    "success": False,
    "error": "You do not have permissions to do this.",
    "error_info": "Please check developers.pipedrive.com",
    "data": None,
    "additional_data": None,
}


def test_the_403_body_is_the_documents_own_example() -> None:
    document = load_document("pipedrive-v1-2026-01-14.openapi.json")
    example = document["paths"]["/users"]["post"]["responses"]["403"]["content"][
        "application/json"
    ]["example"]
    assert example == FAIL_RESPONSE


@pytest.mark.parametrize(
    ("version", "method", "path", "expected"),
    [
        ("v1", "GET", "/roles", True),
        ("v1", "GET", "/roles/3", True),
        ("v1", "POST", "/roles/3/assignments", True),
        ("v1", "PUT", "/users/3", True),
        ("v2", "PATCH", "/stages/5", True),
        ("v2", "POST", "/pipelines", True),
        ("v2", "GET", "/stages", False),  # deals:read and admin
        ("v1", "GET", "/users", False),  # users:read
        ("v1", "GET", "/users/me", False),  # base
        ("v1", "GET", "/projects", False),
        ("v1", "POST", "/subscriptions/recurring", False),  # deals:full
        ("v1", "GET", "/no/such/path", False),
    ],
)
def test_admin_only_is_read_from_the_documents_oauth_scopes(
    version: str, method: str, path: str, expected: bool
) -> None:
    assert admin_only(version, method, path) is expected  # type: ignore[arg-type]


async def test_a_regular_users_token_is_refused_admin_only_operations(make_api) -> None:
    api = make_api(admin=False)
    pipelines = await api.data("GET", "/api/v2/pipelines")
    refused = await api.call("GET", "/api/v1/roles")
    assert refused.status_code == 403
    assert refused.json() == FAIL_RESPONSE
    assert "x-ratelimit-limit" in refused.headers
    write = await api.call("POST", "/api/v2/pipelines", json={"name": "New"})
    assert write.status_code == 403
    assert (await api.call("GET", "/api/v1/users")).status_code == 200
    me = await api.data("GET", "/api/v1/users/me")
    assert [a["admin"] for a in me["access"]] == [False]
    assert await api.data("GET", "/api/v2/pipelines") == pipelines  # nothing written
    assert api.sandbox.stats.tokens == 5 + 20 + 5 + 20 + 2 + 5  # charged like any other


async def test_an_admins_token_is_served_and_says_so(api) -> None:
    assert (await api.call("GET", "/api/v1/roles")).status_code == 200
    me = await api.data("GET", "/api/v1/users/me")
    assert [a["admin"] for a in me["access"]] == [True]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/stages"),
        ("GET", "/api/v1/stages/1"),
        ("DELETE", "/api/v1/stages?ids=1"),
        ("GET", "/api/v1/pipelines"),
        ("PUT", "/api/v1/pipelines/1"),
        ("GET", "/api/v1/stages/1/deals"),
    ],
)
async def test_removed_v1_stages_answer_404_as_an_unknown_path(make_api, method, path) -> None:
    api = make_api(v1_stages="gone")
    response = await api.call(method, path, json={} if method == "PUT" else None)
    assert response.status_code == 404
    assert response.json()["error"] == "Unknown path or method"
    assert (await api.call("GET", "/api/v2/stages")).status_code == 200
    assert (await api.call("GET", "/api/v1/roles")).status_code == 200


def test_the_modes_are_checked() -> None:
    with pytest.raises(ValueError, match="v1_stages"):
        SandboxOptions(v1_stages="off")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "admin", "v1_stages"),
    [([], True, "on"), (["--no-admin", "--v1-stages", "gone"], False, "gone")],
)
def test_the_cli_flags_reach_the_options(monkeypatch, args, admin, v1_stages) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(server, "run", lambda options, *a, **k: seen.update(options=options))
    assert sandbox.name == "sandbox"
    result = CliRunner().invoke(cli, ["sandbox", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    assert (seen["options"].admin, seen["options"].v1_stages) == (admin, v1_stages)
