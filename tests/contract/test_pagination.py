"""Both pagination styles as documented: v1 offset (FACTS.md §2) and v2 cursor.

Walking every page must yield exactly the items of the unpaged list, and the paging fields
must sit where the documents' examples put them.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import ContractClient

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

OFFSET_LISTS = ["/api/v1/roles", "/api/v1/stages", "/api/v1/roles/{managers}/assignments"]
CURSOR_LISTS = ["/api/v2/stages", "/api/v2/pipelines", "/api/v2/deals"]


def _item_key(item: dict[str, Any]) -> Any:
    return item.get("id", item.get("user_id"))


@pytest.mark.parametrize("path", OFFSET_LISTS)
async def test_offset_pages_cover_the_list_once(
    api: ContractClient, ids: dict[str, int], path: str
) -> None:
    path = path.format(**ids)
    whole = await api.call("GET", path)
    expected = [_item_key(item) for item in whole["data"]]
    assert whole["additional_data"]["pagination"]["more_items_in_collection"] is False

    seen: list[Any] = []
    start = 0
    for _ in range(len(expected) + 1):
        page = await api.call("GET", path, params={"start": start, "limit": 1})
        pagination = page["additional_data"]["pagination"]
        assert (pagination["start"], pagination["limit"]) == (start, 1)
        seen += [_item_key(item) for item in page["data"]]
        if not pagination["more_items_in_collection"]:
            assert "next_start" not in pagination
            break
        assert pagination["next_start"] == start + 1
        start = pagination["next_start"]
    assert seen == expected


@pytest.mark.parametrize("path", CURSOR_LISTS)
async def test_cursor_pages_cover_the_list_once(api: ContractClient, path: str) -> None:
    whole = await api.call("GET", path)
    expected = [item["id"] for item in whole["data"]]
    assert len(expected) >= 2, "seed must give at least two items to page through"
    assert whole["additional_data"]["next_cursor"] is None

    seen: list[int] = []
    params: dict[str, Any] = {"limit": 1}
    for _ in range(len(expected) + 1):
        page = await api.call("GET", path, params=params)
        seen += [item["id"] for item in page["data"]]
        cursor = page["additional_data"]["next_cursor"]
        if cursor is None:
            break
        assert isinstance(cursor, str) and cursor
        params = {"limit": 1, "cursor": cursor}
    assert seen == expected


async def test_v1_lists_without_pagination_have_no_paging_fields(api: ContractClient) -> None:
    # FACTS.md §12 item 14: /users and v1 /pipelines are unpaginated.
    for path in ("/api/v1/users", "/api/v1/pipelines"):
        body = await api.call("GET", path)
        assert "pagination" not in (body.get("additional_data") or {}), path
