"""`drift`: a plan worded as drift, dated from Pipedrive's recents where they can be."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.cli.logs import reading_progress
from reconciler.cli.options import (
    FORMAT_HELP,
    FORMATS,
    config_paths,
    connection_options,
    read_config,
)
from reconciler.cli.output import echo_rendered, use_color
from reconciler.cli.terminal import output_options
from reconciler.config.loader import LoadedConfig
from reconciler.errors import EXIT_CHANGES, UsageError
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Plan
from reconciler.render import render
from reconciler.render.values import drifted
from reconciler.workflow import Connection, make_plan

DEFAULT_SINCE = timedelta(days=7)


@cli.command()
@config_paths
@connection_options
@click.option(
    "--since",
    metavar="TIMESTAMP",
    help="Date changes from Pipedrive's recents from this UTC time on "
    "('YYYY-MM-DD HH:MM:SS', 'YYYY-MM-DD' or ISO 8601) [default: 7 days ago].",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help=FORMAT_HELP)
@output_options
def drift(
    paths: tuple[Path, ...],
    connection: Connection,
    stages_api: StagesApi | None,
    since: str | None,
    fmt: str,
) -> None:
    """Report where Pipedrive differs from the config: exit 0 in sync, 2 drift, 1 error.

    Drift includes what the config states but the tool cannot write (stage order through
    stages API v2), which `plan` only warns about.

    Makes no change. For pipelines, stages and members it adds when the object last changed,
    from Pipedrive's recents, which do not say who changed it; roles are not in recents, and
    the report says so.
    """
    since_at = parse_since(since, datetime.now(UTC))
    loaded = read_config(paths, connection)
    with reading_progress():
        plan = asyncio.run(_drift(connection, loaded, stages_api, since_at))
    color = fmt == "text" and use_color()
    echo_rendered(render(plan, fmt, color=color, drift=True), color=color)  # type: ignore[arg-type]
    if drifted(plan):
        sys.exit(EXIT_CHANGES)


async def _drift(
    connection: Connection, loaded: LoadedConfig, stages_api: StagesApi | None, since: datetime
) -> Plan:
    async with connection.client() as client:
        planned = await make_plan(client, loaded, stages_api=stages_api, drift_since=since)
        return planned.plan


def parse_since(text: str | None, now: datetime) -> datetime:
    """`--since` as an aware UTC datetime; naive input is taken as UTC."""
    if text is None:
        return (now - DEFAULT_SINCE).replace(microsecond=0)
    cleaned = text.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        raise UsageError(
            f"--since {text!r} is not a timestamp; use 'YYYY-MM-DD HH:MM:SS' (UTC), "
            "'YYYY-MM-DD' or ISO 8601"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
