"""`export --update`: a config brought up to date in place, comments and spelling kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reconciler.config.export import choose, reads_for
from reconciler.config.export_update import update_directory
from reconciler.reading import everything, read_live
from tests.export.helpers import plan_of
from tests.integration.conftest import Company, make_company

pytestmark = pytest.mark.anyio

SEED: dict[str, Any] = {
    "users": [
        {"name": "Ann", "email": "ann@example.com"},
        {"name": "Bo", "email": "bo@example.com"},
        {"name": "Cy", "email": "cy@example.com"},
    ],
    "pipelines": [
        {
            "name": "Sales",
            "deal_probability": True,
            "stages": [
                {"name": "Lead", "deal_probability": 10},
                {"name": "Demo", "deal_probability": 40, "rotten_days": 7},
                {"name": "Won", "deal_probability": 100},
            ],
        }
    ],
    "roles": [
        {
            "name": "Managers",
            "settings": {"deal_default_visibility": 7, "lead_default_visibility": 3},
            "members": ["ann@example.com", "bo@example.com"],
        },
        {"name": "Reps", "parent": "Managers", "members": ["cy@example.com"]},
        {"name": "Old Team"},
    ],
}

CONFIG = """\
# yaml-language-server: $schema=../schemas/pipedrive-reconciler.schema.json
# Our company. Keep this comment.
pipelines:
  - name: Sales   # the main one
    deal_probability: true
    stages:
      - name: Lead
        deal_probability: 10
      # demos rot after a week
      - name: Demo
        deal_probability: 40
        rotten_days: 7
      - name: Won
        deal_probability: 100
"""

ROLES = """\
roles:
  # managers see everything
  - name: Managers
    settings:
      deal_default_visibility: 7   # entire company
    members: [ann@example.com, BO@example.com]
  - name: Reps
    parent: Managers
    members:
      - {cy}
  - name: Old Team
"""


async def _update(company: Company, directory: Path) -> Any:
    exporters = choose(())
    live = await read_live(company.client, everything(reads_for(exporters)))
    return update_directory(directory, live, exporters, "schema.json")


async def _drift(company: Company) -> None:
    """Changes an admin makes by hand in Pipedrive."""
    client = company.client
    roles = {r["name"]: r["id"] for r in await company.v1("/roles")}
    users = {u["email"]: u["id"] for u in await company.v1("/users")}
    stages = {s["name"]: s["id"] for s in await company.v2("/stages")}
    pipeline = (await company.v2("/pipelines"))[0]["id"]
    await client.post(
        "v1",
        f"/roles/{roles['Managers']}/settings",
        {"setting_key": "deal_default_visibility", "value": 5},
    )
    await client.post(
        "v1",
        f"/roles/{roles['Managers']}/settings",
        {"setting_key": "org_default_visibility", "value": 7},
    )
    await client.post(
        "v1", f"/roles/{roles['Reps']}/assignments", {"user_id": users["bo@example.com"]}
    )
    await client.delete("v1", f"/roles/{roles['Old Team']}")
    await client.post("v1", "/roles", {"name": "Support", "parent_role_id": roles["Managers"]})
    await client.patch(
        "v2",
        f"/stages/{stages['Demo']}",
        {"name": "Demo Done", "is_deal_rot_enabled": False},
    )
    await client.post(
        "v2", "/stages", {"name": "Lost", "pipeline_id": pipeline, "deal_probability": 0}
    )


async def test_update_keeps_comments_and_changes_only_what_differs(tmp_path: Path):
    company = make_company(SEED)
    async with company.client:
        users = {u["email"]: u["id"] for u in await company.v1("/users")}
        (tmp_path / "pipelines.yaml").write_text(CONFIG, encoding="utf-8")
        roles_text = ROLES.replace("{cy}", str(users["cy@example.com"]))
        (tmp_path / "roles.yaml").write_text(roles_text, encoding="utf-8")
        assert (await plan_of(company, tmp_path)).changes == ()
        untouched = await _update(company, tmp_path)
        assert untouched.written == []  # already in sync: not a byte changes

        await _drift(company)
        assert (await plan_of(company, tmp_path)).changes != ()
        result = await _update(company, tmp_path)
        plan = await plan_of(company, tmp_path)

    assert plan.changes == (), [c.address for c in plan.changes]
    pipelines = (tmp_path / "pipelines.yaml").read_text(encoding="utf-8")
    roles = (tmp_path / "roles.yaml").read_text(encoding="utf-8")
    assert "# Our company. Keep this comment." in pipelines
    assert "- name: Sales   # the main one" in pipelines
    assert "# managers see everything" in roles
    # Renamed stage: new name, rotting off (rotten_days removed); new stage appended.
    assert "- name: Demo Done" in pipelines and "rotten_days" not in pipelines
    assert pipelines.index("Demo Done") < pipelines.index("Won") < pipelines.index("Lost")
    # Only the managed setting key changes; org_default_visibility stays unmanaged.
    assert "deal_default_visibility: 5   # entire company" in roles
    managers = roles.split("- name: Reps")[0]
    assert "org_default_visibility" not in managers
    # Members keep their spelling; Bo moved to Reps; a member given by id stays an id.
    assert "members: [ann@example.com]" in roles
    assert f"- {users['cy@example.com']}" in roles and "bo@example.com" in roles
    # Gone from Pipedrive: removed; new in Pipedrive: appended with everything.
    assert "Old Team" not in roles and "- name: Support" in roles
    assert roles.index("- name: Support") > roles.index("- name: Reps")
    support = roles.split("- name: Support")[1]
    assert "parent: Managers" in support and "org_default_visibility: 1" in support
    assert sorted(p.name for p in result.written) == ["pipelines.yaml", "roles.yaml"]
    assert any("Removed roles 'Old Team'" in m for m in result.messages)


async def test_update_creates_the_file_of_a_section_no_file_declares(tmp_path: Path):
    company = make_company(SEED)
    (tmp_path / "pipelines.yaml").write_text(CONFIG, encoding="utf-8")
    async with company.client:
        await _update(company, tmp_path)
        plan = await plan_of(company, tmp_path)
    roles = (tmp_path / "roles.yaml").read_text(encoding="utf-8")
    assert roles.startswith("# yaml-language-server: $schema=schema.json\n")
    assert plan.changes == ()
