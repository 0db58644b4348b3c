"""The ASGI app: Pipedrive v1 under /api/v1, v2 under /api/v2, controls under /_sandbox.

Every API route is served only as its documented operation and checks its requests against
the document first (`validation`).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount

from reconciler.sandbox.core import Sandbox
from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.gate import Gate
from reconciler.sandbox.http import error_body, failure_response
from reconciler.sandbox.options import SandboxOptions
from reconciler.sandbox.routes import (
    control,
    deals,
    deals_v1,
    pipelines_v1,
    pipelines_v2,
    products,
    products_v2,
    project_catalog,
    projects,
    recents,
    roles,
    stages_v1,
    stages_v2,
    subscriptions,
    users,
)
from reconciler.sandbox.validation import allowed_methods, documented_routes

V1_ROUTES: list[BaseRoute] = [
    *roles.routes,
    *users.routes,
    *recents.routes,
    *stages_v1.routes,
    *pipelines_v1.routes,
    *deals_v1.routes,
    *project_catalog.routes,  # before projects: /projects/boards is not a project id
    *projects.routes,
    *products.routes,
]
V2_ROUTES: list[BaseRoute] = [
    *stages_v2.routes,
    *pipelines_v2.routes,
    *deals.routes,
    *products_v2.routes,
]


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
            Mount(
                "/api/v1",
                routes=[
                    *documented_routes(V1_ROUTES, "v1"),
                    *documented_routes(
                        subscriptions.routes, "v1", before=subscriptions.check_served
                    ),
                ],
            ),
            Mount("/api/v2", routes=documented_routes(V2_ROUTES, "v2")),
            *control.routes,
        ],
        middleware=[Middleware(Gate, sandbox=sandbox)],
        exception_handlers={ApiFailure: _api_failure, HTTPException: _http_error},
    )
    app.state.sandbox = sandbox
    return app
