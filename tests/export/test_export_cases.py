"""Export's decisions on companies a config cannot mirror one to one, and its reading cost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.export.helpers import export_to, plan_of
from tests.integration.conftest import make_company

pytestmark = pytest.mark.anyio

SEED: dict[str, Any] = {
    "users": [{"name": "Ann", "email": "ann@example.com"}, {"name": "Bo", "email": "bo@x.io"}],
    "pipelines": [{"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won"}]}],
    "roles": [{"name": "Team", "members": ["ann@example.com"], "settings": {}}],
}


def _read(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


async def test_a_role_name_shared_live_is_pinned_and_the_twin_left_unmanaged(tmp_path: Path):
    company = make_company(SEED)
    async with company.client:
        await company.client.post("v1", "/roles", {"name": "Team"})
        notes = await export_to(company, tmp_path)
        plan = await plan_of(company, tmp_path)
        live_roles = await company.v1("/roles")
    roles = _read(tmp_path / "roles.yaml")["roles"]
    assert [r["name"] for r in roles] == ["Team"]
    assert roles[0]["id"] == min(r["id"] for r in live_roles if r["name"] == "Team")
    assert any("2 live roles are named 'Team'" in n for n in notes)
    assert plan.changes == ()
    assert plan.unmanaged == ("role/Team",)


async def test_a_stage_name_shared_in_a_pipeline_leaves_its_stages_unmanaged(tmp_path: Path):
    company = make_company(SEED)
    async with company.client:
        pipelines = await company.v2("/pipelines")
        await company.client.post(
            "v2", "/stages", {"name": "Won", "pipeline_id": pipelines[0]["id"]}
        )
        notes = await export_to(company, tmp_path)
        plan = await plan_of(company, tmp_path)
    sales = _read(tmp_path / "pipelines.yaml")["pipelines"][0]
    assert "stages" not in sales
    assert any("stages of pipeline 'Sales' are not managed" in n for n in notes)
    assert "stages of pipeline 'Sales'" in (tmp_path / "pipelines.yaml").read_text()
    assert plan.changes == ()


async def test_a_user_without_email_is_a_member_by_id(tmp_path: Path):
    state = await _state_of(SEED)
    for user in state["users"]:
        if user["email"] == "ann@example.com":
            user["email"] = ""
            ann = user["id"]
    company = make_company(state)
    async with company.client:
        await export_to(company, tmp_path)
        plan = await plan_of(company, tmp_path)
    team = _read(tmp_path / "roles.yaml")["roles"][0]
    assert team["members"] == [ann]
    assert plan.changes == ()


async def test_the_default_role_is_exported_only_when_changed_and_never_with_members(
    tmp_path: Path,
):
    company = make_company(SEED)
    async with company.client:
        await export_to(company, tmp_path / "fresh")
        await company.client.post(
            "v1", "/roles/1/settings", {"setting_key": "deal_default_visibility", "value": 3}
        )
        await export_to(company, tmp_path / "changed")
        plan = await plan_of(company, tmp_path / "changed")
    fresh = _read(tmp_path / "fresh" / "roles.yaml")["roles"]
    assert "(Unassigned users)" not in [r["name"] for r in fresh]
    changed = {r["name"]: r for r in _read(tmp_path / "changed" / "roles.yaml")["roles"]}
    default = changed["(Unassigned users)"]
    assert default["settings"]["deal_default_visibility"] == 3
    assert "members" not in default and "parent" not in default
    assert changed["Team"]["parent"] is None  # written, so the hierarchy is managed
    assert plan.changes == ()


async def test_kind_narrows_files_and_reads_and_settings_cost_two_tokens(tmp_path: Path):
    company = make_company(SEED)
    async with company.client:
        await export_to(company, tmp_path, kinds=("role_members",))
        stats = await company.stats()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roles.yaml"]
    operations = stats["by_operation"]
    assert operations["GET /api/v1/roles/{id}"]["tokens"] == 4  # two roles, 2 tokens each
    assert "GET /api/v1/roles/{id}/settings" not in operations
    assert not any("stages" in op for op in operations)
    assert stats["writes"] == 0


async def _state_of(seed: dict[str, Any]) -> dict[str, Any]:
    company = make_company(seed)
    state = await company.state()
    await company.control.aclose()
    return state
