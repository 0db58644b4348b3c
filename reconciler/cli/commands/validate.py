"""Commands that need no Pipedrive: `validate` and `schema`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.cli.options import config_paths, read_config
from reconciler.config.schema import json_schema
from reconciler.config.validate import summary
from reconciler.errors import EXIT_ERROR, ConfigError, ConfigIssue
from reconciler.render.issues import issues_to_github, issues_to_json


@cli.command()
@config_paths
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="text: file:line:column lines on stderr; json: a document with every problem "
    "(file, line, column, message) on stdout; github: ::error annotations on stdout, which "
    "GitHub Actions shows on the pull request's diff.",
)
def validate(paths: tuple[Path, ...], fmt: str) -> None:
    """Check the config offline: syntax, types, names, cycles.

    PATH is a YAML file or a directory of *.yaml and *.yml files (default: the current
    directory). Every problem is reported at once as file:line:column (exit 1). References
    to objects that may exist only in Pipedrive (a parent role, a pipeline, a member) are
    checked by `plan`.
    """
    try:
        loaded = read_config(paths)
    except ConfigError as exc:
        if fmt == "text":
            raise
        _report_issues(exc.issues, fmt)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        click.echo(issues_to_json([], [str(path) for path in loaded.files]), nl=False)
        return
    click.echo(summary(loaded.config, len(loaded.files)))


def _report_issues(issues: list[ConfigIssue], fmt: str) -> None:
    if fmt == "json":
        click.echo(issues_to_json(issues), nl=False)
        return
    existing = {i.file for i in issues if Path(i.file).is_file()}
    click.echo(issues_to_github(issues, existing), nl=False)
    noun = "problem" if len(issues) == 1 else "problems"
    click.echo(f"Error: the configuration has {len(issues)} {noun}.", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the config language.

    Editors use it to complete and check config files: put
    `# yaml-language-server: $schema=<path>/pipedrive-reconciler.schema.json` at the top.
    """
    click.echo(json.dumps(json_schema(), indent=2))
