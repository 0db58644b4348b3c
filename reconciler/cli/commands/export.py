"""`export`: write the live company as config (or bring an existing config up to date)."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import click

from reconciler import kinds
from reconciler.cli.app import cli
from reconciler.cli.logs import reading_progress
from reconciler.cli.options import connection_options, current_env
from reconciler.cli.output import note
from reconciler.cli.paths import writable_dir
from reconciler.cli.redaction import secret_free
from reconciler.cli.terminal import output_options
from reconciler.config.environments import environment_file
from reconciler.config.export import (
    Exporter,
    choose,
    export_sections,
    reads_for,
    with_id_pins,
)
from reconciler.config.export_files import config_files
from reconciler.config.export_update import update_directory
from reconciler.config.export_yaml import DEFAULT_SCHEMA_REF, render_file, render_sections
from reconciler.errors import UsageError
from reconciler.kinds.spec import StagesApi
from reconciler.kinds.subscriptions.api import SubscriptionsRemoved
from reconciler.reading import everything, read_live
from reconciler.render.values import counted
from reconciler.state import SUBSCRIPTION, LiveState
from reconciler.workflow import Connection


@cli.command("export")
@connection_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    callback=writable_dir,
    help="Write one file per kind (pipelines.yaml, roles.yaml) into this directory "
    "[default: the whole config to stdout; with --update: the current directory].",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    help="Export only this kind (repeat): pipelines, roles, projects, products or "
    "subscriptions, or a kind of the address vocabulary (role, role_members, stage, "
    "product_followers, subscription, ...), which exports its whole section.",
)
@click.option(
    "--update",
    is_flag=True,
    help="Rewrite the config in --out in place: keep comments and key order, change only "
    "what differs from Pipedrive, append new objects, remove objects gone from Pipedrive. "
    "With --env, each value is written where it is defined: environments/NAME.yaml when it "
    "sets the value (new objects and id pins go there too), else the shared base.",
)
@click.option(
    "--pin-ids",
    is_flag=True,
    help="Write each object's live id as an `id:` pin (pipelines, stages, roles, projects), "
    "so renames on either side keep matching it; with --update, pins are added to entries "
    "that have none.",
)
@click.option(
    "--schema-ref",
    default=DEFAULT_SCHEMA_REF,
    show_default=True,
    help="Path or URL written into each file's yaml-language-server line.",
)
@output_options
def export_command(
    connection: Connection,
    stages_api: StagesApi | None,
    out: Path | None,
    kinds: tuple[str, ...],
    update: bool,
    pin_ids: bool,
    schema_ref: str,
) -> None:
    """Write the live company as config that plans to "No changes."

    Reads every role (with settings, pipeline visibility and members), every pipeline (with
    its stages), every project, the followers of every product and, by scanning every deal,
    the subscriptions (skipped with a note when the account no longer has that API, unless
    asked for with --kind). Makes no change in Pipedrive.
    """
    exporters = with_id_pins(choose(kinds)) if pin_ids else choose(kinds)
    directory = _update_target(out) if update else None
    with reading_progress():
        live, cost, exporters = asyncio.run(
            _read(connection, exporters, stages_api or "v2", explicit=bool(kinds))
        )
    if directory is not None:
        env = current_env()
        layer = environment_file((directory,), env)[0] if env is not None else None
        result = update_directory(directory, live, exporters, schema_ref, secret_free, layer)
        for path in result.written:
            note(f"Updated {path}")
        for message in result.messages:
            note(message)
        if not result.written:
            note("The config already matches Pipedrive; nothing to update.")
    else:
        sections, notes = export_sections(live, exporters)
        # A kind the company does not use is left out unless asked for by name.
        sections = {s: items for s, items in sections.items() if items or kinds}
        for section in sections:
            for message in notes.by_section.get(section, []):
                note(f"Note: {message}")
        if out is None:
            click.echo(render_sections(sections, notes.by_section, schema_ref), nl=False)
        else:
            _write_files(out, sections, notes.by_section, schema_ref)
    note(f"Reading the company cost {cost} tokens.")


def _update_target(out: Path | None) -> Path:
    """The config directory `--update` rewrites, checked before the company is read: it must
    hold a config already, so a mistyped or missing --out never fills a stray directory."""
    directory = out or Path(".")
    where = f"--out {out}" if out is not None else "the current directory"
    if not directory.is_dir():
        raise UsageError(f"--update needs an existing config directory; {where} is not one")
    if not config_files(directory):
        raise UsageError(
            f"--update found no config (*.yaml, *.yml) in {where}: give the config directory "
            "with --out DIR, or write a new config with `export --out DIR` (without --update)"
        )
    return directory


def _write_files(
    out: Path, sections: dict[str, list[Any]], notes: dict[str, list[str]], schema_ref: str
) -> None:
    targets = {section: out / f"{section}.yaml" for section in sections}
    existing = [str(path) for path in targets.values() if path.exists()]
    if existing:
        raise UsageError(
            f"{', '.join(existing)} already exist: use --update to bring them up to date "
            "in place (comments kept), or remove them first"
        )
    out.mkdir(parents=True, exist_ok=True)
    for section, path in targets.items():
        text = render_file(section, sections[section], notes.get(section, []), schema_ref)
        path.write_text(secret_free(text), encoding="utf-8")
        note(f"Wrote {path} ({counted(len(sections[section]), kinds.section(section).noun)})")


async def _read(
    connection: Connection,
    exporters: tuple[Exporter, ...],
    stages_api: StagesApi,
    *,
    explicit: bool,
) -> tuple[LiveState, int, tuple[Exporter, ...]]:
    """The live company for `exporters`, the tokens spent, and the exporters read.

    Subscriptions are read last and on their own: an account without the removed
    Subscriptions API (404/410) is an error when `--kind` asked for them, else a note, and
    the rest is exported (with `--update`, the config's subscriptions are left untouched).
    """
    kinds = reads_for(exporters)
    async with connection.client() as client:
        live = await read_live(client, everything(kinds - {SUBSCRIPTION}), stages_api)
        if SUBSCRIPTION in kinds:
            try:
                found = await read_live(client, everything({SUBSCRIPTION}), stages_api)
            except SubscriptionsRemoved as error:
                if explicit:
                    raise
                reason = str(error).split(" Remove ")[0]
                note(f"Note: subscriptions not exported: {reason}")
                exporters = tuple(e for e in exporters if SUBSCRIPTION not in e.reads)
            else:
                live = dataclasses.replace(
                    live,
                    resources=(*live.resources, *found.resources),
                    kinds_read=live.kinds_read | found.kinds_read,
                )
        return live, client.tally.tokens, exporters
