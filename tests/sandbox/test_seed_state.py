"""Seed loading (YAML config, dict, state dump), errors with positions, reset and state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconciler.errors import ConfigError
from reconciler.sandbox.kinds.deals import Deals
from reconciler.sandbox.kinds.pipelines import Pipelines
from reconciler.sandbox.kinds.roles import Roles
from reconciler.sandbox.kinds.users import Users
from reconciler.sandbox.seed import load_seed

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
pipelines:
  - name: Sales
    deal_probability: true
    stages:
      - {name: Lead, deal_probability: 10}
      - {name: Won, rotten_days: 7}
roles:
  - name: Boss
    settings: {deal_default_visibility: 7}
    pipelines: {visible: [Sales]}
    members: [b@example.com]
  - name: Worker
    parent: Boss
    members: [w@example.com]
users:
  - {name: Boss Person, email: b@example.com}
  - {name: Worker Person, email: w@example.com}
  - {name: Idle Person, email: i@example.com, active: false}
deals:
  - {pipeline: Sales, stage: Won, count: 3}
"""


def test_a_yaml_seed_builds_the_company(tmp_path):
    path = tmp_path / "seed.yaml"
    path.write_text(GOOD)
    store = load_seed(path).build(lambda: 1_700_000_000.0)
    roles = {r.name: r for r in store.part(Roles).list_roles()}
    assert roles["Worker"].parent_role_id == roles["Boss"].id
    assert roles["Boss"].settings["deal_default_visibility"] == 7
    users = {u.email: u for u in store.part(Users).list_users()}
    assert users["b@example.com"].role_id == roles["Boss"].id
    assert users["i@example.com"].role_id == 1 and users["i@example.com"].active_flag is False
    assert store.part(Users).owner().email == "b@example.com"
    pipelines = store.part(Pipelines)
    (sales,) = pipelines.active_pipelines()
    assert sales.deal_probability is True
    lead, won = pipelines.active_stages(sales.id)
    assert (lead.deal_probability, won.rotten_flag, won.rotten_days) == (10, True, 7)
    assert len(store.part(Deals).stage_deals(won.id)) == 3


def test_the_example_seed_loads():
    store = load_seed(ROOT / "examples" / "sandbox-seed.yaml").build(lambda: 0.0)
    assert store.part(Users).list_users() and store.part(Pipelines).active_stages()
    assert store.part(Deals).active_deals()


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("roles:\n  - name: A\n    members: [ghost@example.com]\n", "3:15", "not among"),
        ("pipelines:\n  - name: P\ndeals:\n  - {pipeline: P, stage: Nope}\n", "4:19", "Nope"),
        ("deals:\n  - {pipeline: Q, stage: S}\n", "2:6", "pipeline 'Q'"),
        ("roles:\n  - name: A\n    parent: Z\n", "3:5", "unknown parent"),
        ("roles:\n  - name: A\n    colour: red\n", "3:5", "colour"),
        ("roles:\n  - name: A\n    settings: {deal_default_visibility: 2}\n", "3:16", "deal"),
        ("users:\n  - {name: X}\n", "2:5", "email"),
        ("roles: [\n", "2:1", "invalid YAML"),
        ("- just\n- a list\n", "1:1", "mapping"),
    ],
)
def test_bad_seeds_raise_config_errors_with_positions(tmp_path, text, position, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_seed(path)
    message = str(caught.value)
    assert f"{path}:{position}:" in message, message
    assert words in message


def test_every_problem_is_reported_at_once():
    seed = {"roles": [{"name": "A", "parent": "X", "members": ["nobody@example.com"]}]}
    with pytest.raises(ConfigError) as caught:
        load_seed(seed)
    assert len(caught.value.issues) == 2


def test_a_missing_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read seed"):
        load_seed(tmp_path / "absent.yaml")


@pytest.mark.anyio
async def test_state_round_trips_through_load_seed_and_reset(api, tmp_path):
    await api.data("POST", "/api/v1/roles", json={"name": "Later"})
    await api.data("DELETE", "/api/v2/stages/1")
    state = (await api.control.get("/_sandbox/state")).json()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    rebuilt = load_seed(path).build(lambda: 0.0)
    assert rebuilt.dump() == state

    assert (await api.control.post("/_sandbox/reset")).status_code == 200
    assert "Later" not in [r["name"] for r in await api.data("GET", "/api/v1/roles")]
    assert (await api.control.get("/_sandbox/stats")).json()["requests"] == 1

    assert (await api.control.post("/_sandbox/reset", json={"state": state})).status_code == 200
    assert "Later" in [r["name"] for r in await api.data("GET", "/api/v1/roles")]
    assert (await api.call("GET", "/api/v1/stages/1")).status_code == 404
    created = await api.data("POST", "/api/v1/roles", json={"name": "Fresh"})
    assert created["id"] == 5  # ids continue after the dump's


@pytest.mark.anyio
async def test_reset_with_another_seed_and_bad_bodies(api):
    seed = {"users": [{"name": "Solo", "email": "solo@example.com"}]}
    assert (await api.control.post("/_sandbox/reset", json={"seed": seed})).status_code == 200
    assert [u["name"] for u in await api.data("GET", "/api/v1/users")] == ["Solo"]
    bad = await api.control.post("/_sandbox/reset", json={"seed": {"roles": [{"nom": "x"}]}})
    assert bad.status_code == 400 and "Invalid seed" in bad.json()["error"]
    assert (await api.control.post("/_sandbox/reset", json={"other": 1})).status_code == 400


@pytest.mark.anyio
async def test_reset_clears_faults_and_windows(make_api):
    api = make_api(burst=1)
    await api.control.post("/_sandbox/faults", json={"fail_write_at": 1})
    await api.call("GET", "/api/v1/roles/1")
    assert (await api.call("GET", "/api/v1/roles/1")).status_code == 429
    await api.control.post("/_sandbox/reset")
    assert (await api.call("POST", "/api/v1/roles", json={"name": "ok"})).status_code == 200
