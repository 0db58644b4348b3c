"""Every request `doctor` sends is one the documents allow, is a read, and costs what the
doctor's table says; in every sandbox mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler import kinds
from reconciler.api import PipedriveClient
from reconciler.config.loader import load_config
from reconciler.doctor import ConfigInput, examine
from reconciler.pipedrive_api import find_operation
from reconciler.sandbox import SandboxOptions, create_app

from .test_client_requests import RecordingTransport, problems_of

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TOKEN = "doctor-token-5d1c"


@pytest.mark.parametrize(
    "mode",
    [{}, {"admin": False}, {"v1_stages": "gone"}, {"subscriptions_api": "gone"}],
    ids=["default", "no-admin", "v1-stages-gone", "subscriptions-gone"],
)
async def test_every_doctor_request_is_a_documented_read(mode: dict[str, Any]) -> None:
    seed = EXAMPLES / "sandbox-seed.yaml"
    app = create_app(SandboxOptions(token=TOKEN, seed=seed, burst=1_000_000, **mode))
    transport = RecordingTransport(httpx.ASGITransport(app=app))
    config = ConfigInput("examples/company", loaded=load_config([EXAMPLES / "company"]))
    async with PipedriveClient("http://127.0.0.1", TOKEN, transport=transport) as client:
        report = await examine(client, config)
    requests = transport.requests
    assert report.findings.who is not None and requests
    assert {r.method for r in requests} == {"GET"}
    assert [f"{r.url}: {p}" for r in requests for p in problems_of(r)] == []
    assert app.state.sandbox.stats.writes == 0


def test_every_kind_names_its_write_as_a_documented_operation() -> None:
    for spec in kinds.KINDS:
        assert spec.create_call is not None, spec.name
        for api in ("v1", "v2"):
            call = spec.create_call(api)  # type: ignore[arg-type]
            assert find_operation(call.version, call.method, call.path).template == call.path
