"""Fixtures for client tests: a fake clock whose sleep advances it, and a client builder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from api_fakes import BASE, TOKEN, FakeTime

from reconciler.api import PipedriveClient


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(fake_time: FakeTime) -> Callable[..., PipedriveClient]:
    def build(handler: Callable[[httpx.Request], Any], **options: Any) -> PipedriveClient:
        options.setdefault("clock", fake_time)
        return PipedriveClient(
            options.pop("base_url", BASE),
            TOKEN,
            transport=httpx.MockTransport(handler),
            **options,
        )

    return build
