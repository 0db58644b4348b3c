"""Pipelines and stages through v1 and v2: fields, order_nr, soft deletes, strict v2 types."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


async def test_v1_and_v2_show_the_same_stage_in_their_own_vocabulary(api):
    v1 = await api.data("GET", "/api/v1/stages/3")
    v2 = await api.data("GET", "/api/v2/stages/3")
    assert v1 == {
        "id": 3, "order_nr": 1, "name": "Intro", "active_flag": True, "deal_probability": 100,
        "pipeline_id": 2, "rotten_flag": True, "rotten_days": 5,
        "add_time": "2023-11-14 22:13:20", "update_time": "2023-11-14 22:13:20",
    }  # fmt: skip
    assert v2 == {
        "id": 3, "order_nr": 1, "name": "Intro", "is_deleted": False, "deal_probability": 100,
        "pipeline_id": 2, "is_deal_rot_enabled": True, "days_to_rotten": 5,
        "add_time": "2023-11-14T22:13:20Z", "update_time": "2023-11-14T22:13:20Z",
    }  # fmt: skip


async def test_v1_stage_list_adds_pipeline_fields_and_filters(api):
    stages = await api.data("GET", "/api/v1/stages?pipeline_id=1")
    assert [s["name"] for s in stages] == ["Lead", "Won"]
    assert stages[0]["pipeline_name"] == "Sales"
    assert stages[0]["pipeline_deal_probability"] is False


async def test_new_stages_append_and_put_sets_order_as_given(api):
    created = await api.data("POST", "/api/v1/stages", json={"name": "Lost", "pipeline_id": 1})
    assert created["order_nr"] == 3 and "pipeline_name" not in created
    updated = await api.data("PUT", f"/api/v1/stages/{created['id']}", json={"order_nr": 1})
    assert updated["order_nr"] == 1
    orders = [
        (s["name"], s["order_nr"]) for s in await api.data("GET", "/api/v1/stages?pipeline_id=1")
    ]
    assert sorted(orders) == [("Lead", 1), ("Lost", 1), ("Won", 2)]  # no renumbering


async def test_stage_validation_names_the_field(api):
    missing = await api.call("POST", "/api/v1/stages", json={"pipeline_id": 1})
    assert missing.json()["error"] == "Parameter 'name' is required"
    bad = await api.call(
        "POST", "/api/v1/stages", json={"name": "X", "pipeline_id": 1, "deal_probability": 120}
    )
    assert (bad.status_code, bad.json()["error"]) == (
        400,
        "deal_probability must be between 0 and 100",
    )
    no_pipeline = await api.call("POST", "/api/v1/stages", json={"name": "X", "pipeline_id": 77})
    assert no_pipeline.status_code == 400 and "pipeline_id" in no_pipeline.json()["error"]
    empty_name = await api.call("PUT", "/api/v1/stages/1", json={"name": ""})
    assert empty_name.status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "A", "pipeline_id": 1, "rotten_flag": 1}, "rotten_flag"),
        ({"name": "A", "pipeline_id": 1, "rotten_flag": "true"}, "rotten_flag"),
        ({"name": "A", "pipeline_id": "1"}, "pipeline_id"),
        ({"name": "A", "pipeline_id": 1, "rotten_days": "3"}, "rotten_days"),
        ({"pipeline_id": 1}, "name"),
    ],
)
async def test_v1_stage_bodies_are_typed_as_documented(api, body, field):
    response = await api.call("POST", "/api/v1/stages", json=body)
    assert response.status_code == 400, body
    assert f"'{field}'" in response.json()["error"]


async def test_v1_pipeline_flags_are_the_documented_numbers_0_and_1(api):
    created = await api.data(
        "POST", "/api/v1/pipelines", json={"name": "P", "deal_probability": 0, "active": 1}
    )
    assert (created["deal_probability"], created["active"]) == (False, True)
    for flag in (True, "1", 2):
        response = await api.call("POST", "/api/v1/pipelines", json={"name": "Q", "active": flag})
        assert response.status_code == 400 and "'active'" in response.json()["error"], flag


async def test_v1_stages_take_booleans_and_v2_is_strict(api):
    v1 = await api.data(
        "POST",
        "/api/v1/stages",
        json={"name": "A", "pipeline_id": 1, "rotten_flag": True, "rotten_days": 3},
    )
    assert (v1["rotten_flag"], v1["rotten_days"]) == (True, 3)
    for body in (
        {"name": "B", "pipeline_id": "1"},
        {"name": "B", "pipeline_id": 1, "is_deal_rot_enabled": 1},
        {"name": "B", "pipeline_id": 1, "deal_probability": "50"},
    ):
        response = await api.call("POST", "/api/v2/stages", json=body)
        assert response.status_code == 400, body
    no_order = await api.call("PATCH", "/api/v2/stages/1", json={"order_nr": 4})
    assert no_order.status_code == 400 and "order_nr" in no_order.json()["error"]
    v2 = await api.data(
        "POST", "/api/v2/stages", json={"name": "C", "pipeline_id": 2, "days_to_rotten": 4,
                                        "is_deal_rot_enabled": True}
    )  # fmt: skip
    assert (v2["order_nr"], v2["days_to_rotten"], v2["is_deal_rot_enabled"]) == (2, 4, True)
    patched = await api.data("PATCH", f"/api/v2/stages/{v2['id']}", json={"name": "C2"})
    assert patched["name"] == "C2"


async def test_deleting_a_stage_with_deals_deletes_them(api):
    assert len(await api.data("GET", "/api/v2/deals?stage_id=1")) == 2
    assert await api.data("DELETE", "/api/v2/stages/1") == {"id": 1}
    assert (await api.call("GET", "/api/v2/stages/1")).status_code == 404
    assert (await api.call("GET", "/api/v1/stages/1")).status_code == 404
    assert await api.data("GET", "/api/v2/deals?stage_id=1") == []
    assert [s["id"] for s in await api.data("GET", "/api/v2/stages")] == [2, 3]


async def test_bulk_delete_is_all_or_nothing(api):
    unknown = await api.call("DELETE", "/api/v1/stages?ids=2,99")
    assert unknown.status_code == 404
    assert (await api.call("GET", "/api/v1/stages/2")).status_code == 200
    assert await api.data("DELETE", "/api/v1/stages?ids=2,3") == {"id": [2, 3]}
    assert [s["id"] for s in await api.data("GET", "/api/v1/stages")] == [1]


async def test_stage_deals_default_to_the_token_owners_open_deals(api):
    deals = await api.data("GET", "/api/v1/stages/1/deals")
    assert [d["id"] for d in deals] == [1, 2]
    assert deals[0]["user_id"] == 1 and deals[0]["stage_id"] == 1
    assert await api.data("GET", "/api/v1/stages/1/deals?user_id=2") == []
    assert len(await api.data("GET", "/api/v1/stages/1/deals?everyone=1")) == 2


async def test_v1_pipelines_are_unpaginated_with_selected_and_url_title(api):
    response = await api.call("GET", "/api/v1/pipelines")
    body = response.json()
    assert "additional_data" not in body
    first = body["data"][0]
    assert first["selected"] is True and body["data"][1]["selected"] is False
    created = await api.data(
        "POST", "/api/v1/pipelines", json={"name": "Big Deals", "deal_probability": 1}
    )
    assert created["url_title"] == "Big-Deals" and created["deal_probability"] is True
    assert "selected" not in created and created["order_nr"] == 3
    updated = await api.data("PUT", f"/api/v1/pipelines/{created['id']}", json={"active": 0})
    assert updated["active"] is False and "selected" in updated


async def test_v2_pipelines_fields_and_read_only_order(api):
    created = await api.data("POST", "/api/v2/pipelines", json={"name": "V2"})
    assert created["is_deal_probability_enabled"] is False and created["is_deleted"] is False
    assert set(created) == {
        "id", "name", "order_nr", "is_deleted", "is_deal_probability_enabled", "add_time",
        "update_time",
    }  # fmt: skip
    refused = await api.call("PATCH", f"/api/v2/pipelines/{created['id']}", json={"order_nr": 0})
    assert refused.status_code == 400
    strict = await api.call(
        "PATCH", f"/api/v2/pipelines/{created['id']}", json={"is_deal_probability_enabled": 1}
    )
    assert strict.status_code == 400


async def test_deleting_a_pipeline_deletes_its_stages_and_deals(api):
    assert await api.data("DELETE", "/api/v1/pipelines/1") == {"id": 1}
    assert (await api.call("GET", "/api/v2/pipelines/1")).status_code == 404
    assert [s["id"] for s in await api.data("GET", "/api/v2/stages")] == [3]
    assert await api.data("GET", "/api/v2/deals?pipeline_id=1") == []
    assert [p["id"] for p in await api.data("GET", "/api/v1/pipelines")] == [2]


async def test_the_last_pipeline_a_role_sees_cannot_be_deleted(api):
    body = {"visible_pipeline_ids": {"remove": [2]}}
    await api.data("PUT", "/api/v1/roles/3/pipelines", json=body)
    response = await api.call("DELETE", "/api/v2/pipelines/1")
    assert response.status_code == 400 and "Sellers" in response.json()["error"]


async def test_v2_sorting_and_unknown_sort_fields(api):
    stages = await api.data("GET", "/api/v2/stages?sort_by=order_nr&sort_direction=desc")
    assert [(s["order_nr"], s["id"]) for s in stages] == [(2, 2), (1, 3), (1, 1)]
    bad = await api.call("GET", "/api/v2/stages?sort_by=name")
    assert bad.status_code == 400 and "sort_by" in bad.json()["error"]
