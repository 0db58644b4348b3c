"""Fakes for client tests: virtual time and Pipedrive envelopes (imported as `api_fakes`)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.virtual_clock import VirtualClock

TOKEN = "tok-3f9a2c71e5b84d06"
BASE = "https://acme.pipedrive.com"


# Virtual time: `sleep` records the wait and moves `time` instead of sleeping.
FakeTime = VirtualClock


def envelope(data: Any, additional_data: Any = None, status: int = 200, **headers: str) -> Any:
    body = {"success": True, "data": data, "additional_data": additional_data}
    return httpx.Response(status, json=body, headers=headers)


def failure(status: int, error: str, **extra: Any) -> httpx.Response:
    headers = extra.pop("headers", {})
    body = {"success": False, "error": error, "data": None, "additional_data": None, **extra}
    return httpx.Response(status, content=json.dumps(body), headers=headers)
