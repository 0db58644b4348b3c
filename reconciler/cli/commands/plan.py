"""`plan` (diff the company against the config) and `show` (render a saved plan)."""

from __future__ import annotations

import asyncio
import shlex
import sys
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
    replace_option,
    selection_options,
)
from reconciler.cli.output import emit_plan, note
from reconciler.cli.paths import writable_file
from reconciler.cli.redaction import secret_free
from reconciler.cli.terminal import output_options
from reconciler.config.environments import ConfigPaths
from reconciler.config.loader import LoadedConfig
from reconciler.errors import EXIT_CHANGES, DamagedPlan
from reconciler.kinds.spec import StagesApi
from reconciler.planning.approval import SavedPlan
from reconciler.planning.fingerprint import live_digests
from reconciler.render.json import plan_to_json
from reconciler.render.json_load import load_saved_plan
from reconciler.workflow import Connection, Planned, make_plan


@cli.command()
@config_paths
@connection_options
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=writable_file,
    help="Save the plan (JSON) for `apply --plan` and `show`.",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help=FORMAT_HELP)
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes, 2 when there are, blocked ones included (1 on error).",
)
@selection_options
@replace_option
@output_options
def plan(
    paths: ConfigPaths,
    connection: Connection,
    stages_api: StagesApi | None,
    out: Path | None,
    fmt: str,
    detailed_exitcode: bool,
    target: tuple[str, ...],
    exclude: tuple[str, ...],
    replacing: tuple[str, ...],
) -> None:
    """Show what apply would change in Pipedrive to match the config.

    Reads the live company (only what the config manages) and makes no change. --out saves
    the plan as JSON for `apply --plan` and `show`; it counts as the reviewed plan. Deletes
    of stages or pipelines holding deals are listed as blocked, and safety guards the plan
    breaks are shown as "apply will refuse: ..." warnings.
    """
    loaded = read_config(paths, connection)
    with reading_progress():
        planned = asyncio.run(_plan(connection, loaded, stages_api, target, exclude, replacing))
    if out is not None:
        save_plan(planned, out)
    emit_plan(planned.plan, fmt, plan_file=out)
    if out is not None:
        note(apply_hint(paths, stages_api, out, empty=planned.plan.empty))
    # Blocked changes count: Pipedrive still differs from the config until they are resolved.
    if detailed_exitcode and (not planned.plan.empty or planned.plan.blocked):
        sys.exit(EXIT_CHANGES)


async def _plan(
    connection: Connection,
    loaded: LoadedConfig,
    stages_api: StagesApi | None,
    target: tuple[str, ...],
    exclude: tuple[str, ...],
    replacing: tuple[str, ...] = (),
) -> Planned:
    async with connection.client() as client:
        return await make_plan(
            client,
            loaded,
            stages_api=stages_api,
            targets=target,
            excludes=exclude,
            replacing=replacing,
        )


@cli.command()
@click.argument("plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help=FORMAT_HELP)
@output_options
def show(plan_file: Path, fmt: str) -> None:
    """Render a plan saved with `plan --out`.

    Checks the file's content digest first: a damaged or hand-edited plan file is refused
    (exit 4) rather than shown as if it were the plan that was reviewed.
    """
    saved = load_plan(plan_file)
    emit_plan(saved.plan, fmt, plan_file=plan_file)


def apply_hint(paths: ConfigPaths, stages_api: StagesApi | None, out: Path, *, empty: bool) -> str:
    """How to apply the plan just saved: the same config, environment and stages API."""
    if empty:
        return f"Saved the plan to {out}; it has no changes to apply."
    words = ["pipedrive-reconciler", "apply", *(str(p) for p in paths)]
    if paths.env:
        words += ["--env", paths.env]
    if stages_api:
        words += ["--stages-api", stages_api]
    words += ["--plan", str(out)]
    return f"Saved the plan to {out}. To apply exactly this plan:\n  {shlex.join(words)}"


def save_plan(planned: Planned, path: Path) -> None:
    text = plan_to_json(planned.plan, live_digests=live_digests(planned.live))
    path.write_text(secret_free(text), encoding="utf-8")


def load_plan(path: Path) -> SavedPlan:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DamagedPlan(f"{path} is not a readable plan file: {exc}") from None
    return load_saved_plan(text, source=str(path))
