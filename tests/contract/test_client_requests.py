"""Every request the client sends in plan, apply and plan again is one the documents allow.

The client runs against the sandbox through a transport that records each request; each one
must then name a documented operation, use only its documented query parameters with
values of their documented types, and send a body its request schema allows with every
object closed (no field the document does not list). The sandbox rejects the same
mistakes, but this catches them even where the sandbox (or Pipedrive) would let them by.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.config.loader import load_config
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.workflow import execute, make_plan

from .openapi import query_problems, request_problems, split_api_path

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "recorded-token-3f9a"


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


def problems_of(request: httpx.Request) -> list[str]:
    version, path = split_api_path(request.url.path)
    params = dict(parse_qsl(request.url.query.decode(), keep_blank_values=True))
    found = query_problems(version, request.method, path, params)
    if request.content:
        body: Any = json.loads(request.content)
        found += request_problems(version, request.method, path, body)
    return found


async def _converge(config: Path, seed: Path, stages_api: str) -> list[httpx.Request]:
    app = create_app(SandboxOptions(token=TOKEN, seed=seed, burst=1_000_000))
    transport = RecordingTransport(httpx.ASGITransport(app=app))
    loaded = load_config([config])
    async with PipedriveClient("http://127.0.0.1", TOKEN, transport=transport) as client:
        planned = await make_plan(client, loaded, stages_api=stages_api)
        report = await execute(client, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]
        again = await make_plan(client, loaded, stages_api=stages_api)
        assert again.plan.changes == ()
    return transport.requests


@pytest.mark.parametrize("stages_api", ["v2", "v1"])
@pytest.mark.parametrize(
    ("config", "seed"),
    [
        (EXAMPLES / "company", EXAMPLES / "sandbox-seed.yaml"),
        (EXAMPLES / "extended" / "pipedrive.yaml", EXAMPLES / "extended" / "sandbox-seed.yaml"),
    ],
    ids=["company", "extended"],
)
async def test_every_request_of_plan_and_apply_is_documented(
    config: Path, seed: Path, stages_api: str
) -> None:
    requests = await _converge(config, seed, stages_api)
    writes = [r for r in requests if r.method != "GET"]
    assert writes, "the example config should differ from its seed"
    problems = [f"{r.method} {r.url}: {p}" for r in requests for p in problems_of(r)]
    assert problems == []


def test_a_v1_stage_flag_sent_as_a_number_is_caught() -> None:
    request = httpx.Request(
        "POST",
        "http://127.0.0.1/api/v1/stages",
        json={"name": "Lead", "pipeline_id": 1, "rotten_flag": 1, "rotten_days": 3},
    )
    assert any("rotten_flag" in problem for problem in problems_of(request))
