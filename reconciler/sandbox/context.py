"""What a route needs from its request: the sandbox, a kind's part of the store, path ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request

from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.kind import Rules

if TYPE_CHECKING:
    from reconciler.sandbox.core import Sandbox

R = TypeVar("R", bound=Rules)


def sandbox_of(request: Request) -> Sandbox:
    """The Sandbox behind this request (`app.state.sandbox`)."""
    found: Sandbox = request.app.state.sandbox
    return found


def part_of(request: Request, rules: type[R]) -> R:
    """One kind's part of the store of the sandbox behind this request."""
    return sandbox_of(request).store.part(rules)


def page_cap(request: Request) -> int | None:
    return sandbox_of(request).options.page_cap


def path_id(request: Request, name: str = "id") -> int:
    value = request.path_params[name]
    if isinstance(value, int):
        return value
    raise bad_request(f"Parameter '{name}' must be an integer")


def path_text(request: Request, name: str) -> Any:
    return request.path_params[name]
