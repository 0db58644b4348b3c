"""`diff-envs A B`: compare two companies, each named by its environment file."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.cli.logs import reading_progress
from reconciler.cli.options import FORMAT_HELP, FORMATS, resolve_connection
from reconciler.cli.output import use_color
from reconciler.cli.terminal import output_options
from reconciler.compare import compare, read_company
from reconciler.config.environments import read_environment
from reconciler.errors import EXIT_CHANGES, UsageError
from reconciler.kinds.spec import StagesApi
from reconciler.planning.changes import Plan
from reconciler.render import plan_to_dict, render
from reconciler.render.markdown import DRIFT_MARKER
from reconciler.workflow import Connection


@cli.command("diff-envs")
@click.argument("env_a", metavar="A")
@click.argument("env_b", metavar="B")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The config directory (or file) whose environments/ folder holds A and B.",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help=FORMAT_HELP)
@click.option(
    "--stages-api",
    type=click.Choice(["v1", "v2"]),
    default="v2",
    show_default=True,
    help="API version for stages and pipelines, in both companies.",
)
@click.option(
    "--parallelism",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Concurrent requests per company, always within Pipedrive's rate limit.",
)
@output_options
def diff_envs(
    env_a: str, env_b: str, config_path: Path, fmt: str, stages_api: StagesApi, parallelism: int
) -> None:
    """Show how company B differs from company A, kind by kind.

    Each company comes from its environment file's `connection` (base_url, and token_env or
    PIPEDRIVE_API_TOKEN). Objects are matched by natural key and ids are ignored; A is read as
    the configuration and B as Pipedrive, so "missing" means only in A, "only in Pipedrive"
    only in B. Exit 0 when they match, 2 when they differ, 1 on error.
    """
    first = _connection(config_path, env_a, parallelism)
    second = _connection(config_path, env_b, parallelism)
    with reading_progress(f"Reading {env_a} and {env_b}"):
        plan = asyncio.run(_compare(first, second, stages_api))
    click.echo(_render(plan, fmt, env_a, env_b), nl=False, color=use_color() or None)
    if plan.changes or plan.blocked:
        sys.exit(EXIT_CHANGES)


def _connection(config_path: Path, name: str, parallelism: int) -> Connection:
    named = read_environment((config_path,), name).connection
    if named is None or not named.base_url:
        raise UsageError(
            f"Environment {name!r} names no company: add "
            "`connection: {base_url: ..., token_env: ...}` to its file."
        )
    return resolve_connection(None, None, parallelism, named)


async def _compare(first: Connection, second: Connection, stages_api: StagesApi) -> Plan:
    async with first.client() as a_client, second.client() as b_client:
        a, b = await asyncio.gather(
            read_company(a_client, stages_api=stages_api),
            read_company(b_client, stages_api=stages_api),
        )
        tokens = a_client.tally.tokens + b_client.tally.tokens
    plan = compare(a, b, stages_api=stages_api)
    return Plan(
        changes=plan.changes,
        unmanaged=plan.unmanaged,
        blocked=plan.blocked,
        warnings=plan.warnings,
        read_token_cost=tokens,
        stages_api=stages_api,
    )


def _render(plan: Plan, fmt: str, env_a: str, env_b: str) -> str:
    if fmt == "json":
        document = {"compared": {"a": env_a, "b": env_b}, **plan_to_dict(plan)}
        return json.dumps(document, indent=2) + "\n"
    legend = (
        f'Comparing {env_a} with {env_b}: below, "the configuration" is {env_a} and '
        f'"Pipedrive" is {env_b}.'
    )
    if fmt == "text":
        return legend + "\n\n" + _ensure_nl(render(plan, "text", color=use_color(), drift=True))
    body = render(plan, "markdown", drift=True)
    # Environment names are plain words (see environment_file), safe in a comment and heading.
    marker = f"<!-- pipedrive-reconciler diff-envs {env_a} {env_b} -->"
    body = body.replace(DRIFT_MARKER, marker, 1)
    body = body.replace("## Pipedrive drift", f"## Pipedrive: {env_a} vs {env_b}\n\n{legend}", 1)
    return _ensure_nl(body)


def _ensure_nl(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
