"""`drift` for projects, product followers and subscriptions, against a loopback sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, cli  # noqa: F401  (the cli fixture)
from tests.kinds.conftest import EXTENDED

CONFIG = str(EXTENDED / "pipedrive.yaml")
HEADERS = {"x-api-token": TOKEN}
UNKNOWN = "project, product follower and subscription changes are not in Pipedrive's recents"


@pytest.fixture
def url(monkeypatch: pytest.MonkeyPatch, cli) -> Iterator[str]:  # noqa: F811
    """The extended sandbox, with the example config applied: no drift."""
    seed = EXTENDED / "sandbox-seed.yaml"
    with serve_in_thread(SandboxOptions(token=TOKEN, seed=seed, burst=100_000)) as base:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", base)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        assert cli("apply", CONFIG, "--auto-approve").code == 0
        yield base


def _call(method: str, url: str, **kwargs: object) -> dict:
    response = httpx.request(method, url, headers=HEADERS, **kwargs)  # type: ignore[arg-type]
    response.raise_for_status()
    return response.json()["data"]


def test_in_sync_exits_0(url, cli):  # noqa: F811
    result = cli("drift", CONFIG)
    assert result.code == 0, result.out + result.err
    assert "No drift." in result.out


def test_changes_outside_the_config_are_drift_for_each_kind(url, cli):  # noqa: F811
    v1 = f"{url}/api/v1"
    projects = _call("GET", f"{v1}/projects", params={"include_archived": "true"})
    acme = next(p for p in projects if p["title"] == "ACME onboarding")
    _call("PUT", f"{v1}/projects/{acme['id']}", json={"status": "completed"})
    users = {u["email"]: u["id"] for u in _call("GET", f"{v1}/users")}
    _call("POST", f"{v1}/products/17/followers", json={"user_id": users["carol@acme.example"]})
    found = _call("GET", f"{v1}/subscriptions/find/101")
    body = {"cycle_amount": 90, "effective_date": "2026-12-01"}
    _call("PUT", f"{v1}/subscriptions/recurring/{found['id']}", json=body)

    result = cli("drift", CONFIG)
    assert result.code == 2, result.out + result.err
    for address in ("project/ACME onboarding", "product_followers/17", "subscription/101"):
        assert f"~ {address} has changed outside the configuration" in result.out
    assert "Drift: 3 changed outside the configuration" in result.out
    assert UNKNOWN in result.out
