"""The ASGI app: Pipedrive v1 under /api/v1, v2 under /api/v2, controls under /_sandbox.

The API routes are those of every registered kind (`kinds.KINDS`); each is served only as
its documented operation and checks its requests against the document first (`validation`).
"""

from __future__ import annotations

from typing import Literal

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount

from reconciler.sandbox import control
from reconciler.sandbox.core import Sandbox
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.gate import Gate
from reconciler.sandbox.http import error_body, failure_response
from reconciler.sandbox.kinds import KINDS
from reconciler.sandbox.options import SandboxOptions
from reconciler.sandbox.validation import allowed_methods, documented_routes


def _api_routes(version: Literal["v1", "v2"]) -> list[BaseRoute]:
    """Every kind's routes of one API version, each checking requests against its document."""
    routes: list[BaseRoute] = []
    for kind in KINDS:
        own = kind.v1_routes if version == "v1" else kind.v2_routes
        routes += documented_routes(list(own), version, before=kind.before)
    return routes


async def _api_failure(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiFailure)
    return failure_response(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Unknown path or method", 405: "Method not allowed"}
    message = messages.get(exc.status_code, str(exc.detail))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette names only the first route of the path; each method is its own route.
        headers["Allow"] = ", ".join(allowed_methods(request.app.routes, request.url.path))
    return JSONResponse(error_body(message), status_code=exc.status_code, headers=headers)


def create_app(options: SandboxOptions | None = None) -> Starlette:
    """A sandbox app; `app.state.sandbox` is its `Sandbox` (store, stats, faults)."""
    sandbox = Sandbox(options or SandboxOptions())
    app = Starlette(
        routes=[
            Mount("/api/v1", routes=_api_routes("v1")),
            Mount("/api/v2", routes=_api_routes("v2")),
            *control.routes,
        ],
        middleware=[Middleware(Gate, sandbox=sandbox)],
        exception_handlers={ApiFailure: _api_failure, HTTPException: _http_error},
    )
    app.state.sandbox = sandbox
    return app
