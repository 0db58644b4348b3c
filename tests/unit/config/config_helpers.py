"""Helpers for config tests (imported as `config_helpers`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.config.loader import LoadedConfig, load_config
from reconciler.errors import ConfigError

DESIGN_EXAMPLE = """\
# yaml-language-server: $schema=../schemas/pipedrive-reconciler.schema.json
prune: [roles]
guards: {max_delete_percent: 30, min_existing: 10}
pipelines:
  - name: Sales
    deal_probability: true
    stages:
      - name: Lead In
        deal_probability: 10
        rotten_days: 14
      - name: Won
        deal_probability: 100
        renamed_from: [Closed]
roles:
  - name: Sales Manager
    settings:
      deal_default_visibility: 7
    pipelines:
      visible: [Sales]
    members: [alice@example.com, 42]
  - name: Sales Rep
    parent: Sales Manager
    protect: true
"""


def issues_of(*paths: str | Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_config(list(paths))
    return [str(issue) for issue in caught.value.issues]


def load(*paths: str | Path) -> LoadedConfig:
    return load_config(list(paths))
