"""Canonical values, so representation differences never show up as drift.

Live values can be sloppy (ints as strings, 0/1 or "true" for booleans, lists in any order);
desired values come from YAML. Each kind names, per field, which of these its values go
through (`KindSpec.normalisers`), on both sides, before anything is compared.
"""

from __future__ import annotations

from typing import Any


def to_bool(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    text = str(value).strip().lower()
    if text in ("", "none", "null"):
        return None
    return text not in ("0", "false", "no", "off")


def to_int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None if value is None else int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    text = str(value).strip()
    if text == "" or text.lower() in ("none", "null"):
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def to_name(value: Any) -> str | None:
    return None if value is None else str(value)


def name_set(value: Any) -> tuple[str, ...]:
    """A list whose order carries no meaning, as a sorted tuple of unique names."""
    return tuple(sorted({str(v) for v in value or ()}))


def id_set(value: Any) -> tuple[int, ...] | None:
    return None if value is None else tuple(sorted({int(v) for v in value}))


def text(value: Any) -> str | None:
    """Pipedrive gives unset text as "" or null alike."""
    return None if value in (None, "") else str(value)
