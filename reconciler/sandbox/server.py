"""Serving the sandbox over loopback: in a background thread (tests) or blocking (the CLI).

The listening socket is created as TCP explicitly (`IPPROTO_TCP`): asyncio sets
`TCP_NODELAY` only on sockets whose protocol says TCP, and without it every small response
waits ~40 ms for the client's delayed acknowledgement. Accepted sockets inherit the option.
"""

from __future__ import annotations

import errno
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FrameType

import uvicorn
from starlette.types import ASGIApp

from reconciler.errors import ReconcilerError, TransportError
from reconciler.sandbox.app import create_app
from reconciler.sandbox.options import SandboxOptions


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ReconcilerError(_bind_failure(host, port, exc)) from None
    # Listening before uvicorn starts: connections made as soon as the URL is known queue up.
    sock.listen(128)
    return sock


def _bind_failure(host: str, port: int, exc: OSError) -> str:
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (
            f"cannot listen on {where}: the port is in use (is another server running there?); "
            "pick another with --port, or --port 0 for a free one"
        )
    if isinstance(exc, socket.gaierror):
        return f"cannot listen on {host}: host name not found; give --host an address of this host"
    return f"cannot listen on {where}: {exc.strerror or exc}"


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _server(app: ASGIApp) -> uvicorn.Server:
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config)


def serve_in_thread(
    options: SandboxOptions, host: str = "127.0.0.1", port: int = 0
) -> AbstractContextManager[str]:
    """Serve on `host:port` (0 picks a free port) in a daemon thread; yield the base URL."""
    return serve_app_in_thread(create_app(options), host, port)


@contextmanager
def serve_app_in_thread(app: ASGIApp, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """`serve_in_thread` for an app already built (a sandbox app inside a test's wrapper)."""
    server = _server(app)
    sock = _bind(host, port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started and thread.is_alive():
            threading.Event().wait(0.01)
        if not server.started:
            raise TransportError("GET", _url(sock), "the sandbox server did not start")
        yield _url(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def run(
    options: SandboxOptions,
    host: str = "127.0.0.1",
    port: int = 8765,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM, then return normally; `on_ready` gets the base URL."""
    server = _server(create_app(options))  # a bad seed fails here, before anything listens
    sock = _bind(host, port)
    if on_ready is not None:
        on_ready(_url(sock))

    # uvicorn re-raises the signal that stopped it once it has shut down; a no-op handler
    # makes that a clean return (exit 0) instead of a KeyboardInterrupt or a kill.
    def ignore(signum: int, frame: FrameType | None) -> None:
        return None

    previous = {sig: signal.signal(sig, ignore) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
