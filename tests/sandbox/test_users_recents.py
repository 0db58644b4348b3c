"""v1 users, /users/me and /recents."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


async def test_users_are_unpaginated_base_users(api):
    response = await api.call("GET", "/api/v1/users")
    body = response.json()
    assert "additional_data" not in body
    olga, sam, hana = body["data"]
    assert (olga["email"], olga["role_id"], olga["is_you"], olga["is_deleted"]) == (
        "olga@example.com",
        2,
        True,
        False,
    )
    assert (sam["role_id"], sam["is_you"], hana["role_id"], hana["active_flag"]) == (
        3,
        False,
        1,
        True,
    )


async def test_me_is_the_first_user_with_company_fields(api):
    me = await api.data("GET", "/api/v1/users/me")
    assert me["id"] == 1 and me["is_you"] is True
    assert me["company_domain"] and me["language"] == {"language_code": "en", "country_code": "US"}
    assert (await api.call("GET", "/api/v1/users/99")).status_code == 404


async def test_a_seed_without_users_gets_a_sandbox_admin(make_api):
    api = make_api(seed={})
    users = await api.data("GET", "/api/v1/users")
    assert [(u["name"], u["email"], u["role_id"]) for u in users] == [
        ("Sandbox Admin", "admin@example.com", 1)
    ]


async def test_recents_lists_changes_since_a_time_once_each(api, wall):
    wall.advance(60)  # 2023-11-14 22:14:20
    await api.data("PATCH", "/api/v2/stages/2", json={"name": "Closed"})
    await api.data("PATCH", "/api/v2/stages/2", json={"name": "Closed won"})
    wall.advance(60)
    await api.data("DELETE", "/api/v2/stages/3")
    response = await api.call(
        "GET", "/api/v1/recents", params={"since_timestamp": "2023-11-14 22:14:00"}
    )
    body = response.json()
    assert [(i["item"], i["id"]) for i in body["data"]] == [("stage", 2), ("stage", 3)]
    assert body["data"][0]["data"]["name"] == "Closed won"
    assert body["data"][1]["data"]["active_flag"] is False
    assert body["additional_data"]["since_timestamp"] == "2023-11-14 22:14:00"
    assert body["additional_data"]["last_timestamp_on_page"] == "2023-11-14 22:15:20"
    assert body["additional_data"]["pagination"]["more_items_in_collection"] is False


async def test_recents_includes_seeded_objects_and_filters_items(api):
    params = {"since_timestamp": "2023-01-01 00:00:00", "items": "pipeline,user"}
    data = await api.data("GET", "/api/v1/recents", params=params)
    assert sorted((i["item"], i["id"]) for i in data) == [
        ("pipeline", 1), ("pipeline", 2), ("user", 1), ("user", 2), ("user", 3),
    ]  # fmt: skip


async def test_recents_validates_its_parameters(api):
    missing = await api.call("GET", "/api/v1/recents")
    assert missing.status_code == 400 and "since_timestamp" in missing.json()["error"]
    bad_time = await api.call("GET", "/api/v1/recents", params={"since_timestamp": "yesterday"})
    assert bad_time.status_code == 400
    bad_item = await api.call(
        "GET", "/api/v1/recents", params={"since_timestamp": "2023-01-01 00:00:00", "items": "role"}
    )
    assert bad_item.status_code == 400 and "role" in bad_item.json()["error"]
