"""A base URL that reaches nothing, or something that is not Pipedrive, is said plainly and at
once: the host is named and PIPEDRIVE_BASE_URL is the thing to check."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.e2e.conftest import EXAMPLES

CONFIG = str(EXAMPLES / "company")


def _closed_port() -> int:
    # Bound then closed: nothing listens there, so a connection is refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _WebsiteHandler(BaseHTTPRequestHandler):
    """An ordinary web server: an HTML 404 for every path."""

    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        body = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"
        self.send_response(404)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        return None  # the client hangs up once it has seen the page: not worth a traceback


@pytest.fixture
def website() -> Iterator[str]:
    server = _QuietServer(("127.0.0.1", 0), _WebsiteHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _WebsiteHandler.requests = 0
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("command", ["plan", "drift"])
def test_connection_refused_names_the_host_and_the_setting(sandbox, cli, command):
    port = _closed_port()
    result = cli(command, CONFIG, "--base-url", f"http://127.0.0.1:{port}")
    assert result.code == 1
    assert f"cannot reach 127.0.0.1:{port}: connection refused" in result.err
    assert "PIPEDRIVE_BASE_URL" in result.err
    assert "All connection attempts failed" not in result.err
    assert "Internal error" not in result.err


def test_unknown_host_names_the_host(sandbox, cli):
    # .invalid never resolves (RFC 2606).
    result = cli("export", "--base-url", "https://acme.pipedrive.invalid")
    assert result.code == 1
    assert "cannot reach acme.pipedrive.invalid: host name not found" in result.err
    assert "PIPEDRIVE_BASE_URL" in result.err


def test_a_web_server_that_is_not_pipedrive_is_named_as_such(sandbox, cli, website):
    result = cli("plan", CONFIG, "--base-url", website)
    assert result.code == 1
    host = website.removeprefix("http://")
    assert f"{host} is not answering as Pipedrive" in result.err
    assert "HTTP 404 with an HTML page" in result.err
    assert "PIPEDRIVE_BASE_URL" in result.err
