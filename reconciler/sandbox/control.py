"""Non-Pipedrive paths under /_sandbox: no auth, not charged, not counted."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.errors import ConfigError
from reconciler.sandbox.context import sandbox_of
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import read_body
from reconciler.sandbox.seed import load_seed
from reconciler.sandbox.store import STATE_FORMAT


async def stats(request: Request) -> JSONResponse:
    return JSONResponse(sandbox_of(request).stats.as_dict())


async def state(request: Request) -> JSONResponse:
    return JSONResponse(sandbox_of(request).store.dump())


async def reset(request: Request) -> JSONResponse:
    """Back to the seed; `{"seed": {...}}` or `{"state": {...}}` loads another company."""
    body = await read_body(request, "v2")
    if set(body) - {"seed", "state"} or len(body) > 1:
        raise bad_request('Body must be empty, {"seed": ...} or {"state": ...}')
    seed = None
    if body:
        document = body.get("seed", body.get("state"))
        if not isinstance(document, dict):
            raise bad_request("The seed or state must be an object")
        if "state" in body and document.get("format") != STATE_FORMAT:
            raise bad_request(f'A state dump must have "format": "{STATE_FORMAT}"')
        try:
            seed = load_seed(document)
        except ConfigError as exc:
            raise bad_request(f"Invalid seed: {exc}") from exc
    sandbox_of(request).reset(seed)
    return JSONResponse({"success": True})


async def set_faults(request: Request) -> JSONResponse:
    faults = sandbox_of(request).faults.configure(await read_body(request, "v2"))
    return JSONResponse({"success": True, "faults": faults})


async def clear_faults(request: Request) -> JSONResponse:
    sandbox = sandbox_of(request)
    sandbox.faults.clear()
    return JSONResponse({"success": True, "faults": sandbox.faults.describe()})


async def get_faults(request: Request) -> JSONResponse:
    return JSONResponse({"success": True, "faults": sandbox_of(request).faults.describe()})


routes = [
    Route("/_sandbox/stats", stats, methods=["GET"]),
    Route("/_sandbox/state", state, methods=["GET"]),
    Route("/_sandbox/reset", reset, methods=["POST"]),
    Route("/_sandbox/faults", get_faults, methods=["GET"]),
    Route("/_sandbox/faults", set_faults, methods=["POST"]),
    Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
]
