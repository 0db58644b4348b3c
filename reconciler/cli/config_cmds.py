"""Commands that need no Pipedrive: `validate` and `schema`."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.cli.options import config_paths, default_paths
from reconciler.config.loader import load_config
from reconciler.config.schema import json_schema
from reconciler.config.validate import summary


@cli.command()
@config_paths
def validate(paths: tuple[Path, ...]) -> None:
    """Check the config offline: syntax, types, names, cycles.

    PATH is a YAML file or a directory of *.yaml files (default: the current directory).
    Every problem is reported at once as file:line:column. References to objects that may
    exist only in Pipedrive (a parent role, a pipeline, a member) are checked by `plan`.
    """
    loaded = load_config(default_paths(paths))
    click.echo(summary(loaded.config, len(loaded.files)))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the config language.

    Editors use it to complete and check config files: put
    `# yaml-language-server: $schema=<path>/pipedrive-reconciler.schema.json` at the top.
    """
    click.echo(json.dumps(json_schema(), indent=2))
