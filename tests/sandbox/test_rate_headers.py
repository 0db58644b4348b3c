"""The burst headers tell the window as it stood when the request was counted, and the server
socket sends small answers without waiting for the client's acknowledgement."""

from __future__ import annotations

import asyncio
import socket

import pytest

from reconciler.sandbox.server import _bind

pytestmark = pytest.mark.anyio


async def test_remaining_is_counted_when_a_request_arrives_not_when_its_answer_leaves(make_api):
    # Three requests arrive before any is answered (the latency keeps them in flight). Had
    # the headers been computed as each answer left, all three would say 2.
    api = make_api(burst=5, latency_ms=20)
    responses = await asyncio.gather(*(api.call("GET", "/api/v1/roles/1") for _ in range(3)))
    remaining = sorted(r.headers["x-ratelimit-remaining"] for r in responses)
    assert remaining == ["2", "3", "4"]


def test_the_listening_socket_is_tcp_so_answers_go_out_without_delay() -> None:
    # asyncio turns on TCP_NODELAY only for sockets whose protocol is IPPROTO_TCP; accepted
    # sockets inherit the listener's protocol and options.
    listener = _bind("127.0.0.1", 0)
    client = socket.create_connection(listener.getsockname()[:2])
    try:
        accepted, _ = listener.accept()
        with accepted:
            assert accepted.proto == socket.IPPROTO_TCP
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    finally:
        client.close()
        listener.close()
