"""v2 `GET /products` (read-only in the sandbox): cursor pages, sorting, `ids`, `owner_id`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from .conftest import SEED, TOKEN, ContractClient, make_app

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

PRODUCTS = [
    {"id": 17, "name": "Widget"},
    {"id": 5, "name": "Gadget"},
    {"id": 40, "name": "Anvil"},
]


@pytest.fixture
async def products_api(anyio_backend: str) -> AsyncIterator[ContractClient]:
    seed = {**SEED, "products": [*SEED["products"][:1], *PRODUCTS[1:]]}
    transport = httpx.ASGITransport(app=make_app(seed=seed))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers={"x-api-token": TOKEN}
    ) as http:
        yield ContractClient(http)


async def _walk(api: ContractClient, params: dict[str, Any]) -> list[int]:
    seen: list[int] = []
    query = {**params, "limit": 1}
    for _ in range(10):
        page = await api.call("GET", "/api/v2/products", params=query)
        assert len(page["data"]) <= 1
        seen += [p["id"] for p in page["data"]]
        cursor = page["additional_data"]["next_cursor"]
        if cursor is None:
            return seen
        query = {**params, "limit": 1, "cursor": cursor}
    raise AssertionError("cursor never ended")


async def test_products_listed_in_id_order_by_default(products_api: ContractClient) -> None:
    body = await products_api.call("GET", "/api/v2/products")
    assert [(p["id"], p["name"]) for p in body["data"]] == [
        (5, "Gadget"),
        (17, "Widget"),
        (40, "Anvil"),
    ]
    assert body["additional_data"]["next_cursor"] is None


async def test_cursor_pages_cover_every_product_once(products_api: ContractClient) -> None:
    assert await _walk(products_api, {}) == [5, 17, 40]
    by_name = await _walk(products_api, {"sort_by": "name", "sort_direction": "desc"})
    assert by_name == [17, 5, 40]


async def test_ids_and_owner_filters(products_api: ContractClient) -> None:
    body = await products_api.call("GET", "/api/v2/products", params={"ids": "40,5,999"})
    assert [p["id"] for p in body["data"]] == [5, 40]
    owner = body["data"][0]["owner_id"]
    mine = await products_api.call("GET", "/api/v2/products", params={"owner_id": owner})
    assert len(mine["data"]) == 3
    other = await products_api.call("GET", "/api/v2/products", params={"owner_id": owner + 999})
    assert other["data"] == []


async def test_bad_sort_is_a_400(products_api: ContractClient) -> None:
    body = await products_api.call(
        "GET", "/api/v2/products", params={"sort_by": "price"}, expect=400, check_request=False
    )
    assert body["success"] is False
