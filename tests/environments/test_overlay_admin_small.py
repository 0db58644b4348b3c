"""Environments merge activity types, lead labels and webhooks by name; an environment may
give a webhook its own URL and password."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.config.environments import ConfigPaths
from reconciler.config.loader import load_config

BASE = """\
activity_types:
  - {name: Demo, icon: presentation}
lead_labels:
  - {name: Hot, color: red}
webhooks:
  - name: Deal sync
    url: https://staging-hooks.example.com/
    event: create.deal
    http_auth: {user: hook, password: "${STAGING_HOOK_PASSWORD}"}
"""
PROD = """\
lead_labels:
  - {name: Hot, color: purple}
  - {name: Warm, color: orange}
webhooks:
  - name: Deal sync
    url: https://hooks.example.com/
    http_auth: {user: hook, password: "${PROD_HOOK_PASSWORD}"}
"""


def test_an_environment_overlays_the_new_sections_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAGING_HOOK_PASSWORD", "staging-secret")
    monkeypatch.setenv("PROD_HOOK_PASSWORD", "prod-secret")
    (tmp_path / "environments").mkdir()
    (tmp_path / "main.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "environments" / "prod.yaml").write_text(PROD, encoding="utf-8")
    config = load_config(ConfigPaths([tmp_path], "prod")).config
    assert [(t.name, t.icon) for t in config.activity_types] == [("Demo", "presentation")]
    assert [(x.name, x.color) for x in config.lead_labels] == [
        ("Hot", "purple"),
        ("Warm", "orange"),
    ]
    (hook,) = config.webhooks
    assert (hook.url, hook.event) == ("https://hooks.example.com/", "create.deal")
    assert hook.http_auth is not None and hook.http_auth.password == "prod-secret"
