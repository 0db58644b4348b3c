"""The config's digest: what a saved plan records to tell whether the config changed."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from pydantic import BaseModel

from reconciler.config.models import Config
from reconciler.config.types import SENSITIVE_KEYS


def config_digest(config: Config) -> str:
    """A digest that ignores formatting, comments, key order and file layout.

    Writing a default value out (`protect: false`) does not change it; `parent: null`
    does, because an absent `null`-defaulted key means "not managed", unlike an explicit null.
    """
    canonical = json.dumps(
        _canonical(config),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,  # dates of projects and subscriptions
    )
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


@functools.cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(model.model_fields)


def _canonical(value: Any) -> Any:
    if isinstance(value, BaseModel):
        given = value.model_fields_set
        result = {}
        for name in _field_names(type(value)):
            item = getattr(value, name)
            if name in SENSITIVE_KEYS and isinstance(item, str):
                # A digest of a known config plus a password would let anyone test guesses.
                result[name] = "(sensitive)"
            elif item is not None or name in given:
                result[name] = _canonical(item)
        return result
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    return value
