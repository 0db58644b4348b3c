"""Look-alikes are warned about, never silently duplicated: a pipeline renamed in Pipedrive
(recognised by its stages), a stage renamed in place (by its position), a name differing only
in case, a declared name with surrounding whitespace; and `export --pin-ids`."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TOKEN, Sandbox

ADVICE = "add renamed_from or id: to match it"


@pytest.fixture
def exported(sandbox: Sandbox, cli, tmp_path: Path) -> Path:
    directory = tmp_path / "config"
    assert cli("export", "--out", str(directory)).code == 0
    return directory


def _rename(sandbox: Sandbox, path: str, old: str, new: str) -> int:
    found = next(o for o in sandbox.get(f"/api/v2/{path}", limit=500) if o["name"] == old)
    httpx.patch(
        f"{sandbox.url}/api/v2/{path}/{found['id']}",
        json={"name": new},
        headers={"x-api-token": TOKEN},
    ).raise_for_status()
    return int(found["id"])


def test_a_pipeline_renamed_in_pipedrive_is_recognised_by_its_stages(sandbox, cli, exported):
    pipeline_id = _rename(sandbox, "pipelines", "Sales", "Sales EMEA")
    result = cli("plan", str(exported))
    assert result.code == 0
    assert (
        f"{exported / 'pipelines.yaml'}:4:5: pipeline/Sales is created although the live "
        f"pipeline 'Sales EMEA' (id {pipeline_id}) holds the same stages (7 of its 7 by name): "
        f"did you mean 'Sales EMEA'? {ADVICE} (renamed_from: [Sales EMEA] or id: {pipeline_id})"
    ) in result.out
    assert result.out.count("did you mean") == 1


def test_a_name_differing_only_in_case_is_warned_about(sandbox, cli, exported):
    pipelines = exported / "pipelines.yaml"
    pipelines.write_text(
        pipelines.read_text().replace("- name: Partnerships", "- name: partnerships")
    )
    roles = exported / "roles.yaml"
    roles.write_text(roles.read_text().replace("- Partnerships", "- partnerships"))
    result = cli("plan", str(exported))
    assert "+ pipeline/partnerships" in result.out
    assert (
        "pipeline/partnerships is created although the live pipeline 'Partnerships' (id "
    ) in result.out
    assert "differs from it only in case: did you mean 'Partnerships'? " + ADVICE in result.out


def test_a_role_renamed_by_case_is_warned_about_beside_its_delete(sandbox, cli, exported):
    roles = exported / "roles.yaml"
    text = roles.read_text().replace("name: SDR", "name: sdr")
    roles.write_text("prune: [roles]\n" + text)
    result = cli("plan", str(exported))
    assert "+ role/sdr" in result.out and "- role/SDR" in result.out
    assert "role/sdr is created although the live role 'SDR' (id " in result.out
    assert "differs from it only in case: did you mean 'SDR'?" in result.out


def test_surrounding_whitespace_in_a_declared_name_is_a_config_error(sandbox, cli, exported):
    roles = exported / "roles.yaml"
    roles.write_text(
        roles.read_text().replace("- name: Sales Manager\n", '- name: "Sales Manager "\n')
    )
    result = cli("plan", str(exported))
    assert result.code == 1
    assert (
        "roles[2].name: a name must not start or end with whitespace (names are compared as "
        "written) (got 'Sales Manager ')"
    ) in result.err
    assert sandbox.stats()["writes"] == 0


def test_a_stage_renamed_in_place_is_recognised_by_its_position_without_an_order_warning(
    sandbox, cli, exported
):
    stage_id = _rename(sandbox, "stages", "Qualified", "Qualified Lead")
    result = cli("plan", str(exported))
    assert "+ stage/Sales/Qualified" in result.out
    assert "- stage/Sales/Qualified Lead" in result.out
    assert (
        f"stage/Sales/Qualified is created although the live stage 'Qualified Lead' "
        f"(id {stage_id}) is at the same position (2): did you mean 'Qualified Lead'? {ADVICE}"
    ) in result.out
    assert "out of order" not in result.out


def test_export_pin_ids_writes_pins_that_follow_a_rename(sandbox, cli, tmp_path):
    directory = tmp_path / "pinned"
    assert cli("export", "--pin-ids", "--out", str(directory)).code == 0
    text = (directory / "pipelines.yaml").read_text()
    sales = next(p for p in sandbox.get("/api/v2/pipelines") if p["name"] == "Sales")
    assert f"  - name: Sales\n    id: {sales['id']}\n" in text
    assert "      - name: Lead In\n        id: " in text
    assert "\n    id: " in (directory / "roles.yaml").read_text()
    assert cli("plan", "--detailed-exitcode", str(directory)).code == 0
    _rename(sandbox, "pipelines", "Sales", "Sales EMEA")
    result = cli("plan", str(directory))
    assert "~ pipeline/Sales" in result.out
    assert 'name: "Sales EMEA" -> "Sales"' in result.out
    assert "did you mean" not in result.out and "+ pipeline" not in result.out


def test_export_writes_undeclarable_live_names_trimmed_and_pinned(sandbox, cli, tmp_path):
    pipeline_id = _rename(sandbox, "pipelines", "Partnerships", " Partnerships ")
    stage_id = _rename(sandbox, "stages", "Intro", "Intro\t")
    directory = tmp_path / "config"
    result = cli("export", "--out", str(directory))
    assert result.code == 0
    assert f"pipeline ' Partnerships ' (id {pipeline_id}) is written as 'Partnerships'" in (
        result.err
    )
    assert f"stage 'Intro\\t' (id {stage_id}) is written as 'Intro' with an id pin" in result.err
    text = (directory / "pipelines.yaml").read_text()
    assert f"  - name: Partnerships\n    id: {pipeline_id}\n" in text
    assert f"      - name: Intro\n        id: {stage_id}\n" in text
    assert cli("validate", str(directory)).code == 0
    plan = cli("plan", str(directory))
    assert 'name: " Partnerships " -> "Partnerships"' in plan.out
    assert "+ " not in plan.out and "- pipeline" not in plan.out
    assert cli("apply", "--auto-approve", str(directory)).code == 0
    assert cli("plan", "--detailed-exitcode", str(directory)).code == 0
