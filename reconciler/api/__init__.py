"""The Pipedrive HTTP client: base URL, auth header, pagination, retries, pacing, tally.

The client is imported lazily so that `reconciler.api.costs` (pure data, used by the planner)
can be imported without pulling in httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reconciler.api.client import PipedriveClient
    from reconciler.api.responses import ApiResponse
    from reconciler.api.tally import Tally
    from reconciler.api.urls import resolve_base_url

__all__ = ["ApiResponse", "PipedriveClient", "Tally", "resolve_base_url"]

_HOMES = {
    "PipedriveClient": "reconciler.api.client",
    "ApiResponse": "reconciler.api.responses",
    "Tally": "reconciler.api.tally",
    "resolve_base_url": "reconciler.api.urls",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'reconciler.api' has no attribute {name!r}")
