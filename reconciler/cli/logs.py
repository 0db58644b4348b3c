"""Logs and progress on stderr, fed by the client's one log record per request.

With `-v` every request becomes a line (`--log-format json`: an object per line). Without
it, a terminal shows one live line while the company is read (what is being read, requests
and tokens so far), erased when reading ends; piped output gets nothing extra. Everything is
written through the current `sys.stderr`, which redacts the token.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from reconciler.cli.terminal import Settings, is_terminal, settings, use_color

_ROOT = logging.getLogger("reconciler")
_API = logging.getLogger("reconciler.api")


@dataclass
class _Session:
    level: int
    handlers: list[logging.Handler] = field(default_factory=list)


_SESSION: ContextVar[_Session | None] = ContextVar("pipedrive_reconciler_logs", default=None)


@contextlib.contextmanager
def log_session() -> Iterator[None]:
    """One command line run: handlers added during it are removed at its end."""
    session = _Session(_ROOT.level)
    token = _SESSION.set(session)
    try:
        yield
    finally:
        for handler in session.handlers:
            _ROOT.removeHandler(handler)
        _ROOT.setLevel(session.level)
        _SESSION.reset(token)


def apply_settings(current: Settings) -> None:
    """(Re)install the request log as `-v` and `--log-format` now say."""
    session = _SESSION.get()
    if session is None:
        return
    for handler in session.handlers:
        _ROOT.removeHandler(handler)
    session.handlers.clear()
    if current.verbose:
        handler = RequestLog(current.log_format)
        _ROOT.addHandler(handler)
        session.handlers.append(handler)
        _ROOT.setLevel(logging.DEBUG)


class RequestLog(logging.Handler):
    """A line per record on the current stderr, as text or as a JSON object."""

    def __init__(self, log_format: str) -> None:
        super().__init__(logging.DEBUG)
        self.log_format = log_format

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.render(record) + "\n")
            sys.stderr.flush()
        except Exception:
            self.handleError(record)

    def render(self, record: logging.LogRecord) -> str:
        request: dict[str, Any] | None = getattr(record, "request", None)
        if self.log_format == "json":
            moment = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            document = {
                "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "level": record.levelname.lower(),
                "logger": record.name,
                "message": describe_request(request) if request else record.getMessage(),
                **(request or {}),
            }
            return json.dumps(document)
        if request is None:
            return f"{record.levelname.lower()}: {record.getMessage()}"
        return describe_request(request)


def describe_request(request: dict[str, Any]) -> str:
    """`GET /api/v1/roles 200 34 ms 20 tokens`, or `... no response (ReadTimeout) 30001 ms`."""
    head = f"{request['method']} {request['path']}"
    if request.get("status") is None:
        return f"{head} no response ({request.get('error')}) {request['ms']:.0f} ms"
    return f"{head} {request['status']} {request['ms']:.0f} ms {request['tokens']} tokens"


@contextlib.contextmanager
def reading_progress(title: str = "Reading Pipedrive") -> Iterator[None]:
    """A live line on a terminal while the company is read; nothing when piped or with -v."""
    if settings().verbose or not is_terminal(sys.stderr):
        yield
        return
    display = _ReadingLine(title)
    previous = _API.level
    _API.setLevel(logging.DEBUG)
    _API.addHandler(display)
    display.start()
    try:
        yield
    finally:
        display.stop()
        _API.removeHandler(display)
        _API.setLevel(previous)


class _ReadingLine(logging.Handler):
    def __init__(self, title: str) -> None:
        super().__init__(logging.DEBUG)
        self.title = title
        self.requests = 0
        self.tokens = 0
        console = Console(stderr=True, no_color=not use_color(sys.stderr))
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        self._progress = Progress(*columns, console=console, transient=True)
        self._task = self._progress.add_task(f"{title} ...", total=None)

    def start(self) -> None:
        self._progress.start()
        self._progress.refresh()

    def stop(self) -> None:
        self._progress.stop()

    def emit(self, record: logging.LogRecord) -> None:
        request = getattr(record, "request", None)
        if not isinstance(request, dict):
            return
        self.requests += 1
        self.tokens += int(request.get("tokens") or 0)
        description = (
            f"{self.title}: {subject(request['path'])} · {self.requests} requests, "
            f"{self.tokens} tokens"
        )
        self._progress.update(self._task, description=description)


def subject(path: str) -> str:
    """What a request reads, in words: `/api/v2/dealFields/4` -> "deal fields"."""
    steps = [step for step in path.split("/")[3:] if step and not step.isdigit()]
    first = steps[0] if steps else "company"
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", first).lower()
