"""Environments merge custom fields by name within their entity."""

from __future__ import annotations

from reconciler.config.environments import ConfigPaths
from reconciler.config.loader import load_config

BASE = """\
fields:
  deal:
    - {name: Priority, type: enum, options: [Low, High], important: true}
    - {name: Budget, type: monetary}
  person:
    - {name: Priority, type: varchar}
"""
PROD = """\
fields:
  deal:
    - {name: Priority, options: [Low, High, Urgent]}
    - {name: Region, type: varchar}
  organization:
    - {name: Tier, type: enum, options: [Gold]}
"""


def test_fields_merge_by_name_within_their_entity(tmp_path):
    (tmp_path / "environments").mkdir()
    (tmp_path / "main.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "environments" / "prod.yaml").write_text(PROD, encoding="utf-8")
    fields = load_config(ConfigPaths([tmp_path], "prod")).config.fields
    priority, budget, region = fields.deal
    assert (priority.name, priority.type, priority.important) == ("Priority", "enum", True)
    assert priority.option_labels() == ["Low", "High", "Urgent"]  # a plain list is replaced
    assert (budget.name, region.name) == ("Budget", "Region")
    assert [(f.name, f.type) for f in fields.person] == [("Priority", "varchar")]
    assert [f.name for f in fields.organization] == ["Tier"]
    loaded = load_config(ConfigPaths([tmp_path], "prod"))
    env_file = str(tmp_path / "environments" / "prod.yaml")
    assert loaded.origin("fields", "deal", 2).startswith(env_file)
