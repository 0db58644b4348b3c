"""Adapters, reader and applier against the sandbox in process (httpx.ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.config.loader import load_config
from reconciler.sandbox import SandboxOptions, create_app
from tests.virtual_clock import VirtualClock

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TOKEN = "integration-token"


class Company:
    """A sandboxed company and a client for it, plus the sandbox's own view for assertions."""

    def __init__(self, app: Any, client: PipedriveClient) -> None:
        self.app = app
        self.client = client
        self.control = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
        )

    async def stats(self) -> dict[str, Any]:
        return (await self.control.get("/_sandbox/stats")).json()

    async def state(self) -> dict[str, Any]:
        return (await self.control.get("/_sandbox/state")).json()

    async def faults(self, **faults: Any) -> None:
        (await self.control.post("/_sandbox/faults", json=faults)).raise_for_status()

    async def v1(self, path: str, **params: Any) -> Any:
        response = await self.control.get(
            f"/api/v1{path}", params=params, headers={"x-api-token": TOKEN}
        )
        return response.json()["data"]

    async def v2(self, path: str, **params: Any) -> Any:
        response = await self.control.get(
            f"/api/v2{path}", params={"limit": 500, **params}, headers={"x-api-token": TOKEN}
        )
        return response.json()["data"]


def make_company(
    seed: Any = EXAMPLES / "sandbox-seed.yaml", *, fast: bool = False, **options: Any
) -> Company:
    """A roomy burst limit (pacing against the real one is tested in tests/unit/api and the
    benchmark); `fast` puts the client on virtual time, for tests that make it retry."""
    options.setdefault("burst", 1_000_000)
    app = create_app(SandboxOptions(token=TOKEN, seed=seed, **options))
    transport = httpx.ASGITransport(app=app)
    clock = {"clock": VirtualClock()} if fast else {}
    client = PipedriveClient("http://127.0.0.1", TOKEN, transport=transport, **clock)
    return Company(app, client)


@pytest.fixture
async def company() -> AsyncIterator[Company]:
    acme = make_company()
    async with acme.client:
        yield acme
    await acme.control.aclose()


@pytest.fixture
def acme_config():
    return load_config([EXAMPLES / "company"])
