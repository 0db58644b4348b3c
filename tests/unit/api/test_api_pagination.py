from collections.abc import Callable

import httpx
import pytest
from api_fakes import envelope

from reconciler.api import PipedriveClient
from reconciler.errors import ApiError

pytestmark = pytest.mark.anyio

ROLES = [{"id": i, "name": f"Role {i}"} for i in range(1, 251)]


def offset_server(items: list[dict], cap: int, *, flat: bool = False, next_start: bool = True):
    """v1 offset pagination that caps pages at `cap`, whatever `limit` was asked."""
    seen: list[httpx.QueryParams] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        assert "cursor" not in request.url.params
        start = int(request.url.params.get("start", 0))
        limit = min(int(request.url.params["limit"]), cap)
        page = items[start : start + limit]
        more = start + limit < len(items)
        info: dict = {"start": start, "limit": limit, "more_items_in_collection": more}
        if more and next_start:
            info["next_start"] = start + limit
        return envelope(page, info if flat else {"pagination": info})

    return handler, seen


@pytest.mark.parametrize("flat", [False, True], ids=["nested", "flat"])
async def test_offset_pagination_follows_next_start(make_client: Callable, flat: bool) -> None:
    handler, seen = offset_server(ROLES, cap=100, flat=flat)
    async with make_client(handler) as client:
        items = await client.list_all("v1", "/roles")
    assert items == ROLES
    assert [p.get("start") for p in seen] == [None, "100", "200"]
    assert all(p["limit"] == "500" for p in seen)


async def test_offset_pagination_without_next_start_steps_by_items_received(
    make_client: Callable,
) -> None:
    handler, seen = offset_server(ROLES, cap=70, next_start=False)
    async with make_client(handler) as client:
        items = await client.list_all("v1", "/roles", params={"visible": True})
    assert items == ROLES
    assert [p.get("start") for p in seen] == [None, "70", "140", "210"]
    assert all(p["visible"] == "true" for p in seen)


async def test_one_page_at_the_documented_maximum(make_client: Callable) -> None:
    handler, seen = offset_server(ROLES, cap=500)
    async with make_client(handler) as client:
        assert await client.list_all("v1", "/roles") == ROLES
    assert len(seen) == 1


async def test_cursor_pagination_follows_next_cursor(make_client: Callable) -> None:
    stages = [{"id": i} for i in range(1, 8)]
    seen: list[httpx.QueryParams] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        assert request.url.path == "/api/v2/stages"
        assert "start" not in request.url.params
        position = int(request.url.params.get("cursor", "c0")[1:])
        page = stages[position : position + 3]
        following = position + 3
        cursor = f"c{following}" if following < len(stages) else None
        return envelope(page, {"next_cursor": cursor})

    async with make_client(handler) as client:
        items = await client.list_all("v2", "/stages", params={"pipeline_id": 4})
    assert items == stages
    assert [p.get("cursor") for p in seen] == [None, "c3", "c6"]
    assert all(p["pipeline_id"] == "4" and p["limit"] == "500" for p in seen)


async def test_unpaginated_v1_users_get_no_paging_parameters(make_client: Callable) -> None:
    users = [{"id": 1}, {"id": 2}]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/users"
        assert "limit" not in request.url.params
        return envelope(users)

    async with make_client(handler) as client:
        assert await client.list_all("v1", "/users") == users


async def test_null_data_is_an_empty_list(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        info = {"pagination": {"start": 0, "limit": 500, "more_items_in_collection": False}}
        return envelope(None, info)

    async with make_client(handler) as client:
        assert await client.list_all("v1", "/roles") == []


async def test_pagination_that_does_not_advance_is_an_error_not_a_short_list(
    make_client: Callable,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        info = {"start": 0, "limit": 500, "more_items_in_collection": True, "next_start": 0}
        return envelope([{"id": 1}], {"pagination": info})

    async with make_client(handler) as client:
        with pytest.raises(ApiError, match="did not advance"):
            await client.list_all("v1", "/roles")


async def test_repeated_cursor_is_an_error(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return envelope([{"id": 1}], {"next_cursor": "same"})

    client: PipedriveClient
    async with make_client(handler) as client:
        with pytest.raises(ApiError, match="repeated a cursor"):
            await client.list_all("v2", "/pipelines")
