"""`export` end to end: the CLI against a sandbox on loopback."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Sandbox


def test_stdout_is_one_config_that_plans_to_no_changes(sandbox: Sandbox, cli, tmp_path: Path):
    result = cli("export")
    assert result.code == 0
    assert result.out.startswith("# yaml-language-server: $schema=../schemas/")
    assert "\npipelines:\n" in result.out and "\nroles:\n" in result.out
    (tmp_path / "company.yaml").write_text(result.out, encoding="utf-8")
    plan = cli("plan", str(tmp_path), "--detailed-exitcode")
    assert plan.code == 0 and "No changes." in plan.out
    assert cli("export").out == result.out  # deterministic
    assert sandbox.stats()["writes"] == 0


def test_out_writes_one_file_per_kind_and_refuses_to_overwrite(
    sandbox: Sandbox, cli, tmp_path: Path
):
    out = tmp_path / "config"
    result = cli("export", "--out", str(out), "--schema-ref", "https://example.com/s.json")
    assert result.code == 0
    assert sorted(p.name for p in out.iterdir()) == ["pipelines.yaml", "roles.yaml"]
    assert (
        (out / "roles.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=https://example.com/s.json\n")
    )
    assert "Wrote" in result.err and "tokens" in result.err
    again = cli("export", "--out", str(out))
    assert again.code == 64 and "--update" in again.err


def test_kind_and_update_through_the_cli(sandbox: Sandbox, cli, tmp_path: Path):
    out = tmp_path / "config"
    assert cli("export", "--out", str(out), "--kind", "pipelines").code == 0
    assert sorted(p.name for p in out.iterdir()) == ["pipelines.yaml"]
    text = (out / "pipelines.yaml").read_text()
    (out / "pipelines.yaml").write_text(
        text.replace("  - name: Sales\n", "  - name: Sales  # ours\n")
    )
    unchanged = cli("export", "--update", "--out", str(out), "--kind", "stage")
    assert unchanged.code == 0 and "nothing to update" in unchanged.err
    updated = cli("export", "--update", "--out", str(out))
    assert updated.code == 0 and "roles.yaml" in updated.err
    assert "# ours" in (out / "pipelines.yaml").read_text()
    assert cli("plan", str(out), "--detailed-exitcode").code == 0
    assert cli("export", "--kind", "widgets").code == 64
