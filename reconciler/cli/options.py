"""Options shared by several commands, and turning them into a connection."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reconciler.errors import UsageError
from reconciler.workflow import Connection

FORMATS = click.Choice(["text", "json", "markdown"])


def config_paths(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]...")(
        func
    )


def connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--base-url, --api-token-file, --parallelism and --stages-api, folded into `connection`."""

    @click.option(
        "--base-url",
        envvar="PIPEDRIVE_BASE_URL",
        metavar="URL",
        help="Company root, e.g. https://acme.pipedrive.com or the sandbox's "
        "http://127.0.0.1:8765 [env PIPEDRIVE_BASE_URL].",
    )
    @click.option(
        "--api-token-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Read the API token from this file instead of PIPEDRIVE_API_TOKEN.",
    )
    @click.option(
        "--parallelism",
        type=click.IntRange(1, 32),
        default=4,
        show_default=True,
        help="Concurrent requests, always within Pipedrive's rate limit.",
    )
    @click.option(
        "--stages-api",
        type=click.Choice(["v1", "v2"]),
        help="API version for stages and pipelines (default: the config's api.stages, else v2).",
    )
    @functools.wraps(func)
    def wrapper(
        base_url: str | None,
        api_token_file: Path | None,
        parallelism: int,
        stages_api: str | None,
        **kwargs: Any,
    ) -> Any:
        connection = resolve_connection(base_url, api_token_file, parallelism)
        return func(connection=connection, stages_api=stages_api, **kwargs)

    return wrapper


def resolve_connection(
    base_url: str | None, api_token_file: Path | None, parallelism: int
) -> Connection:
    if not base_url:
        raise UsageError(
            "No Pipedrive company given: pass --base-url or set PIPEDRIVE_BASE_URL "
            "(e.g. https://acme.pipedrive.com, or the URL `pipedrive-reconciler sandbox` prints)."
        )
    if api_token_file is not None:
        token = api_token_file.read_text(encoding="utf-8").strip()
    else:
        token = os.environ.get("PIPEDRIVE_API_TOKEN", "").strip()
    if not token:
        raise UsageError(
            "No API token: set PIPEDRIVE_API_TOKEN or pass --api-token-file PATH. "
            "The token is sent only in the x-api-token header."
        )
    return Connection(base_url, token, parallelism)


def default_paths(paths: tuple[Path, ...]) -> list[Path]:
    """No PATH given: the current directory's *.yaml files, like terraform's working dir."""
    return list(paths) or [Path(".")]
