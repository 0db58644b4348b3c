"""Secrets never leave the process: every byte the command line writes passes `redact`.

`main` installs a `Redactor` for the run and wraps stdout and stderr in it; the connection
registers the token it uses, and files the CLI writes (plans, reports, exported config) go
through `secret_free`. Every occurrence is replaced, whatever the token's length: a short
sandbox token mangles text that happens to contain it, which is the price of never printing
a real one. Library code raises messages without the token already (the client scrubs its
own); this is the net under everything else, including names read from Pipedrive.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import IO, Any

from pydantic import BaseModel

from reconciler.config.interpolate import CREDENTIAL_VARIABLES
from reconciler.config.types import SENSITIVE_KEYS

REDACTED = "<redacted>"


class Redactor:
    def __init__(self) -> None:
        self._secrets: list[str] = []

    def add(self, secret: str | None) -> None:
        value = (secret or "").strip()
        if value and value not in self._secrets:
            self._secrets.append(value)
            # Longest first, so a token containing another is replaced whole.
            self._secrets.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text


_ACTIVE: ContextVar[Redactor | None] = ContextVar("pipedrive_reconciler_redactor", default=None)


def register_secret(secret: str | None) -> None:
    """Never print `secret` in this run (a no-op outside `main`)."""
    redactor = _ACTIVE.get()
    if redactor is not None:
        redactor.add(secret)


def register_config_secrets(config: BaseModel) -> None:
    """Never print the write-only values a config holds (a webhook's `http_auth.password`),
    whether written in the file or interpolated from the environment."""
    for value in _sensitive_values(config):
        register_secret(value)


def _sensitive_values(value: Any) -> list[str]:
    if isinstance(value, BaseModel):
        found = []
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name in SENSITIVE_KEYS and isinstance(item, str):
                found.append(item)
            else:
                found += _sensitive_values(item)
        return found
    if isinstance(value, list | tuple):
        return [v for item in value for v in _sensitive_values(item)]
    return []


def secret_free(text: str) -> str:
    redactor = _ACTIVE.get()
    return redactor(text) if redactor is not None else text


class _RedactingStream:
    """A text stream that redacts what is written to the stream it wraps."""

    def __init__(self, stream: IO[str], redactor: Redactor) -> None:
        self._stream = stream
        self._redactor = redactor

    def write(self, text: str) -> int:
        self._stream.write(self._redactor(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        # isatty, flush, encoding, fileno, buffer...: as the wrapped stream has them. Bytes
        # written to `buffer` bypass redaction; click writes text for everything we print.
        return getattr(self._stream, name)


@contextlib.contextmanager
def redacted_output() -> Iterator[Redactor]:
    """For one run: stdout and stderr redact the credentials the environment holds and every
    secret registered later."""
    redactor = Redactor()
    for name in CREDENTIAL_VARIABLES:
        redactor.add(os.environ.get(name))
    token = _ACTIVE.set(redactor)
    saved = sys.stdout, sys.stderr
    sys.stdout = _RedactingStream(sys.stdout, redactor)
    sys.stderr = _RedactingStream(sys.stderr, redactor)
    try:
        yield redactor
    finally:
        sys.stdout, sys.stderr = saved
        _ACTIVE.reset(token)
