"""Where output goes: plans and reports to stdout, progress and logs to stderr."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from reconciler.apply import Outcome, Status
from reconciler.cli.terminal import is_terminal, use_color
from reconciler.planning.changes import Plan
from reconciler.render import render

__all__ = ["ApplyProgress", "echo_rendered", "emit_plan", "note", "use_color"]


def emit_plan(plan: Plan, fmt: str, *, plan_file: Path | None = None) -> None:
    hint = str(plan_file) if plan_file is not None else None
    color = fmt == "text" and use_color()
    text = render(plan, fmt, color=color, plan_file_hint=hint)  # type: ignore[arg-type]
    echo_rendered(text, color=color)


def echo_rendered(text: str, *, color: bool) -> None:
    """Print a rendered plan or report on stdout; `color` keeps its colours even when piped
    (FORCE_COLOR), which click would otherwise strip."""
    click.echo(text, nl=not text.endswith("\n"), color=color or None)


class ApplyProgress:
    """Progress of an apply on stderr: a bar on a terminal, otherwise a line per change.
    Failures are always printed in full."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self._bar: Progress | None = None
        if is_terminal(sys.stderr) and total > 1:
            self._bar = Progress(
                TextColumn("Applying"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True, no_color=not use_color(sys.stderr)),
                transient=True,
            )
            self._task = self._bar.add_task("", total=total)

    def __enter__(self) -> ApplyProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        failed = outcome.status is Status.FAILED
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=outcome.change.address)
            if failed:
                self._bar.console.print(f"FAILED {outcome.change.address}: {outcome.error}")
            return
        mark = {Status.APPLIED: "done", Status.FAILED: "FAILED"}.get(outcome.status, "skipped")
        detail = f": {outcome.error}" if outcome.error else ""
        note(f"[{self.done}/{self.total}] {outcome.change.address}: {mark}{detail}")


def note(message: str) -> None:
    click.echo(message, err=True)
