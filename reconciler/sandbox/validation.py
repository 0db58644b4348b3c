"""Every request is checked against Pipedrive's documents before a route sees it.

Each sandbox route is wrapped with the operation its path and method document (a route the
documents do not have fails at app creation). The wrapper answers 400, naming the field,
when the request breaks what the document types:

* typed query parameters, read as the document says: an integer is digits, a number is a
  decimal, a boolean is `true` or `false`, an enum one of its values, a `date` YYYY-MM-DD;
  a documented required parameter must be there. Parameters the operation does not document
  are ignored, as Pipedrive ignores them.
* the JSON body, validated with JSON types as they are (a boolean takes `true`/`false` only,
  a number is never a string), with required properties, enums and formats. v1 also takes
  form-encoded bodies (FACTS.md §2); their text values are read as the document types them,
  by the same rules as query parameters.

The only leeway is the request entries of the table of known contradictions
(`reconciler.pipedrive_api.contradictions`). Domain rules (a stage's probability between 0
and 100, an existing pipeline) stay with the routes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl

from jsonschema.exceptions import ValidationError, best_match
from openapi_schema_validator import OAS30WriteValidator, oas30_format_checker
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from reconciler.pipedrive_api import Operation, Version, comma_separated, find_operation
from reconciler.pipedrive_api.contradictions import apply_request_exceptions
from reconciler.sandbox.failure import ApiFailure, bad_request

Endpoint = Callable[[Request], Awaitable[Response]]

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}
_FORMAT_WORDS = {"date": "a date (YYYY-MM-DD)", "date-time": "an RFC 3339 date-time"}
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Rules:
    """What one operation accepts: its typed query parameters and its body schema."""

    operation: Operation
    query: Mapping[str, tuple[dict[str, Any], bool]]  # name -> (schema, required)
    lists: Mapping[str, bool]  # enum parameters documented as comma-separated lists
    body: OAS30WriteValidator | None
    body_properties: Mapping[str, Any]


def served_operations(routes: list[BaseRoute]) -> list[Operation]:
    """The documented operations a route table (an app's, with its mounts) serves."""
    found: list[Operation] = []
    for route in routes:
        if isinstance(route, Mount) and route.path in ("/api/v1", "/api/v2"):
            version: Version = "v1" if route.path == "/api/v1" else "v2"
            for inner in route.routes:
                if isinstance(inner, Route) and inner.methods:
                    template = re.sub(r":\w+}", "}", inner.path)
                    for method in sorted(inner.methods - {"HEAD"}):
                        found.append(find_operation(version, method, template))
    return found


def allowed_methods(routes: list[BaseRoute], path: str) -> list[str]:
    """Every method some route serves at `path`: the `Allow` of a 405 (RFC 9110 §15.5.6)."""
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Mount) and path.startswith(route.path + "/"):
            rest = path[len(route.path) :]
            for inner in route.routes:
                if isinstance(inner, Route) and inner.methods and inner.path_regex.match(rest):
                    methods |= inner.methods
    return sorted(methods)


def documented_routes(
    routes: list[BaseRoute], version: Version, before: Callable[[Request], None] | None = None
) -> list[BaseRoute]:
    """`routes` with every endpoint checking its requests against its documented operation.

    `before` runs ahead of the check (a removed API answers as removed whatever is sent).
    """
    checked: list[BaseRoute] = []
    for route in routes:
        if not isinstance(route, Route) or not route.methods:
            raise TypeError(f"not a plain route: {route!r}")
        template = re.sub(r":\w+}", "}", route.path)
        for method in sorted(route.methods - {"HEAD"}):
            operation = find_operation(version, method, template)
            if operation.template != template:
                raise LookupError(f"{version} {method} {template} is not documented")
            endpoint = _checking(route.endpoint, rules_for(operation), before)
            checked.append(Route(route.path, endpoint, methods=[method]))
    return checked


def _checking(
    endpoint: Endpoint, rules: Rules, before: Callable[[Request], None] | None
) -> Endpoint:
    async def checked(request: Request) -> Response:
        if before is not None:
            before(request)
        check_query(rules, request.query_params.multi_items())
        if rules.body is not None:
            await check_body(rules, request)
        return await endpoint(request)

    checked.__name__ = getattr(endpoint, "__name__", "endpoint")
    return checked


