"""Export of projects, product followers and subscriptions: export then plan is empty."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, cli  # noqa: F401  (the cli fixture)
from tests.kinds.conftest import EXTENDED

CONFIG = str(EXTENDED / "pipedrive.yaml")


def _serve(monkeypatch: pytest.MonkeyPatch, **options: object) -> Iterator[str]:
    seed = _parse((EXTENDED / "sandbox-seed.yaml").read_text())
    # A product nobody follows: not exported.
    seed["products"].append({"id": 18, "name": "Spare parts"})
    with serve_in_thread(SandboxOptions(token=TOKEN, seed=seed, burst=100_000, **options)) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        yield url


@pytest.fixture
def company(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from _serve(monkeypatch)


@pytest.fixture
def removed_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from _serve(monkeypatch, subscriptions_api="gone")


def _parse(text: str) -> Any:
    return _plain(YAML(typ="safe", pure=True).load(text))


def _plain(value: Any) -> Any:
    """Dates as the ISO text the config means."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _load(path: Path) -> Any:
    return _parse(path.read_text())


def test_export_after_apply_plans_to_no_changes(company, cli, tmp_path):  # noqa: F811
    applied = cli("apply", CONFIG, "--auto-approve")
    assert applied.code == 0, applied.err
    out = tmp_path / "exported"
    result = cli("export", "--out", str(out))
    assert result.code == 0, result.err
    products = _load(out / "products.yaml")["products"]
    assert products == [{"id": 17, "followers": ["alice@acme.example", "bob@acme.example"]}]
    subscriptions = _load(out / "subscriptions.yaml")["subscriptions"]
    assert [s["deal"] for s in subscriptions] == [101, 102, 103]
    assert subscriptions[0]["recurring"] == {
        "currency": "EUR",
        "cadence": "monthly",
        "cycle_amount": 100,
        "cycles_count": 12,
        "start_date": "2026-12-01",
        "description": "Support plan",
    }
    assert subscriptions[1]["installment"] == {
        "currency": "USD",
        "payments": [{"amount": 500, "description": "First", "due_at": "2026-12-15"}],
    }
    assert subscriptions[2]["recurring"]["infinite"] is True
    assert "cycles_count" not in subscriptions[2]["recurring"]
    assert subscriptions[2]["cancelled"] == {}
    assert "projects.yaml" in {p.name for p in out.iterdir()}

    again = cli("plan", str(out), "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes." in again.out


def test_export_of_the_drifted_seed_plans_to_no_changes(company, cli, tmp_path):  # noqa: F811
    out = tmp_path / "exported"
    assert cli("export", "--out", str(out)).code == 0
    products = _load(out / "products.yaml")["products"]
    assert products == [{"id": 17, "followers": ["carol@acme.example"]}]
    deals = [s["deal"] for s in _load(out / "subscriptions.yaml")["subscriptions"]]
    assert deals == [101, 103]
    again = cli("plan", str(out), "--detailed-exitcode")
    assert again.code == 0, again.out + again.err


def test_export_kind_products_reads_only_products(company, cli):  # noqa: F811
    result = cli("export", "--kind", "products")
    assert result.code == 0, result.err
    doc = _parse(result.out)
    assert set(doc) == {"products"}
    # The users (20), the v2 product list (10), one follower list per product (20 each);
    # no permitted users.
    assert "cost 70 tokens" in result.err


def test_removed_api_skips_subscriptions_with_a_note(removed_api, cli):  # noqa: F811
    result = cli("export")
    assert result.code == 0, result.err
    assert "subscriptions not exported" in result.err
    assert "410" in result.err
    doc = _parse(result.out)
    assert "subscriptions" not in doc and doc["products"][0]["id"] == 17


def test_removed_api_is_an_error_when_asked_for(removed_api, cli):  # noqa: F811
    result = cli("export", "--kind", "subscriptions")
    assert result.code == 1
    assert "Pipedrive removed the Subscriptions API" in result.err
    assert "Traceback" not in result.err


def test_update_keeps_a_converged_config_and_follows_changes(company, cli, tmp_path):  # noqa: F811
    config = tmp_path / "config"
    config.mkdir()
    text = (EXTENDED / "pipedrive.yaml").read_text()
    (config / "pipedrive.yaml").write_text(text)
    assert cli("apply", str(config), "--auto-approve").code == 0
    same = cli(
        "export", "--update", "--out", str(config), "--kind", "products", "--kind", "subscriptions"
    )
    assert same.code == 0, same.err
    assert "nothing to update" in same.err
    assert (config / "pipedrive.yaml").read_text() == text

    # Pipedrive changes: carol follows product 17 instead of bob; deal 102 loses its
    # subscription.
    drifted = tmp_path / "drifted"
    drifted.mkdir()
    changed = text.replace(
        "followers: [alice@acme.example, bob@acme.example]",
        "followers: [alice@acme.example, carol@acme.example]",
    ).replace("prune: [projects]", "prune: [projects, subscriptions]")
    start = changed.index("  - deal: 102")
    changed = changed[:start] + changed[changed.index("  - deal: 103") :]
    (drifted / "pipedrive.yaml").write_text(changed)
    assert cli("apply", str(drifted), "--auto-approve").code == 0, "drift applied"

    updated = cli("export", "--update", "--out", str(config))
    assert updated.code == 0, updated.err
    assert "Removed subscriptions '102'" in updated.err
    after = (config / "pipedrive.yaml").read_text()
    assert "carol@acme.example" in after and "deal: 102" not in after
    assert "# Projects, product followers and subscriptions" in after  # comments kept
    plan = cli("plan", str(config), "--detailed-exitcode")
    assert plan.code == 0, plan.out + plan.err
