"""How the command line talks to a person: colour, verbosity and the log format.

`-v/--verbose`, `--log-format` and `--no-color` are accepted before the command, as a click
group's global options (`pipedrive-reconciler -v plan`), and after it on every command that
talks to Pipedrive or prints a plan (`pipedrive-reconciler plan -v`); either place sets them
for the run. Colour follows, first to last: `--no-color`, NO_COLOR (no-color.org),
FORCE_COLOR (force-color.org), TERM=dumb, and whether the stream is a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

_META = "pipedrive_reconciler.terminal"


@dataclass
class Settings:
    verbose: bool = False
    log_format: str = "text"
    no_color: bool = False


def settings() -> Settings:
    """This run's settings (defaults outside a command line run)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Settings()
    found: Settings = ctx.find_root().meta.setdefault(_META, Settings())
    return found


def is_terminal(stream: object = None) -> bool:
    """Whether `stream` is a terminal that can redraw a line (not TERM=dumb)."""
    stream = stream or sys.stdout
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "") != "dumb"


def use_color(stream: object = None) -> bool:
    """Colour on a terminal, unless --no-color or NO_COLOR, or forced by FORCE_COLOR.
    An empty NO_COLOR or FORCE_COLOR does not count (both specifications say so)."""
    if settings().no_color or os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return is_terminal(stream)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """-v/--verbose, --log-format and --no-color, stored in `settings()`, never passed on."""
    func = click.option(
        "--no-color",
        is_flag=True,
        default=None,
        expose_value=False,
        callback=_setter("no_color"),
        help="No colour in output (also NO_COLOR=1; FORCE_COLOR=1 forces it when piped).",
    )(func)
    func = click.option(
        "--log-format",
        type=click.Choice(["text", "json"]),
        expose_value=False,
        callback=_setter("log_format"),
        help="Format of the logs on stderr: text (default) or json, one object per line.",
    )(func)
    return click.option(
        "-v",
        "--verbose",
        is_flag=True,
        default=None,
        expose_value=False,
        callback=_setter("verbose"),
        help="Log every request to Pipedrive on stderr: method, path, status, time and token "
        "cost (never the token).",
    )(func)


def _setter(field: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def remember(ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        if value is None or value is False:
            return  # not given here: what the other place set stands
        current = ctx.find_root().meta.setdefault(_META, Settings())
        setattr(current, field, value)
        # Imported here: logs imports this module for the settings.
        from reconciler.cli.logs import apply_settings

        apply_settings(current)

    return remember
