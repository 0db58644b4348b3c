"""Sandbox stats key v1 subscription calls by their documented path template, although the
2024-02-12 document that has them gives no x-token-cost (so they are not in the cost table)."""

from __future__ import annotations

import re

import pytest

from reconciler.pipedrive_api import load_document
from reconciler.sandbox.gate import UNCOSTED_TEMPLATES
from tests.sandbox.seeds_world import WORLD_SEED

pytestmark = pytest.mark.anyio
S = "/api/v1/subscriptions"


async def test_subscription_calls_are_counted_by_template(make_api):
    api = make_api(seed=WORLD_SEED)
    found = await api.call("GET", f"{S}/find/101")
    sub_id = found.json()["data"]["id"]
    await api.call("GET", f"{S}/{sub_id}")
    await api.call("GET", f"{S}/{sub_id}/payments")
    await api.call("GET", f"{S}/find/102")
    by_operation = api.sandbox.stats.by_operation
    assert by_operation["GET /api/v1/subscriptions/find/{dealId}"] == {"requests": 2, "tokens": 4}
    assert by_operation["GET /api/v1/subscriptions/{id}"]["requests"] == 1
    assert by_operation["GET /api/v1/subscriptions/{id}/payments"]["requests"] == 1
    assert not any(re.search(r"/subscriptions/(find/)?\d", key) for key in by_operation)


def test_legacy_templates_are_the_documented_ones():
    paths = load_document("pipedrive-v1-2024-02-12.openapi.json")["paths"]
    documented = {
        f"{method.upper()} {p}" for p, item in paths.items() if p.startswith("/subscriptions")
        for method in item if method in ("get", "post", "put", "delete")
    }  # fmt: skip
    assert set(UNCOSTED_TEMPLATES) <= documented
