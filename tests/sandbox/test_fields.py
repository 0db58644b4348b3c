"""Custom fields through API v2: blocks on request, settings rules, atomic bulk options."""

from __future__ import annotations

import re

import pytest

from reconciler.sandbox.kinds.fields import Fields
from tests.sandbox.seeds_admin import ADMIN_SEED

pytestmark = pytest.mark.anyio
F = "/api/v2/dealFields"
BLOCKS = {"include_fields": "ui_visibility,important_fields,required_fields"}


async def _priority(api) -> dict:
    fields = await api.data("GET", F, params=BLOCKS)
    return next(f for f in fields if f["field_name"] == "Priority")


async def _ids(api) -> dict[str, int]:
    pipelines = await api.data("GET", "/api/v2/pipelines")
    stages = await api.data("GET", "/api/v2/stages")
    return {x["name"]: x["id"] for x in [*pipelines, *stages]}


async def test_the_seed_sets_fields_in_the_config_language(make_api):
    api = make_api(seed=ADMIN_SEED)
    ids = await _ids(api)
    priority = await _priority(api)
    assert re.fullmatch(r"[0-9a-f]{40}", priority["field_code"])
    assert priority["is_custom_field"] is True
    assert [o["label"] for o in priority["options"]] == ["Low", "High"]
    shown = priority["ui_visibility"]["show_in_pipelines"]
    assert shown == {"show_in_all": False, "pipeline_ids": [ids["Sales"]]}
    assert priority["important_fields"] == {"enabled": True, "stage_ids": [ids["Lead"]]}
    required = priority["required_fields"]
    assert required["stage_ids"] == [ids["Won"]]
    assert required["statuses"] == {str(ids["Sales"]): ["won", "lost"]}
    value = next(f for f in await api.data("GET", F, params=BLOCKS) if f["field_code"] == "value")
    assert (value["is_custom_field"], value["important_fields"]["enabled"]) == (False, True)


async def test_blocks_come_back_only_when_asked(make_api):
    api = make_api(seed=ADMIN_SEED)
    plain = await api.data("GET", F)
    assert not any({"ui_visibility", "important_fields"} & f.keys() for f in plain)
    code = (await _priority(api))["field_code"]
    one = await api.data("GET", f"{F}/{code}", params={"include_fields": "required_fields"})
    assert "required_fields" in one and "ui_visibility" not in one


async def test_the_list_is_cursor_paginated(make_api):
    api = make_api(seed=ADMIN_SEED)
    first = (await api.call("GET", F, params={"limit": 2})).json()
    cursor = first["additional_data"]["next_cursor"]
    rest = await api.data("GET", F, params={"cursor": cursor, "limit": 100})
    everything = await api.data("GET", F)
    assert [f["field_code"] for f in first["data"] + rest] == [f["field_code"] for f in everything]


async def test_an_option_rename_keeps_its_id_and_removal_is_atomic(make_api):
    api = make_api(seed=ADMIN_SEED)
    priority = await _priority(api)
    code, (low, high) = priority["field_code"], priority["options"]
    renamed = await api.data(
        "PATCH", f"{F}/{code}/options", json=[{"id": low["id"], "label": "Minor"}]
    )
    assert renamed == [{"id": low["id"], "label": "Minor"}]
    added = await api.data("POST", f"{F}/{code}/options", json=[{"label": "Urgent"}])
    assert [o["label"] for o in added] == ["Urgent"] and added[0]["id"] > high["id"]
    refused = await api.call(
        "DELETE", f"{F}/{code}/options", json=[{"id": high["id"]}, {"id": 999}]
    )
    assert refused.status_code == 400 and "999" in refused.json()["error"]
    options = (await _priority(api))["options"]
    assert [(o["id"], o["label"]) for o in options] == [
        (low["id"], "Minor"), (high["id"], "High"), (added[0]["id"], "Urgent")
    ]  # fmt: skip
    store = api.sandbox.store.part(Fields)
    assert store.get("deal", code).options[0]["id"] == low["id"]


async def test_what_cannot_change(make_api):
    api = make_api(seed=ADMIN_SEED)
    code = (await _priority(api))["field_code"]
    for body in ({"field_type": "set"}, {"field_code": "x" * 40}):
        response = await api.call("PATCH", f"{F}/{code}", json=body)
        assert response.status_code == 400 and "cannot be changed" in response.json()["error"]
    assert (await api.call("DELETE", f"{F}/value")).status_code == 400
    assert (await api.call("PATCH", f"{F}/value", json={"field_name": "Worth"})).status_code == 400
    hidden = {"ui_visibility": {"add_visible_flag": False}}
    assert (await api.call("PATCH", f"{F}/title", json=hidden)).status_code == 400
    assert (await api.call("PATCH", f"{F}/value", json=hidden)).status_code == 200
    notes = {"field_name": "Notes", "field_type": "text", "options": [{"label": "A"}]}
    assert (await api.call("POST", F, json=notes)).status_code == 400
    assert (
        await api.call("POST", F, json={"field_name": "Tier", "field_type": "enum"})
    ).status_code == 400


