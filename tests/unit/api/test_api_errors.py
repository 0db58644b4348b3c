import json
import logging
from collections.abc import Callable

import httpx
import pytest
from api_fakes import TOKEN, envelope, failure

from reconciler.api import PipedriveClient
from reconciler.errors import (
    ApiError,
    AuthError,
    NotFoundError,
    ServerError,
    TransportError,
)

pytestmark = pytest.mark.anyio

INFO = "Please check developers.pipedrive.com"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ApiError),
        (401, AuthError),
        (402, ApiError),
        (404, NotFoundError),
        (410, NotFoundError),
        (422, ApiError),
    ],
)
async def test_error_statuses_map_to_the_tree_with_pipedrives_message(
    make_client: Callable, status: int, cls: type[ApiError]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(status, "Role not found.", error_info=INFO)

    async with make_client(handler) as client:
        with pytest.raises(cls) as info:
            await client.get("v1", "/roles/7")
    error = info.value
    assert type(error) is cls
    assert (error.method, error.path, error.status) == ("GET", "/api/v1/roles/7", status)
    assert error.message == "Role not found."
    assert error.error_info == INFO
    assert str(error) == f"GET /api/v1/roles/7: {status} Role not found."
    assert client.tally.requests == 1  # client errors are never re-sent


async def test_limit_reached_403_carries_its_code(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(403, "Role limit reached", code="feature_capping_roles_limit")

    async with make_client(handler) as client:
        with pytest.raises(ApiError) as info:
            await client.post("v1", "/roles", json={"name": "X"})
    assert info.value.code == "feature_capping_roles_limit"
    assert info.value.message == "Role limit reached"


async def test_errorcode_integer_becomes_the_code(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(401, "unauthorized access", errorCode=401)

    async with make_client(handler) as client:
        with pytest.raises(AuthError) as info:
            await client.get("v1", "/users/me")
    assert info.value.code == "401"


async def test_post_server_error_raises_at_once(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(500, "Something broke")

    async with make_client(handler) as client:
        with pytest.raises(ServerError, match="Something broke"):
            await client.post("v1", "/roles", json={"name": "X"})
        assert client.tally.requests == 1


async def test_cloudflare_html_403_gets_a_short_sane_message(make_client: Callable) -> None:
    page = "<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title>" + "x" * 5000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, text=page, headers={"content-type": "text/html; charset=UTF-8"})

    async with make_client(handler) as client:
        with pytest.raises(ApiError) as info:
            await client.get("v1", "/roles")
    message = info.value.message
    assert "non-JSON" in message and "text/html" in message
    assert "<" not in message and len(str(info.value)) < 200


async def test_success_false_in_a_200_is_an_error(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(200, "Pipeline is not accessible")

    async with make_client(handler) as client:
        with pytest.raises(ApiError, match="Pipeline is not accessible"):
            await client.get("v2", "/pipelines/3")


async def test_token_travels_only_in_the_header(make_client: Callable) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return envelope({"id": 1})

    async with make_client(handler) as client:
        await client.get("v1", "/roles/1", params={"x": 1})
        await client.post("v1", "/roles", json={"name": "A"})
    for request in seen:
        assert request.headers["x-api-token"] == TOKEN
        assert TOKEN not in str(request.url)
        assert request.headers["user-agent"].startswith("pipedrive-reconciler/")
    assert json.loads(seen[1].content) == {"name": "A"}
    assert seen[1].headers["content-type"] == "application/json"


async def test_token_never_appears_in_errors_reprs_or_logs(
    make_client: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/echo"):
            return failure(400, f"bad token {TOKEN}", error_info=f"got {TOKEN}", code=TOKEN)
        raise httpx.ConnectError(f"connection to host failed, token={TOKEN}", request=request)

    caplog.set_level(logging.DEBUG, logger="reconciler.api")
    client = make_client(handler, max_retries=1)
    async with client:
        with pytest.raises(ApiError) as echoed:
            await client.get("v1", "/echo")
        with pytest.raises(TransportError) as dropped:
            await client.post("v1", "/roles", json={})
        with pytest.raises(TransportError) as dropped_get:
            await client.get("v1", "/roles")
    texts = [repr(client), str(client), caplog.text, repr(vars(client))]
    for error in (echoed.value, dropped.value, dropped_get.value):
        texts += [str(error), repr(error), repr(vars(error))]
        assert error.__cause__ is None and error.__context__ is None  # no chained httpx request
    assert "bad token <redacted>" in str(echoed.value)
    for text in texts:
        assert TOKEN not in text


async def test_a_token_of_a_few_characters_is_redacted_too(fake_time) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return failure(404, "Subscription not found")

    client = PipedriveClient(
        "http://127.0.0.1:1",
        "t",
        transport=httpx.MockTransport(handler),
        clock=fake_time,
    )
    async with client:
        with pytest.raises(NotFoundError) as info:
            await client.get("v1", "/subscriptions/find/1")
    # The price of never printing a token, however short: text containing it is mangled.
    assert info.value.message == "Subscrip<redacted>ion no<redacted> found"
