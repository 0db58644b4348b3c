"""Route tables, one module per endpoint family."""

from __future__ import annotations

from starlette.requests import Request

from reconciler.sandbox.failure import bad_request


def sandbox_of(request: Request):  # type: ignore[no-untyped-def]
    """The Sandbox behind this request (`app.state.sandbox`)."""
    return request.app.state.sandbox


def path_id(request: Request, name: str = "id") -> int:
    value = request.path_params[name]
    if isinstance(value, int):
        return value
    raise bad_request(f"Parameter '{name}' must be an integer")