@cache
def rules_for(operation: Operation) -> Rules:
    parameters = operation.parameters("query")
    query = {
        name: (dict(parameter.get("schema", {})), bool(parameter.get("required")))
        for name, parameter in parameters.items()
    }
    lists = {name: comma_separated(parameter) for name, parameter in parameters.items()}
    raw = operation.raw_request_schema()
    if raw is None:
        return Rules(operation, query, lists, None, {})
    schema = apply_request_exceptions(operation.key, json.loads(json.dumps(raw)))
    validator = OAS30WriteValidator(schema, format_checker=oas30_format_checker)
    return Rules(operation, query, lists, validator, _properties(schema))


def _properties(schema: Mapping[str, Any]) -> dict[str, Any]:
    found = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found.update(_properties(part))
    return found


# -- query ----------------------------------------------------------------------------------


def check_query(rules: Rules, items: list[tuple[str, str]]) -> None:
    given: dict[str, list[str]] = {}
    for name, value in items:
        given.setdefault(name, []).append(value)
    for name, (schema, required) in rules.query.items():
        values = given.get(name)
        if values is None:
            if required:
                raise bad_request(f"Parameter '{name}' is required")
            continue
        if len(values) > 1:
            raise bad_request(f"Parameter '{name}' must be given once")
        for part in _parts(values[0], rules.lists.get(name, False)):
            _check_value(schema, typed_text(part, schema, name), name)


def _parts(text: str, is_list: bool) -> list[str]:
    return [part.strip() for part in text.split(",")] if is_list else [text]


def _type_of(schema: Mapping[str, Any]) -> str | None:
    if "type" in schema:
        return str(schema["type"])
    for keyword in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(keyword, []):
            found = _type_of(part)
            if found:
                return found
    return None


def typed_text(text: str, schema: Mapping[str, Any], name: str) -> Any:
    """Text (a query value, a form field) read as the type its schema documents."""
    kind = _type_of(schema)
    if kind == "integer" and _INTEGER.fullmatch(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        return float(text) if "." in text else int(text)
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind in (None, "string"):
        return text
    if kind in ("array", "object"):
        try:
            return json.loads(text)
        except ValueError:
            pass
    raise bad_request(f"Parameter '{name}' must be {_TYPE_WORDS.get(kind, kind)}")


def _check_value(schema: Mapping[str, Any], value: Any, name: str) -> None:
    validator = OAS30WriteValidator(dict(schema), format_checker=oas30_format_checker)
    error = best_match(validator.iter_errors(value))
    if error is not None:
        raise bad_request(_message(error, name))


# -- body -----------------------------------------------------------------------------------


async def check_body(rules: Rules, request: Request) -> None:
    assert rules.body is not None
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if rules.operation.version == "v1" and content_type == FORM:
        body: Any = _form_body(rules, raw)
    elif content_type not in ("", "application/json") and raw.strip():
        raise ApiFailure(415, f"Content-Type {content_type} is not supported; send JSON")
    elif not raw.strip():
        body = {}
    else:
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise bad_request("Request body is not valid JSON") from exc
    error = best_match(rules.body.iter_errors(body))
    if error is not None:
        raise bad_request(_message(error, None))


def _form_body(rules: Rules, raw: bytes) -> dict[str, Any]:
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request("Request body is not valid form data") from exc
    body: dict[str, Any] = {}
    for name, text in pairs:
        schema = rules.body_properties.get(name)
        body[name] = text if schema is None else typed_text(text, schema, name)
    return body


def _message(error: ValidationError, name: str | None) -> str:
    parts = [str(part) for part in error.absolute_path]
    where = ".".join(parts) if name is None else ".".join([name, *parts])
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"Parameter '{'.'.join([*filter(None, [where]), missing])}' is required"
    if not where:
        expected = _TYPE_WORDS.get(str(error.validator_value), "an object")
        return f"Request body must be {expected}"
    if error.validator == "type":
        return f"Parameter '{where}' must be {_TYPE_WORDS.get(str(error.validator_value), 'valid')}"
    if error.validator == "enum":
        values: Any = error.validator_value
        allowed = ", ".join(json.dumps(value) for value in values)
        return f"Parameter '{where}' must be one of {allowed} (got {json.dumps(error.instance)})"
    if error.validator == "format":
        words = _FORMAT_WORDS.get(str(error.validator_value), f"a {error.validator_value}")
        return f"Parameter '{where}' must be {words}"
    return f"Parameter '{where}' is invalid: {error.message}"
