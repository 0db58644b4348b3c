"""Every request plan, apply and plan again send for activity types, lead labels and webhooks
(create, rename, update, replace, prune) is one the documents allow."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_client_requests import _converge, problems_of

pytestmark = [pytest.mark.contract, pytest.mark.anyio]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webhooks-labels-types"


async def test_every_request_is_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_PASSWORD", "example-password")
    requests = await _converge(EXAMPLE / "pipedrive.yaml", EXAMPLE / "sandbox-seed.yaml", "v2")
    writes = {(r.method, r.url.path.rsplit("/", 1)[0] if r.method != "POST" else r.url.path)
              for r in requests if r.method != "GET"}  # fmt: skip
    assert writes >= {
        ("POST", "/api/v1/activityTypes"),
        ("PUT", "/api/v1/activityTypes"),
        ("DELETE", "/api/v1/activityTypes"),
        ("POST", "/api/v1/leadLabels"),
        ("PATCH", "/api/v1/leadLabels"),
        ("DELETE", "/api/v1/leadLabels"),
        ("POST", "/api/v1/webhooks"),
        ("DELETE", "/api/v1/webhooks"),
    }
    problems = [f"{r.method} {r.url}: {p}" for r in requests for p in problems_of(r)]
    assert problems == []
