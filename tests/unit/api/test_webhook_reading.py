"""Reading webhooks with the real client over a mock transport: past-tense actions read as
the request's words, passwords as `(sensitive)`, app and automation webhooks left alone."""

from __future__ import annotations

import httpx
import pytest

from reconciler.api import PipedriveClient
from reconciler.kinds.context import ReadContext, ReadScope
from reconciler.kinds.webhooks.io import read_webhooks, webhook_ids
from reconciler.state import User

pytestmark = pytest.mark.anyio

HOOKS = [
    {"id": 1, "name": "Mine", "type": "general", "event_action": "added", "event_object": "deal",
     "subscription_url": "https://h.example.com/", "user_id": 7, "version": "2.0",
     "http_auth_user": "hook", "http_auth_password": "********"},
    {"id": 2, "name": "An app's", "type": "application", "event_action": "*", "event_object": "*",
     "subscription_url": "https://app.example.com/", "user_id": 7, "version": "1.0"},
]  # fmt: skip


def _client() -> PipedriveClient:
    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/webhooks"
        return httpx.Response(200, json={"success": True, "status": "ok", "data": HOOKS})

    return PipedriveClient("http://127.0.0.1", "t0ken", transport=httpx.MockTransport(answer))


async def test_only_general_webhooks_are_read_in_the_config_vocabulary():
    async with _client() as client:
        ctx = ReadContext(client, ReadScope(frozenset({"webhook"})))
        ctx.users.append(User(7, "alice@example.com", "Alice", None))
        await read_webhooks(ctx)
        (hook,) = ctx.resources
        assert dict(hook.fields) == {
            "name": "Mine",
            "url": "https://h.example.com/",
            "event": "create.deal",
            "user": "alice@example.com",
            "version": "2.0",
            "http_auth_user": "hook",
            "http_auth_password": "(sensitive)",
        }
        found = await webhook_ids(client, [("Mine",), ("An app's",)], None, "v2")  # type: ignore[arg-type]
        assert found == {("Mine",): [1]}
