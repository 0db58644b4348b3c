"""Where output goes: plans and reports to stdout, progress and logs to stderr."""

from __future__ import annotations

import os
import sys

import click

from reconciler.planning.changes import Plan
from reconciler.render import render


def use_color(stream: object = None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") is not None:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit_plan(plan: Plan, fmt: str) -> None:
    text = render(plan, fmt, color=fmt == "text" and use_color())  # type: ignore[arg-type]
    click.echo(text, nl=not text.endswith("\n"))


def note(message: str) -> None:
    click.echo(message, err=True)
