"""The credential goes in exactly one header, of its kind, and never into a message."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from api_fakes import TOKEN, envelope, failure

from reconciler.api import PipedriveClient
from reconciler.errors import ApiError, TransportError

pytestmark = pytest.mark.anyio


async def _headers_sent(make_client: Callable, **options: str) -> httpx.Headers:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return envelope({"id": 1})

    async with make_client(handler, **options) as client:
        await client.get("v1", "/users/me")
    assert len(seen) == 1 and TOKEN not in str(seen[0].url)
    return seen[0].headers


async def test_an_api_token_travels_as_x_api_token_only(make_client: Callable) -> None:
    headers = await _headers_sent(make_client)
    assert headers["x-api-token"] == TOKEN
    assert "authorization" not in headers


async def test_an_oauth_access_token_travels_as_a_bearer_only(make_client: Callable) -> None:
    headers = await _headers_sent(make_client, token_kind="oauth")
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert "x-api-token" not in headers


def test_an_unknown_token_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown token kind"):
        PipedriveClient("https://acme.pipedrive.com", TOKEN, token_kind="basic")  # type: ignore[arg-type]


async def test_an_oauth_token_echoed_by_an_error_is_redacted(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(403, f"Bearer {TOKEN} lacks the admin scope", error_info=TOKEN)

    async with make_client(handler, token_kind="oauth") as client:
        with pytest.raises(ApiError) as info:
            await client.get("v1", "/roles")
    assert TOKEN not in str(info.value) + str(info.value.error_info)
    assert "Bearer <redacted> lacks the admin scope" in str(info.value)


async def test_an_oauth_token_in_a_transport_error_is_redacted(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"proxy refused {request.headers['authorization']}")

    async with make_client(handler, token_kind="oauth", max_retries=0) as client:
        with pytest.raises(TransportError) as info:
            await client.get("v1", "/roles")
    assert TOKEN not in str(info.value)
