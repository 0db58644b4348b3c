"""`doctor`: the read-only first contact with a company."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.cli.options import config_paths, connection_options, read_config
from reconciler.cli.output import use_color
from reconciler.doctor import ConfigInput, Report, examine
from reconciler.doctor.render import render_doctor_json, render_doctor_text
from reconciler.errors import EXIT_ERROR, ConfigError
from reconciler.kinds.spec import StagesApi
from reconciler.workflow import Connection

_SHOWN_ISSUES = 3


@cli.command()
@config_paths
@connection_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text is a checklist; json a stable document (format_version 1).",
)
def doctor(
    paths: tuple[Path, ...], connection: Connection, stages_api: StagesApi | None, fmt: str
) -> None:
    """Check a Pipedrive company before the first plan; writes nothing.

    Says whether the token is accepted and whose it is (user, company), whether its user is
    an admin (roles answer, or 403), which APIs answer (v2, the v1 stage endpoints,
    Projects, the removed Subscriptions API), the burst limit and the daily token budget
    left, what a plan of the config in PATH reads and what applying it would spend, and
    what the tool cannot do here. About 41 tokens, plus a plan's reads when a config is
    given (the current directory's *.yaml if there are any). Exit 0 when a plan can run, 1
    when it cannot (a refused token, not Pipedrive, a spent budget, a config that does not
    load or needs what this company or token lacks).

    \b
    --format json prints one document, format_version 1:
      can_plan, base_url, credential (api_token|oauth), user {id, name, email},
      company {id, name, domain}, admin (true|false|null),
      apis {v2, v1_stages, projects, subscriptions: {state, evidence}},
      limits {burst_per_2s, daily_token_limit, daily_tokens_left},
      config {paths, stages_api, kinds, problem,
              plan {read_tokens, apply_tokens, changes, blocked}, plan_error, plan_skipped},
      checks [{name, status: ok|warn|fail|skip, summary}], cannot [...], problems [...],
      spent {requests, tokens}
    """
    config = _config_input(paths, connection, stages_api)
    report = asyncio.run(_examine(connection, config))
    if fmt == "json":
        click.echo(render_doctor_json(report), nl=False)
    else:
        click.echo(render_doctor_text(report, color=use_color()), nl=False)
    if not report.can_plan:
        sys.exit(EXIT_ERROR)


async def _examine(connection: Connection, config: ConfigInput | None) -> Report:
    async with connection.client() as client:
        return await examine(client, config)


def _config_input(
    paths: tuple[Path, ...], connection: Connection, stages_api: StagesApi | None
) -> ConfigInput | None:
    """The config to price a plan of: the PATHs given, else the current directory's YAML
    files if it has any, else none (the doctor then checks the company alone)."""
    if not paths and not any(Path(".").glob("*.y*ml")):
        return None
    label = ", ".join(str(p) for p in paths) or "."
    try:
        loaded = read_config(paths, connection)
    except ConfigError as error:
        shown = [str(issue) for issue in error.issues[:_SHOWN_ISSUES]]
        more = len(error.issues) - len(shown)
        problem = "; ".join(shown) + (f"; and {more} more (run validate)" if more > 0 else "")
        return ConfigInput(label, problem=problem)
    return ConfigInput(label, loaded=loaded, stages_api=stages_api)
