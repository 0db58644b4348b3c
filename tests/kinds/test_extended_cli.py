"""The command line with the extended kinds, against a loopback sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, cli  # noqa: F401  (the cli fixture)
from tests.kinds.conftest import EXTENDED

CONFIG = str(EXTENDED / "pipedrive.yaml")


def serve(monkeypatch: pytest.MonkeyPatch, **options: object) -> Iterator[str]:
    seed = EXTENDED / "sandbox-seed.yaml"
    with serve_in_thread(
        SandboxOptions(token=TOKEN, seed=seed, **{"burst": 100_000, **options})
    ) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        yield url


@pytest.fixture
def extended_company(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from serve(monkeypatch)


@pytest.fixture
def removed_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from serve(monkeypatch, subscriptions_api="gone")


def test_plan_apply_plan_is_empty(extended_company, cli):  # noqa: F811
    first = cli("plan", CONFIG, "--detailed-exitcode")
    assert first.code == 2, first.err
    assert "project/Globex rollout" in first.out and "subscription/103" in first.out
    applied = cli("apply", CONFIG, "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    again = cli("plan", CONFIG, "--detailed-exitcode")
    assert again.code == 0, again.out
    assert "No changes." in again.out


def test_removed_subscriptions_api_exits_1_plainly(removed_api, cli):  # noqa: F811
    result = cli("apply", CONFIG, "--auto-approve")
    assert result.code == 1
    assert "Pipedrive removed the Subscriptions API from live accounts in 2025" in result.err
    assert "Traceback" not in result.err
