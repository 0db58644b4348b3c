"""Fakes for client tests: virtual time and Pipedrive envelopes (imported as `api_fakes`)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

TOKEN = "tok-3f9a2c71e5b84d06"
BASE = "https://acme.pipedrive.com"


class FakeTime:
    """Virtual time: `sleep` records the wait and moves the clock instead of sleeping."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def envelope(data: Any, additional_data: Any = None, status: int = 200, **headers: str) -> Any:
    body = {"success": True, "data": data, "additional_data": additional_data}
    return httpx.Response(status, json=body, headers=headers)


def failure(status: int, error: str, **extra: Any) -> httpx.Response:
    headers = extra.pop("headers", {})
    body = {"success": False, "error": error, "data": None, "additional_data": None, **extra}
    return httpx.Response(status, content=json.dumps(body), headers=headers)
