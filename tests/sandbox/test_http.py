"""Auth, error envelopes, routing errors and both pagination styles."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio

UNAUTHORIZED = {"success": False, "error": "unauthorized access", "errorCode": 401}


@pytest.mark.parametrize(
    "headers",
    [{}, {"x-api-token": "wrong"}, {"Authorization": "Bearer wrong"}, {"Authorization": "sandbox"}],
)
async def test_missing_or_wrong_token_is_401(api, headers):
    response = await api.control.get("/api/v1/roles", headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert "x-ratelimit-limit" in response.headers


async def test_bearer_token_is_accepted(api):
    response = await api.control.get(
        "/api/v2/stages", headers={"Authorization": "Bearer sandbox-token"}
    )
    assert response.status_code == 200


async def test_token_in_the_query_string_is_refused_even_with_a_good_header(api):
    response = await api.call("GET", "/api/v1/roles", params={"api_token": "sandbox-token"})
    assert response.status_code == 401
    assert "sandbox-token" not in response.text


async def test_error_envelope_for_unknown_ids_paths_and_methods(api):
    for path in ("/api/v1/roles/99", "/api/v2/stages/99", "/api/v1/pipelines/99", "/api/v1/nope"):
        response = await api.call("GET", path)
        assert response.status_code == 404, path
        body = response.json()
        assert body["success"] is False and body["data"] is None
        assert body["error_info"] == "Please check developers.pipedrive.com"
        assert body["additional_data"] is None
    wrong_method = await api.call("PATCH", "/api/v1/roles/2")
    assert wrong_method.status_code == 405 and wrong_method.json()["success"] is False


async def test_invalid_json_is_400(api):
    response = await api.call(
        "POST", "/api/v1/roles", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and response.json()["success"] is False


async def test_offset_pagination_walks_with_next_start(make_api):
    api = make_api(page_cap=2)
    await api.data("POST", "/api/v1/roles", json={"name": "Extra"})
    first = (await api.call("GET", "/api/v1/roles")).json()
    assert [r["id"] for r in first["data"]] == [1, 2]
    assert first["additional_data"]["pagination"] == {
        "start": 0,
        "limit": 2,
        "more_items_in_collection": True,
        "next_start": 2,
    }
    second = (await api.call("GET", "/api/v1/roles?start=2&limit=100")).json()
    assert [r["id"] for r in second["data"]] == [3, 4]
    assert second["additional_data"]["pagination"] == {
        "start": 2,
        "limit": 2,
        "more_items_in_collection": False,
    }


async def test_limit_above_500_is_clamped_and_bad_values_refused(api):
    pagination = (await api.call("GET", "/api/v1/roles?limit=9000")).json()["additional_data"]
    assert pagination["pagination"]["limit"] == 500
    for query in ("limit=0", "limit=x", "start=-1"):
        assert (await api.call("GET", f"/api/v1/roles?{query}")).status_code == 400, query


async def test_cursor_pagination_covers_the_list_once_despite_deletes(make_api):
    api = make_api(page_cap=1)
    seen, cursor = [], None
    while True:
        params = {"cursor": cursor} if cursor else {}
        body = (await api.call("GET", "/api/v2/stages", params=params)).json()
        seen += [s["id"] for s in body["data"]]
        cursor = body["additional_data"]["next_cursor"]
        if seen == [1]:
            await api.data("DELETE", "/api/v2/stages/1")  # deleting a seen item skips nothing
        if cursor is None:
            break
    assert seen == [1, 2, 3]


async def test_a_garbage_cursor_is_400(api):
    response = await api.call("GET", "/api/v2/stages", params={"cursor": "!!!"})
    assert response.status_code == 400 and "cursor" in response.json()["error"]


async def test_unpaginated_lists_ignore_the_page_cap(make_api):
    api = make_api(page_cap=1)
    assert len(await api.data("GET", "/api/v1/users")) == 3
    assert len(await api.data("GET", "/api/v1/pipelines")) == 2
