"""Every admin kind at once (examples/admin-kinds: custom fields, boards and phases, activity
types, lead labels, a webhook) through the command line against its drifted seed: plan,
apply, "No changes."; then export and plan the export: "No changes." again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread
from tests.e2e.conftest import TOKEN, Sandbox, cli  # noqa: F401  (the cli fixture)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "admin-kinds"
PASSWORD = "tr0ub4dor-and-3"


@pytest.fixture
def company(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sandbox]:
    options = SandboxOptions(token=TOKEN, seed=EXAMPLE / "sandbox-seed.yaml", burst=100_000)
    with serve_in_thread(options) as url:
        monkeypatch.setenv("PIPEDRIVE_BASE_URL", url)
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        monkeypatch.setenv("HOOK_PASSWORD", PASSWORD)
        yield Sandbox(url)


def test_every_admin_kind_converges_and_exports_to_no_changes(company, cli, tmp_path):  # noqa: F811
    config = str(EXAMPLE / "pipedrive.yaml")
    first = cli("plan", config, "--detailed-exitcode")
    assert first.code == 2, first.err
    for address in (
        "field/deal/Priority",
        "activity_type/Demo",
        "lead_label/Warm",
        "webhook/Deal sync",
    ):
        assert address in first.out, address
    applied = cli("apply", config, "--auto-approve")
    assert applied.code == 0, applied.err + applied.out
    again = cli("plan", config, "--detailed-exitcode")
    assert again.code == 0 and "No changes." in again.out, again.out

    out = tmp_path / "exported"
    exported = cli("export", "--out", str(out))
    assert exported.code == 0, exported.err
    assert "webhooks.yaml (1 webhook)" in exported.err and "custom fields)" in exported.err
    for section in ("fields", "boards", "activity_types", "lead_labels", "webhooks"):
        assert (out / f"{section}.yaml").exists(), section
    replanned = cli("plan", str(out), "--detailed-exitcode")
    assert replanned.code == 0 and "No changes." in replanned.out, replanned.out
    for result in (first, applied, again, exported, replanned):
        assert PASSWORD not in result.out + result.err
    assert not any(PASSWORD in f.read_text() for f in out.iterdir())