async def test_stages_must_sit_where_the_field_is_shown(make_api):
    api = make_api(seed=ADMIN_SEED)
    ids = await _ids(api)
    code = (await _priority(api))["field_code"]
    elsewhere = {"important_fields": {"enabled": True, "stage_ids": [ids["Due"]]}}
    response = await api.call("PATCH", f"{F}/{code}", json=elsewhere)
    assert response.status_code == 400 and "show_in_pipelines" in response.json()["error"]
    everywhere = {"ui_visibility": {"show_in_pipelines": {"show_in_all": True}}, **elsewhere}
    assert (await api.call("PATCH", f"{F}/{code}", json=everywhere)).status_code == 200
    off = {"required_fields": {"enabled": False, "stage_ids": [ids["Won"]]}}
    assert (await api.call("PATCH", f"{F}/{code}", json=off)).status_code == 400


async def test_settings_follow_each_entitys_documents(make_api):
    api = make_api(seed=ADMIN_SEED)
    person = "/api/v2/personFields"
    body = {"field_name": "Tier", "field_type": "varchar", "description": "x"}
    assert (await api.call("POST", person, json=body)).status_code == 400
    by_stage = {"field_name": "Tier", "field_type": "varchar",
                "required_fields": {"enabled": True, "stage_ids": [1]}}  # fmt: skip
    assert (await api.call("POST", person, json=by_stage)).status_code == 400
    shown = {"ui_visibility": {"show_in_pipelines": {"show_in_all": True}}}
    assert (await api.call("PATCH", f"{person}/name", json=shown)).status_code == 400
    dialog = {"ui_visibility": {"show_in_add_deal_dialog": {"show": True, "order": 9}}}
    field = await api.data("PATCH", f"{person}/phone", json=dialog)
    assert field["ui_visibility"]["show_in_add_deal_dialog"] == {"show": True, "order": 1}
    product = {
        "field_name": "Grade",
        "field_type": "varchar",
        "important_fields": {"enabled": True},
    }
    assert (await api.call("POST", "/api/v2/productFields", json=product)).status_code == 400


async def test_a_deleted_field_is_gone_and_a_deleted_stage_leaves_the_settings(make_api):
    api = make_api(seed=ADMIN_SEED)
    ids = await _ids(api)
    code = (await _priority(api))["field_code"]
    await api.data("DELETE", f"/api/v2/stages/{ids['Won']}")
    assert (await _priority(api))["required_fields"]["stage_ids"] == []
    deleted = await api.data("DELETE", f"{F}/{code}")
    assert deleted["field_code"] == code
    assert (await api.call("GET", f"{F}/{code}")).status_code == 404
    assert code not in {f["field_code"] for f in await api.data("GET", F)}


async def test_a_seed_names_unknown_stages_with_their_place(tmp_path):
    from reconciler.errors import ConfigError
    from reconciler.sandbox.seed import load_seed

    path = tmp_path / "seed.yaml"
    path.write_text(
        "pipelines: [{name: Sales, stages: [{name: Lead}]}]\n"
        "fields:\n"
        "  deal:\n"
        "    - {name: Priority, type: enum, options: [A], important: {Sales: [Gone]}}\n"
        "    - {name: Nope, important: true}\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_seed(path)
    text = str(raised.value)
    assert f"{path}:4:" in text and "unknown stage 'Gone'" in text
    assert f"{path}:5:" in text and "not a system deal field" in text


def test_the_fields_example_and_its_drifted_seed_load():
    from pathlib import Path

    from reconciler.sandbox.kinds.boards import Boards
    from reconciler.sandbox.seed import load_seed

    folder = Path(__file__).resolve().parents[2] / "examples" / "admin-kinds"
    drifted = load_seed(folder / "sandbox-seed.yaml").build(lambda: 0.0)
    names = {f.field_name for f in drifted.part(Fields).listed("deal") if f.is_custom_field}
    assert names == {"Priority", "Contract length", "Budget", "Decision date", "Legacy score"}
    # The config itself is valid in the config language (its sections are the seed's).
    from ruamel.yaml import YAML

    from reconciler.sandbox.seed_models import SeedConfig

    config = SeedConfig.model_validate(YAML(typ="safe").load(folder / "pipedrive.yaml"))
    declared = [f for e in ("deal", "person", "organization", "product", "project")
                for f in getattr(config.fields, e) if f.type is not None]  # fmt: skip
    assert len(declared) >= 12
    assert config.boards[0].phase_names() == ["Kickoff", "Rollout", "Hypercare", "Done"]
    assert drifted.part(Boards).list_boards()[0].name == "Delivery"
