"""Rate limits (burst window, daily budget), stats, and injected faults."""

from __future__ import annotations

import time

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_burst_window_answers_429_with_headers_until_a_slot_frees(make_api, mono):
    api = make_api(burst=3, burst_window=2.0)
    remaining = []
    for _ in range(3):
        response = await api.call("GET", "/api/v1/roles/1")
        remaining.append(response.headers["x-ratelimit-remaining"])
    assert remaining == ["2", "1", "0"]
    mono.advance(0.5)
    limited = await api.call("GET", "/api/v1/roles/1")
    assert limited.status_code == 429 and limited.json()["success"] is False
    assert limited.headers["x-ratelimit-limit"] == "3"
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.headers["x-ratelimit-reset"] == "2"  # 1.5 s until the first slot frees
    assert "retry-after" not in limited.headers
    mono.advance(1.5)
    assert (await api.call("GET", "/api/v1/roles/1")).status_code == 200
    stats = (await api.control.get("/_sandbox/stats")).json()
    assert (stats["requests"], stats["rate_limited"], stats["tokens"]) == (5, 1, 8)


async def test_every_api_response_carries_the_limit_headers(api):
    for method, path in (("GET", "/api/v1/roles"), ("GET", "/api/v2/stages/99")):
        response = await api.call(method, path)
        for header in (
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "x-daily-ratelimit-token-remaining",
        ):
            assert header in response.headers, (path, header)
        assert int(response.headers["x-ratelimit-reset"]) >= 1


async def test_daily_budget_is_charged_per_operation_cost_then_429(make_api):
    api = make_api(daily_budget=25)
    first = await api.call("GET", "/api/v1/roles")  # 20 tokens
    assert first.headers["x-daily-ratelimit-token-remaining"] == "5"
    second = await api.call("GET", "/api/v2/stages")  # 5 tokens
    assert second.headers["x-daily-ratelimit-token-remaining"] == "0"
    spent = await api.call("GET", "/api/v2/stages/1")
    assert spent.status_code == 429
    assert spent.headers["x-daily-ratelimit-token-remaining"] == "0"
    stats = (await api.control.get("/_sandbox/stats")).json()
    assert stats["tokens"] == 25 and stats["rate_limited"] == 1


async def test_stats_count_by_documented_operation(api):
    await api.call("GET", "/api/v1/roles/2")
    await api.call("GET", "/api/v1/roles/3")
    await api.call("POST", "/api/v1/roles", json={"name": "X"})
    await api.call("PATCH", "/api/v2/stages/1", json={"name": "Y"})
    await api.control.get("/_sandbox/state")  # control paths are not counted
    stats = (await api.control.get("/_sandbox/stats")).json()
    assert stats["by_operation"] == {
        "GET /api/v1/roles/{id}": {"requests": 2, "tokens": 4},
        "POST /api/v1/roles": {"requests": 1, "tokens": 10},
        "PATCH /api/v2/stages/{id}": {"requests": 1, "tokens": 5},
    }
    assert (stats["requests"], stats["writes"], stats["tokens"]) == (4, 2, 19)


async def test_scripted_rate_limit_every_nth_request(api):
    await api.control.post("/_sandbox/faults", json={"rate_limit_every": 3})
    statuses = [(await api.call("GET", "/api/v1/roles/1")).status_code for _ in range(6)]
    assert statuses == [200, 200, 429, 200, 200, 429]
    await api.control.delete("/_sandbox/faults")
    assert (await api.call("GET", "/api/v1/roles/1")).status_code == 200


async def test_fail_write_at_fails_the_kth_write_once_changing_nothing(api):
    await api.call("GET", "/api/v1/roles")  # reads before the fault do not count
    await api.control.post("/_sandbox/faults", json={"fail_write_at": 2, "fail_status": 503})
    assert (await api.call("GET", "/api/v1/roles")).status_code == 200  # reads never count
    assert (await api.call("POST", "/api/v1/roles", json={"name": "A"})).status_code == 200
    failed = await api.call("POST", "/api/v1/roles", json={"name": "B"})
    assert failed.status_code == 503 and failed.json()["success"] is False
    names = [r["name"] for r in await api.data("GET", "/api/v1/roles")]
    assert "A" in names and "B" not in names
    assert (await api.call("POST", "/api/v1/roles", json={"name": "B"})).status_code == 200


async def test_drop_post_at_creates_the_object_but_loses_the_answer(api):
    await api.control.post("/_sandbox/faults", json={"drop_post_at": 1})
    with pytest.raises(ConnectionResetError):
        await api.call("POST", "/api/v2/pipelines", json={"name": "Ghost"})
    names = [p["name"] for p in await api.data("GET", "/api/v2/pipelines")]
    assert "Ghost" in names  # the write happened
    again = await api.call("POST", "/api/v2/pipelines", json={"name": "Second"})
    assert again.status_code == 200  # one-shot


async def test_fault_rate_is_reproducible_with_a_seed(make_api):
    async def statuses(seed: int) -> list[int]:
        api = make_api(fault_rate=0.5, random_seed=seed, burst=1000)
        return [(await api.call("GET", "/api/v1/roles/1")).status_code for _ in range(20)]

    first, second = await statuses(7), await statuses(7)
    assert first == second
    assert set(first) - {200} <= {500, 502, 503} and 200 in first and len(set(first)) > 1


async def test_bad_fault_specs_are_400(api):
    for spec in ({"explode": 1}, {"fail_write_at": "2"}, {"rate_limit_every": 0}):
        response = await api.control.post("/_sandbox/faults", json=spec)
        assert response.status_code == 400, spec


async def test_latency_is_added_before_handling(make_api):
    api = make_api(latency_ms=30)
    started = time.perf_counter()
    await api.call("GET", "/api/v1/roles/1")
    assert time.perf_counter() - started >= 0.03


async def test_dropped_response_over_a_socket_is_a_protocol_error(sandbox_url):
    async with httpx.AsyncClient(
        base_url=sandbox_url, headers={"x-api-token": "sandbox-token"}
    ) as c:
        await c.post("/_sandbox/faults", json={"drop_post_at": 1})
        with pytest.raises(httpx.TransportError):
            await c.post("/api/v1/roles", json={"name": "Lost answer"})
        roles = (await c.get("/api/v1/roles")).json()["data"]
    assert "Lost answer" in [r["name"] for r in roles]


async def test_fail_write_count_keeps_failing_retries(api):
    spec = {"fail_write_at": 1, "fail_write_count": 2}
    await api.control.post("/_sandbox/faults", json=spec)
    body = {"name": "Retried"}
    statuses = [(await api.call("PUT", "/api/v1/roles/2", json=body)).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]
