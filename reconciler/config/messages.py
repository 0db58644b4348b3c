"""Pydantic's validation errors as messages for people, each at its place in the YAML.

    roles[1].settings.deal_default_visibility: must be one of 1, 3, 5, 7 (got 4)
    roles[0]: unknown key 'setings' in role (did you mean 'settings'?)

Paths in messages count list items within their own file, as the reader sees them; the
position (`file:line:column`) is the precise pointer.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from reconciler.config.locations import DocPath, SourceMap
from reconciler.config.models import Config
from reconciler.errors import ConfigIssue


def _list_sections() -> tuple[str, ...]:
    # Sections that are lists of objects are concatenated across files.
    return tuple(
        name
        for name, field in Config.model_fields.items()
        if typing.get_origin(field.annotation) is list
        and _is_model(typing.get_args(field.annotation)[0])
    )


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


LIST_SECTIONS = _list_sections()

_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "datetime_type": "a date and time",
}


def describe(value: Any) -> str:
    """A short, YAML-flavoured rendering of a value for "(got ...)"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


def path_text(path: DocPath, local: Mapping[DocPath, int] | None = None) -> str:
    """`("roles", 3, "name")` -> `roles[1].name` when roles[3] is its file's second role."""
    out = ""
    for depth, step in enumerate(path):
        if isinstance(step, int):
            index = (local or {}).get(path[: depth + 1], step) if depth == 1 else step
            out += f"[{index}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def model_at(path: DocPath) -> type[BaseModel] | None:
    """The model that validates the mapping at `path`, following Config's field types."""
    current: Any = Config
    for step in path:
        if isinstance(step, int):
            args = typing.get_args(current) if typing.get_origin(current) is list else ()
            current = args[0] if args else None
        elif _is_model(current) and step in current.model_fields:
            current = current.model_fields[step].annotation
        else:
            return None
        current = _unwrap(current)
    return current if _is_model(current) else None


def _unwrap(tp: Any) -> Any:
    # `X | None` and `Annotated[X, ...]` -> X
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(rest) != 1:
                return tp
            tp = rest[0]
        else:
            return tp


def _label(model: type[BaseModel]) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", model.__name__).lower()


def unknown_key_message(where: DocPath, key: str, model: type[BaseModel] | None) -> str:
    allowed = list(model.model_fields) if model else []
    if model is None or model is Config:
        text = f"unknown top-level key '{key}'"
    else:
        text = f"unknown key '{key}' in {_label(model)}"
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        text += f" (did you mean '{close[0]}'?)"
    elif allowed:
        text += f" (expected one of: {', '.join(allowed)})"
    return text


def translate_errors(
    errors: list[Any], data: Any, sources: SourceMap, local: Mapping[DocPath, int]
) -> list[ConfigIssue]:
    """One issue per offending value; the errors of a union's branches are merged."""
    groups: dict[tuple[DocPath, str], list[Any]] = {}
    for error in errors:
        path = data_path(tuple(error["loc"]), data)
        groups.setdefault((path, error["type"] if error["type"] == "missing" else ""), []).append(
            error
        )
    issues = []
    for (path, _), group in groups.items():
        if group[0]["type"] == "missing":
            for error in group:
                key = error["loc"][len(path)]
                prefix = f"{path_text(path, local)}: " if path else ""
                message = f"{prefix}missing required key '{key}'"
                issues.append(sources.nearest(path).issue(message))
        elif group[0]["type"] == "extra_forbidden":
            message = unknown_key_message(path[:-1], str(path[-1]), model_at(path[:-1]))
            prefix = f"{path_text(path[:-1], local)}: " if len(path) > 1 else ""
            issues.append(sources.key(path).issue(prefix + message))
        else:
            message = f"{path_text(path, local)}: {_problem(group, value_at(data, path))}"
            issues.append(sources.nearest(path).issue(message))
    return issues


def data_path(loc: DocPath, data: Any) -> DocPath:
    """The longest prefix of `loc` that exists in the data (drops union branch tags)."""
    path: list[str | int] = []
    for step in loc:
        in_map = isinstance(data, dict) and isinstance(step, str) and step in data
        in_list = isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        if not (in_map or in_list):
            break
        data = data[step]
        path.append(step)
    return tuple(path)


def value_at(data: Any, path: DocPath) -> Any:
    """The value at `path`, or None where the path leads nowhere."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _problem(group: list[Any], value: Any) -> str:
    # A value of the right type that breaks a constraint says more than "wrong type".
    specific = [e for e in group if e["type"] not in _EXPECTED]
    if specific:
        return _constraint(specific[0], value)
    expected = " or ".join(dict.fromkeys(_EXPECTED[e["type"]] for e in group))
    text = f"must be {expected} (got {describe(value)})"
    if expected == "a string" and isinstance(value, int | float | bool | dt.date):
        text += "; put it in quotes to make it text"
    return text


def _constraint(error: Any, value: Any) -> str:
    ctx = error.get("ctx") or {}
    kind = error["type"]
    got = f"(got {describe(value)})"
    if kind == "literal_error":
        return f"must be one of {ctx['expected'].replace(' or ', ', ')} {got}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "string_too_short":
        return f"must be at least {ctx['min_length']} characters long"
    if kind == "string_too_long":
        return f"must be at most {ctx['max_length']} characters long (got {len(value)})"
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "greater_than": ("more than", "gt"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        return f"must be {words} {ctx[key]} {got}"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{message[:1].lower()}{message[1:]} {got}"
