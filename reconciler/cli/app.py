"""The click group and the one place errors become output and exit codes."""

from __future__ import annotations

import os
import sys
import textwrap
import traceback

import click

from reconciler import __version__
from reconciler.cli.logs import log_session
from reconciler.cli.redaction import redacted_output
from reconciler.cli.terminal import output_options
from reconciler.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    AuthError,
    ConfigError,
    NotPipedriveError,
    PlanError,
    ReconcilerError,
    UnreachableError,
)
from reconciler.kinds import NAMES as KINDS

AUTH_HINT = (
    "Pipedrive did not accept the API token or OAuth access token: check PIPEDRIVE_API_TOKEN "
    "or PIPEDRIVE_OAUTH_TOKEN (or the file given to --api-token-file / --oauth-token-file, or "
    "the variable your environment's token_env / oauth_token_env names; an OAuth access token "
    "expires and must be refreshed) and that --base-url / PIPEDRIVE_BASE_URL is the company "
    "it belongs to."
)

BASE_URL_HINT = (
    "Check PIPEDRIVE_BASE_URL (or --base-url, or the environment file's connection.base_url): "
    "it must be the company root, e.g. https://acme.pipedrive.com, or http://127.0.0.1:8765 "
    "for the local emulator."
)


def _kinds_help() -> str:
    """The kinds, from the one list the planner uses, wrapped for the help's \\b block."""
    lines = textwrap.wrap(", ".join(KINDS), width=74)
    return "\n".join(f"  {line}" for line in lines)


EPILOG = """\b
Kinds (for --target, --exclude and addresses such as 'role/Sales Manager'):
{kinds}

\b
Connection (commands that read Pipedrive):
  PIPEDRIVE_BASE_URL   the company root, e.g. https://acme.pipedrive.com (or
                       --base-url); plain http only for loopback (the sandbox)
  PIPEDRIVE_API_TOKEN  the API token (or --api-token-file PATH); never printed
  PIPEDRIVE_OAUTH_TOKEN  or an OAuth access token (or --oauth-token-file PATH),
                       sent as Authorization: Bearer; never both kinds at once

\b
Exit codes:
  0   success, or no changes
  1   error (bad config as file:line:column, or Pipedrive's own message)
  2   changes present (plan --detailed-exitcode, drift, diff-envs)
  3   refused by a safety guard; nothing written
  4   the saved plan is stale; nothing written
  5   apply partly failed; the report says what was and was not done
  64  command-line usage error (a mistyped option or path)

\b
Output: plans and reports on stdout; logs and progress on stderr. -v logs every
request, --log-format json makes logs machine-readable, --no-color (or NO_COLOR)
turns colour off and FORCE_COLOR forces it; before or after the command."""


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EPILOG.format(kinds=_kinds_help()),
)
@click.version_option(__version__, prog_name="pipedrive-reconciler")
@output_options
def cli() -> None:
    """Keep a Pipedrive company's configuration in git: roles (settings, pipeline
    visibility, members), pipelines and stages, custom fields, project boards and phases,
    projects, product followers, subscriptions, activity types, lead labels and webhooks.

    Declare the company in YAML, run `plan` to see what would change and `apply` to make it
    so. Run `pipedrive-reconciler sandbox` for a local Pipedrive to try it against.
    """


def _register() -> None:
    # Commands register themselves on `cli` when their module is imported.
    from reconciler.cli.commands import (  # noqa: F401
        apply,
        diff_envs,
        doctor,
        drift,
        export,
        plan,
        sandbox,
        validate,
    )


def main(argv: list[str] | None = None) -> None:
    _register()
    with redacted_output(), log_session():
        _run(argv)


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE if exc.exit_code == 2 else exc.exit_code)
    except ReconcilerError as exc:
        click.echo(_describe(exc), err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so briefly instead of dumping a traceback
        if isinstance(exc, OSError) and exc.filename is not None:
            # A path the user gave that turned out unusable (checked options catch most first).
            click.echo(f"Error: {exc.filename}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_ERROR)
        if os.environ.get("PIPEDRIVE_RECONCILER_DEBUG"):
            traceback.print_exc()  # through the redacting stderr, unlike an uncaught raise
            sys.exit(EXIT_ERROR)
        click.echo(
            f"Internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in pipedrive-reconciler; rerun with PIPEDRIVE_RECONCILER_DEBUG=1 "
            "for a traceback and report it.",
            err=True,
        )
        sys.exit(EXIT_ERROR)
    sys.exit(0)


def _describe(exc: ReconcilerError) -> str:
    """One line per problem, so every config issue shows its own file:line:column."""
    if isinstance(exc, ConfigError) and len(exc.issues) > 1:
        lines = [f"Error: the configuration has {len(exc.issues)} problems:"]
        return "\n".join([*lines, *(f"  {issue}" for issue in exc.issues)])
    if isinstance(exc, PlanError) and len(exc.messages) > 1:
        lines = [f"Error: the configuration cannot be planned ({len(exc.messages)} problems):"]
        return "\n".join([*lines, *(f"  {message}" for message in exc.messages)])
    if isinstance(exc, AuthError):
        return f"Error: {exc}\n{AUTH_HINT}"
    if isinstance(exc, UnreachableError | NotPipedriveError):
        return f"Error: {exc}\n{BASE_URL_HINT}"
    return f"Error: {exc}"
