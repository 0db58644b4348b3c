"""The client reads every plausible encoding of what Pipedrive's documents leave open.

A stand-in for Pipedrive that spells its answers differently from the sandbox (booleans as
0/1, "0"/"1" or "false"/"true"; numbers as strings; a cancelled subscription marked only by
`final_status`; an installment's `cadence_type` "custom") must plan exactly what the
faithful sandbox plans, and converge: after apply, a new plan is empty. The stand-in is the
sandbox itself behind a transport that re-encodes the JSON of each successful answer.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.config.loader import load_config
from reconciler.planning.changes import Plan
from reconciler.sandbox import SandboxOptions, create_app
from reconciler.workflow import Planned, execute, make_plan
from tests.integration.conftest import EXAMPLES, TOKEN

pytestmark = pytest.mark.anyio

COMPANY = (EXAMPLES / "company", EXAMPLES / "sandbox-seed.yaml")
EXTENDED = (EXAMPLES / "extended" / "pipedrive.yaml", EXAMPLES / "extended" / "sandbox-seed.yaml")


class LooseSpelling(httpx.AsyncBaseTransport):
    """Re-encodes `data` and `additional_data` of every 2xx JSON answer of `inner`."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, *, respell: bool, subscription_quirks: bool
    ) -> None:
        self.inner = inner
        self.respell = respell
        self.subscription_quirks = subscription_quirks
        self._flags = itertools.cycle([(0, 1), ("0", "1"), ("false", "true"), ("False", "True")])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if response.status_code >= 300:
            return response
        body = json.loads(await response.aread())
        if self.subscription_quirks and "/subscriptions" in request.url.path:
            body["data"] = _quirky_subscriptions(body.get("data"))
        for key in ("data", "additional_data"):
            if self.respell and key in body:
                body[key] = self._respell(body[key])
        headers = {k: v for k, v in response.headers.items() if k != "content-length"}
        return httpx.Response(response.status_code, json=body, headers=headers)

    def _respell(self, value: Any) -> Any:
        if isinstance(value, bool):
            return next(self._flags)[value]
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, list):
            return [self._respell(item) for item in value]
        if isinstance(value, dict):
            return {key: self._respell(item) for key, item in value.items()}
        return value


def _quirky_subscriptions(data: Any) -> Any:
    """A cancelled subscription still `is_active: true` (only `final_status` says so); an
    installment's cadence "custom" instead of absent."""
    if not isinstance(data, dict) or "deal_id" not in data:
        return data
    data = {**data, "is_active": True}
    data.setdefault("cadence_type", "custom")
    return data


def _client(seed: Path, *, respell: bool = False, quirks: bool = False) -> PipedriveClient:
    app = create_app(SandboxOptions(token=TOKEN, seed=seed, burst=1_000_000))
    transport: httpx.AsyncBaseTransport = httpx.ASGITransport(app=app)
    if respell or quirks:
        transport = LooseSpelling(transport, respell=respell, subscription_quirks=quirks)
    return PipedriveClient("http://127.0.0.1", TOKEN, transport=transport)


def _changes(plan: Plan) -> list[tuple[Any, ...]]:
    return [(c.address, c.action, c.fields, c.payload.to_json()) for c in plan.changes]


async def _plan(client: PipedriveClient, config: Path, stages_api: str) -> Planned:
    return await make_plan(client, load_config([config]), stages_api=stages_api)


@pytest.mark.parametrize(
    ("example", "stages_api"),
    [(COMPANY, "v2"), (COMPANY, "v1"), (EXTENDED, "v2")],
    ids=["company-v2", "company-v1", "extended"],
)
async def test_loosely_spelled_answers_plan_as_the_faithful_ones_and_converge(
    example: tuple[Path, Path], stages_api: str
) -> None:
    config, seed = example
    async with _client(seed) as faithful:
        expected = _changes((await _plan(faithful, config, stages_api)).plan)
    async with _client(seed, respell=True, quirks=True) as loose:
        planned = await _plan(loose, config, stages_api)
        assert _changes(planned.plan) == expected
        report = await execute(loose, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]
        again = await _plan(loose, config, stages_api)
        assert again.plan.changes == ()


async def test_subscriptions_marked_as_the_documents_allow_converge() -> None:
    """Cancelled only by `final_status`, an installment by `cadence_type: "custom"`: apply
    cancels and creates once, and the next plan neither cancels again (a 400) nor replaces
    the fresh installment."""
    config, seed = EXTENDED
    async with _client(seed, quirks=True) as quirky:
        planned = await _plan(quirky, config, "v2")
        report = await execute(quirky, planned.plan, planned.live, parallelism=4)
        assert report.ok, [o.to_dict() for o in report.outcomes if o.error]
        again = await _plan(quirky, config, "v2")
    live = {r.address: r.fields for r in again.live.resources}
    assert live["subscription/103"]["cancelled"] is True
    assert live["subscription/102"]["type"] == "installment"
    assert live["subscription/101"]["type"] == "recurring"
    assert again.plan.changes == ()
