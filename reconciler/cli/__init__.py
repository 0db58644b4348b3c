"""The command line: thin click commands that parse, call, render and exit.

Exit codes live in reconciler.errors; `main` is the only place that turns an error into
output and an exit status.
"""

from __future__ import annotations

from reconciler.cli.app import cli, main

__all__ = ["cli", "main"]
