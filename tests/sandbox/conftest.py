"""In-process sandbox clients for the behaviour tests, with injectable clocks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from reconciler.sandbox import SandboxOptions, create_app
from tests.sandbox.seeds import SMALL_SEED

TOKEN = "sandbox-token"


class FakeClock:
    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Api:
    """An authorised client on one sandbox, plus an unauthenticated one for /_sandbox."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sandbox = app.state.sandbox
        transport = httpx.ASGITransport(app=app)
        self.http = httpx.AsyncClient(
            transport=transport, base_url="http://sandbox", headers={"x-api-token": TOKEN}
        )
        self.control = httpx.AsyncClient(transport=transport, base_url="http://sandbox")

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.request(method, path, **kwargs)

    async def data(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.call(method, path, **kwargs)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["success"] is True
        return body["data"]

    async def aclose(self) -> None:
        await self.http.aclose()
        await self.control.aclose()


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock(1_700_000_000.0)  # 2023-11-14 22:13:20 UTC


@pytest.fixture
def mono() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def make_api(wall: FakeClock, mono: FakeClock) -> AsyncIterator[Callable[..., Api]]:
    made: list[Api] = []

    def make(**options: Any) -> Api:
        options.setdefault("seed", SMALL_SEED)
        options.setdefault("wall_clock", wall)
        options.setdefault("clock", mono)
        api = Api(create_app(SandboxOptions(**options)))
        made.append(api)
        return api

    yield make
    for api in made:
        await api.aclose()


@pytest.fixture
async def api(make_api: Callable[..., Api]) -> Api:
    return make_api()
