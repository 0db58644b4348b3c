"""Failures no retry can fix are raised at once; what may pass is still retried."""

import socket
from collections.abc import Callable

import httpx
import pytest
from api_fakes import FakeTime, envelope

from reconciler.errors import NotFoundError, NotPipedriveError, TransportError, UnreachableError

pytestmark = pytest.mark.anyio


def _raised_from(cause: BaseException) -> httpx.ConnectError:
    # As httpx raises it: its ConnectError from httpcore's, from the socket error.
    try:
        try:
            raise cause
        except BaseException as inner:
            raise httpx.ConnectError("All connection attempts failed") from inner
    except httpx.ConnectError as outer:
        return outer


def _always(failure: BaseException, calls: list[httpx.Request]) -> Callable:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise failure

    return handler


@pytest.mark.parametrize(
    ("cause", "reason"),
    [
        (ConnectionRefusedError(111, "Connect call failed"), "connection refused"),
        (socket.gaierror(-2, "Name or service not known"), "host name not found"),
        (OSError(101, "Network is unreachable"), "network unreachable"),
    ],
)
async def test_unreachable_hosts_fail_at_once_naming_the_host(
    make_client: Callable, fake_time: FakeTime, cause: BaseException, reason: str
) -> None:
    calls: list[httpx.Request] = []
    handler = _always(_raised_from(cause), calls)
    async with make_client(handler, base_url="https://acme.pipedrive.com") as client:
        with pytest.raises(UnreachableError) as info:
            await client.get("v1", "/roles")
    assert len(calls) == 1 and fake_time.sleeps == []
    assert str(info.value) == f"cannot reach acme.pipedrive.com: {reason} (GET /api/v1/roles)"
    assert info.value.__context__ is None and info.value.__cause__ is None


async def test_a_timeout_is_still_retried(make_client: Callable, fake_time: FakeTime) -> None:
    calls: list[httpx.Request] = []
    handler = _always(httpx.ConnectTimeout("timed out"), calls)
    async with make_client(handler, max_retries=2) as client:
        with pytest.raises(TransportError) as info:
            await client.get("v1", "/roles")
    assert not isinstance(info.value, UnreachableError)
    assert len(calls) == 3 and len(fake_time.sleeps) == 2


async def test_html_before_any_pipedrive_answer_is_not_pipedrive(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="<html>nope</html>", headers={"content-type": "text/html"})

    async with make_client(handler, base_url="http://127.0.0.1:8080") as client:
        with pytest.raises(NotPipedriveError) as info:
            await client.get("v1", "/users/me")
    assert str(info.value) == (
        "127.0.0.1:8080 is not answering as Pipedrive: GET /api/v1/users/me got HTTP 404 "
        "with an HTML page"
    )


async def test_a_200_that_is_not_json_is_not_pipedrive(make_client: Callable) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="hello", headers={"content-type": "text/plain"})

    async with make_client(handler) as client:
        with pytest.raises(NotPipedriveError, match=r"a non-JSON body \(text/plain\)"):
            await client.get("v1", "/users/me")


async def test_html_after_pipedrive_answered_keeps_its_status_meaning(
    make_client: Callable,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/users/me"):
            return envelope({"id": 1})
        return httpx.Response(404, text="<html>gone</html>", headers={"content-type": "text/html"})

    async with make_client(handler) as client:
        await client.get("v1", "/users/me")
        with pytest.raises(NotFoundError) as info:
            await client.get("v1", "/subscriptions/find/4")
    assert not isinstance(info.value, NotPipedriveError)
