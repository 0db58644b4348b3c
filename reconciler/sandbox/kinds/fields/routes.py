"""`/api/v2/{entity}Fields`: list (cursor), one, create, update, delete, and the atomic bulk
option writes, for deal, person, organization, product and project fields.

The settings blocks come back only when `include_fields` asks for them, as documented;
project fields, whose reads document no `include_fields`, always show theirs.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from reconciler.sandbox.context import page_cap, part_of, path_text
from reconciler.sandbox.failure import bad_request
from reconciler.sandbox.http import MISSING, cursor_page, ok, query_fields, read_body
from reconciler.sandbox.kinds.fields.catalog import CATALOG, ENTITIES, subfields
from reconciler.sandbox.kinds.fields.rules import SETTINGS, Field, Fields


def field_v2(found: Field, include: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"field_name": found.field_name, "field_code": found.field_code}
    if found.description is not None and CATALOG[found.entity].has_description:
        data["description"] = found.description
    data |= {
        "field_type": found.field_type,
        "options": [_option(o) for o in found.options] if found.field_type in ("enum", "set")
        else None,
        "subfields": subfields(found.field_type, found.field_name),
        "is_custom_field": found.is_custom_field,
        "is_optional_response_field": False,
    }  # fmt: skip
    for name in SETTINGS:
        block = getattr(found, name)
        if name in include and block is not None:
            data[name] = json.loads(json.dumps(block))
    return data


def _option(option: dict[str, Any]) -> dict[str, Any]:
    return {**option, "color": None}


def _entity(request: Request) -> str:
    # /api/v2/dealFields/... -> deal
    return request.url.path.split("/")[3].removesuffix("Fields")


def _include(request: Request) -> set[str]:
    # The project field reads document no include_fields, yet their answers document the
    # blocks: the only way to read them is to always send them.
    if _entity(request) == "project":
        return set(SETTINGS)
    text = query_fields(request, "v2").string("include_fields")
    return set() if text is MISSING else {part.strip() for part in text.split(",")}


async def _items(request: Request) -> list[dict[str, Any]]:
    """A bulk options body: an array of objects (its items' types were checked already)."""
    body = json.loads(await request.body() or b"null")
    if not isinstance(body, list) or not body:
        raise bad_request("Request body must be a non-empty array")
    return body


async def list_fields(request: Request) -> JSONResponse:
    include = _include(request)
    found = part_of(request, Fields).listed(_entity(request))
    page, next_cursor = cursor_page(found, request, page_cap(request), key=lambda f: f.id,
                                    item_id=lambda f: f.id, sort=("id", "asc"))  # fmt: skip
    return ok([field_v2(f, include) for f in page], {"next_cursor": next_cursor})


async def get_field(request: Request) -> JSONResponse:
    found = part_of(request, Fields).get(_entity(request), path_text(request, "field_code"))
    return ok(field_v2(found, _include(request)))


async def add_field(request: Request) -> JSONResponse:
    found = part_of(request, Fields).create(_entity(request), await read_body(request, "v2"))
    return ok(field_v2(found, set(SETTINGS)))


async def update_field(request: Request) -> JSONResponse:
    fields, code = part_of(request, Fields), path_text(request, "field_code")
    found = fields.update(_entity(request), code, await read_body(request, "v2"))
    return ok(field_v2(found, set(SETTINGS)))


async def delete_field(request: Request) -> JSONResponse:
    fields, code = part_of(request, Fields), path_text(request, "field_code")
    return ok(field_v2(fields.delete(_entity(request), code), set()))


def _answer(options: list[dict[str, Any]]) -> JSONResponse:
    return ok([{"id": o["id"], "label": o["label"]} for o in options], None)


async def add_options(request: Request) -> JSONResponse:
    fields, code = part_of(request, Fields), path_text(request, "field_code")
    return _answer(fields.add_options(_entity(request), code, await _items(request)))


async def rename_options(request: Request) -> JSONResponse:
    fields, code = part_of(request, Fields), path_text(request, "field_code")
    return _answer(fields.rename_options(_entity(request), code, await _items(request)))


async def delete_options(request: Request) -> JSONResponse:
    fields, code = part_of(request, Fields), path_text(request, "field_code")
    return _answer(fields.delete_options(_entity(request), code, await _items(request)))


def _routes(entity: str) -> list[BaseRoute]:
    base = f"/{entity}Fields"
    one, options = f"{base}/{{field_code}}", f"{base}/{{field_code}}/options"
    return [
        Route(base, list_fields, methods=["GET"]),
        Route(base, add_field, methods=["POST"]),
        Route(one, get_field, methods=["GET"]),
        Route(one, update_field, methods=["PATCH"]),
        Route(one, delete_field, methods=["DELETE"]),
        Route(options, add_options, methods=["POST"]),
        Route(options, rename_options, methods=["PATCH"]),
        Route(options, delete_options, methods=["DELETE"]),
    ]


ROUTES = [route for entity in ENTITIES for route in _routes(entity)]
