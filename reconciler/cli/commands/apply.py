"""`apply`: plan, show, confirm, execute, report."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click

from reconciler.apply import ApplyReport, Status
from reconciler.cli.app import cli
from reconciler.cli.commands.plan import load_plan
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
from reconciler.cli.output import ApplyProgress, emit_plan, note
from reconciler.cli.paths import writable_file
from reconciler.cli.redaction import secret_free
from reconciler.cli.terminal import output_options
from reconciler.config.loader import LoadedConfig
from reconciler.errors import EXIT_INTERRUPTED, ApplyFailed, ReconcilerError, UsageError
from reconciler.kinds.spec import StagesApi
from reconciler.planning.approval import ALREADY_APPLIED, SavedPlan, check_approval
from reconciler.planning.changes import Plan
from reconciler.planning.guards import check_apply
from reconciler.planning.provenance import Selection
from reconciler.planning.replace import FORCED
from reconciler.render.json import provenance_document
from reconciler.workflow import Connection, execute, make_plan


@cli.command()
@config_paths
@connection_options
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Apply only the changes of this reviewed plan (from `plan --out`): apply plans "
    "again and writes nothing (exit 4) unless the fresh plan is exactly the saved one.",
)
@click.option("--auto-approve", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--allow-mass-delete",
    is_flag=True,
    help="Apply although the plan deletes more than guards.max_delete_percent of a kind, "
    "or everything of a pruned kind the config declares empty.",
)
@click.option(
    "--allow-data-loss",
    is_flag=True,
    help="Apply although the plan deletes custom fields or removes their options, which "
    "erases those values on every record.",
)
@click.option(
    "--skip-blocked",
    is_flag=True,
    help="Apply everything but the blocked changes (stages or pipelines holding deals), "
    "which are left as they are.",
)
@click.option(
    "--max-token-cost",
    type=click.IntRange(min=0),
    metavar="N",
    help="Refuse a plan whose estimated token cost is above N.",
)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True, help=FORMAT_HELP)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=writable_file,
    help="Write a JSON report of every change (applied, failed, not attempted).",
)
@selection_options
@replace_option
@output_options
def apply(
    paths: tuple[Path, ...],
    connection: Connection,
    stages_api: StagesApi | None,
    plan_file: Path | None,
    auto_approve: bool,
    allow_mass_delete: bool,
    allow_data_loss: bool,
    skip_blocked: bool,
    max_token_cost: int | None,
    fmt: str,
    report_path: Path | None,
    target: tuple[str, ...],
    exclude: tuple[str, ...],
    replacing: tuple[str, ...],
) -> None:
    """Change Pipedrive to match the config.

    Plans first and shows the plan. Asks y/N on a terminal; without a terminal it refuses
    unless --auto-approve is given or --plan names a reviewed plan. With --plan, what runs is
    always the fresh plan, and only when it has exactly the saved plan's changes, for the
    same company (exit 4 otherwise, nothing written). Refuses (exit 3, nothing
    written) a plan that breaks a safety guard, holds blocked changes or costs more than
    --max-token-cost. Stops at the first failure, or at once when the daily token budget is
    spent, and reports what was applied, what failed and what was not attempted (exit 5);
    running apply again converges. Ctrl-C finishes the requests in flight, writes the
    report and exits 130.
    """
    saved = load_plan(plan_file) if plan_file is not None else None
    selection = _selection(saved, Selection.of(target, exclude))
    loaded = read_config(paths, connection)
    rails = Rails(
        allow_mass_delete,
        skip_blocked,
        max_token_cost,
        allow_data_loss,
        _replacing(saved, replacing),
    )
    report = asyncio.run(
        _apply(connection, loaded, stages_api, saved, selection, auto_approve, fmt, rails)
    )
    if report is None:
        return
    if report_path is not None:
        text = json.dumps(report.to_dict(), indent=2) + "\n"
        report_path.write_text(secret_free(text), encoding="utf-8")
    click.echo(_summary(report), err=fmt != "text")
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    if not report.ok:
        raise ApplyFailed("Apply stopped before finishing; see the report above.", report)


def _selection(saved: SavedPlan | None, given: Selection) -> Selection:
    """A saved plan applies its own slice; --target/--exclude may only repeat it."""
    if saved is None:
        return given
    if given.partial and given != saved.plan.selection:
        was = saved.plan.selection.describe() or "no --target/--exclude"
        raise UsageError(
            f"the saved plan was made with {was}; apply --plan applies exactly that slice, "
            "so leave out --target/--exclude or give the same ones"
        )
    return saved.plan.selection


def _replacing(saved: SavedPlan | None, given: tuple[str, ...]) -> tuple[str, ...]:
    """A saved plan made with --replace is planned again with the same replacements (its
    approval then compares them like any change); --replace may only repeat them."""
    if saved is None:
        return given
    was = tuple(sorted({c.address for c in saved.plan.changes if c.replaced == FORCED}))
    if given and sorted(set(given)) != list(was):
        raise UsageError(
            f"the saved plan was made with --replace {' '.join(was) or '(none)'}; apply --plan "
            "applies exactly that, so leave out --replace or give the same addresses"
        )
    return was


async def _apply(
    connection: Connection,
    loaded: LoadedConfig,
    stages_api: StagesApi | None,
    saved: SavedPlan | None,
    selection: Selection,
    auto_approve: bool,
    fmt: str,
    rails: Rails,
) -> ApplyReport | None:
    async with connection.client() as client:
        with reading_progress():
            planned = await make_plan(
                client,
                loaded,
                stages_api=stages_api,
                targets=selection.targets,
                excludes=selection.excludes,
                replacing=rails.replacing,
            )
        # What runs is always the fresh plan; a saved one only approves it.
        plan = planned.plan
        if saved is not None and not check_approval(saved, planned.plan, planned.live):
            note(ALREADY_APPLIED)
            return None
        emit_plan(plan, fmt)
        check_apply(
            plan,
            allow_mass_delete=rails.allow_mass_delete,
            skip_blocked=rails.skip_blocked,
            max_token_cost=rails.max_token_cost,
            allow_data_loss=rails.allow_data_loss,
        )
        if plan.empty:
            if plan.blocked:
                note(f"Nothing to apply; {len(plan.blocked)} blocked change(s) left as they are.")
            return None
        if not (saved or auto_approve):
            _confirm(plan)
        stop = asyncio.Event()
        with _stop_on_interrupt(stop), ApplyProgress(len(plan.changes)) as progress:
            report = await execute(
                client,
                plan,
                planned.live,
                parallelism=connection.parallelism,
                progress=progress,
                stop=stop,
            )
        if plan.provenance is not None:
            report.extra.update(provenance_document(plan.provenance))
        if plan.selection.partial:
            report.extra["partial"] = plan.selection.describe()
        report.extra["estimated_token_cost"] = plan.token_cost
        report.extra["blocked"] = [
            {"address": b.address, "reason": b.reason, "hint": b.hint} for b in plan.blocked
        ]
        return report


@dataclass(frozen=True)
class Rails:
    """The overrides of the safety rails given on the command line."""

    allow_mass_delete: bool = False
    skip_blocked: bool = False
    max_token_cost: int | None = None
    allow_data_loss: bool = False
    replacing: tuple[str, ...] = ()  # --replace, or the saved plan's forced replacements


def _confirm(plan: Plan) -> None:
    if not sys.stdin.isatty():
        raise ReconcilerError(
            "Refusing to apply without confirmation: stdin is not a terminal. "
            "Pass --auto-approve, or apply a reviewed plan with --plan FILE."
        )
    if not click.confirm(confirmation(plan), default=False, err=True, prompt_suffix=" "):
        raise ReconcilerError("Apply cancelled. Nothing was written.")


def confirmation(plan: Plan) -> str:
    """`Apply 3 changes to Acme Inc (acme.pipedrive.com, env production)?`"""
    count = len(plan.changes)
    noun = "change" if count == 1 else "changes"
    where = plan.provenance.describe() if plan.provenance else "Pipedrive"
    return f"Apply {count} {noun} to {where}?"


@contextlib.contextmanager
def _stop_on_interrupt(stop: asyncio.Event) -> Iterator[None]:
    """Ctrl-C lets the requests in flight finish, then the report is written (exit 130)."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def _summary(report: ApplyReport) -> str:
    counts = {"create": 0, "update": 0, "delete": 0}
    for outcome in report.outcomes:
        if outcome.status is Status.APPLIED:
            counts[outcome.change.action.value] += 1
    head = "Apply complete!" if report.ok else "Apply stopped."
    lines = [
        f"{head} {counts['create']} created, {counts['update']} updated, "
        f"{counts['delete']} deleted. Token cost: {report.token_cost}."
    ]
    if report.stopped_reason:
        lines.append(f"Stopped: {report.stopped_reason}.")
    if not report.ok:
        for outcome in report.outcomes:
            if outcome.status is not Status.APPLIED:
                status = f"{outcome.http_status}: " if outcome.http_status is not None else ""
                detail = f" ({status}{outcome.error})" if outcome.error else ""
                lines.append(f"  {outcome.status.value:<13} {outcome.change.address}{detail}")
        lines.append("Run apply again to converge once the cause is fixed.")
    return "\n".join(lines)
