"""Options shared by several commands, and turning them into a connection."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reconciler import kinds
from reconciler.cli.credentials import choose_credential, every_value
from reconciler.cli.redaction import register_config_secrets, register_secret
from reconciler.config.environments import ConfigPaths, EnvConnection, read_environment
from reconciler.config.loader import LoadedConfig, load_config
from reconciler.errors import UsageError
from reconciler.kinds.spec import StagesApi
from reconciler.workflow import Connection

FORMATS = click.Choice(["text", "json", "markdown"])
FORMAT_HELP = (
    "text reads like Terraform's plan; json is the plan-file document; markdown is a "
    "pull-request comment."
)

# `--env` is declared once per command (by whichever decorator comes first) and shared
# through the context, so commands need no parameter for it.
_ENV_META = "pipedrive_reconciler.env"


def config_paths(func: Callable[..., Any]) -> Callable[..., Any]:
    """PATH arguments (and `--env`), passed on as a `ConfigPaths` that carries the env name,
    so `load_config(default_paths(paths))` overlays the environment."""

    @functools.wraps(func)
    def wrapper(*args: Any, paths: tuple[Path, ...], **kwargs: Any) -> Any:
        return func(*args, paths=ConfigPaths(paths, current_env()), **kwargs)

    wrapper = click.argument(
        "paths", nargs=-1, type=click.Path(path_type=Path), metavar="[PATH]..."
    )(wrapper)
    return env_option(wrapper)


def env_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--env NAME`, unless the command has it already; read it with `current_env()`."""
    if any(p.name == "env" for p in getattr(func, "__click_params__", ())):
        return func
    return click.option(
        "--env",
        metavar="NAME",
        expose_value=False,
        callback=_remember_env,
        help="Overlay environments/NAME.yaml (next to the config) on the config; its "
        "`connection` names the company when --base-url is not given.",
    )(func)


def check_kinds(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> Any:
    """--target/--exclude: a value whose kind is unknown is a usage error (exit 64), caught
    before any request is sent; an address naming no object is left to the planner."""
    for value in values:
        kind = kinds.parse_address(value)[0]
        if not kinds.known(kind):
            singular = kind[:-1] if kind.endswith("s") and kinds.known(kind[:-1]) else None
            hint = f" (did you mean '{singular}'?)" if singular else ""
            raise click.BadParameter(
                f"'{value}' does not start with a kind{hint}. Use a kind or an address "
                f"KIND/KEY, e.g. role, 'role/Sales Manager', 'stage/Sales/Won'. "
                f"Kinds: {', '.join(kinds.NAMES)}."
            )
    return values


def selection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--target and --exclude (repeatable), for `plan` and `apply` alike."""
    func = click.option(
        "--exclude",
        multiple=True,
        metavar="KIND[/NAME]",
        callback=check_kinds,
        help="Leave this kind or object out of the plan (repeat); same forms as --target.",
    )(func)
    return click.option(
        "--target",
        multiple=True,
        metavar="KIND[/NAME]",
        callback=check_kinds,
        help="Plan only this kind or object and what it holds (repeat): role, "
        "'role/Sales Manager', pipeline/Sales (with its stages), 'stage/Sales/Won'. "
        "A narrowed plan says so in every format.",
    )(func)


def replace_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--replace ADDRESS (repeatable), for `plan` and `apply` alike: a saved plan shows the
    replacement a reviewer approves."""
    return click.option(
        "--replace",
        "replacing",
        multiple=True,
        metavar="KIND/NAME",
        callback=check_kinds,
        help="Delete and create this object again, even where it could be updated (repeat); "
        "how a webhook's password is rotated: --replace 'webhook/Deal sync'.",
    )(func)


def _remember_env(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    ctx.meta[_ENV_META] = value


def current_env() -> str | None:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_ENV_META) if ctx is not None else None


def connection_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--base-url, --api-token-file, --oauth-token-file, --parallelism and --stages-api,
    folded into `connection`."""

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
        "--oauth-token-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Read an OAuth access token from this file instead of PIPEDRIVE_OAUTH_TOKEN; "
        "it is sent as Authorization: Bearer.",
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
        oauth_token_file: Path | None,
        parallelism: int,
        stages_api: StagesApi | None,
        **kwargs: Any,
    ) -> Any:
        env = current_env()
        named = None
        if env is not None:
            named = read_environment(_env_lookup(kwargs), env).connection
        connection = resolve_connection(
            base_url, api_token_file, parallelism, named, oauth_token_file=oauth_token_file
        )
        return func(connection=connection, stages_api=stages_api, **kwargs)

    return env_option(wrapper)


def _env_lookup(kwargs: dict[str, Any]) -> tuple[Path, ...]:
    # Where environments/ is: next to the config PATHs; for `export`, in its --out directory.
    if kwargs.get("paths"):
        return tuple(kwargs["paths"])
    out = kwargs.get("out")
    return (out,) if isinstance(out, Path) and out.is_dir() else ()


def resolve_connection(
    base_url: str | None,
    api_token_file: Path | None,
    parallelism: int,
    named: EnvConnection | None = None,
    *,
    oauth_token_file: Path | None = None,
) -> Connection:
    """Options and PIPEDRIVE_* variables first, then the environment file's `connection`.

    The credential: see `reconciler.cli.credentials` (a token file on the command line, else
    the variable the environment file names, else PIPEDRIVE_API_TOKEN or
    PIPEDRIVE_OAUTH_TOKEN; never two kinds at once).
    """
    if not base_url and named is not None and named.base_url:
        base_url = named.base_url
    elif base_url and named is not None and named.base_url and named.base_url != base_url:
        click.echo(
            f"Note: using {base_url} from --base-url/PIPEDRIVE_BASE_URL, not the base_url of "
            f"{named.label}.",
            err=True,
        )
    if not base_url:
        raise UsageError(
            "No Pipedrive company given: pass --base-url or set PIPEDRIVE_BASE_URL "
            "(e.g. https://acme.pipedrive.com, or the URL `pipedrive-reconciler sandbox` prints)"
            ", or name it in the environment file's connection.base_url."
        )
    choice = choose_credential(api_token_file, oauth_token_file, named)
    for value in every_value(choice):
        register_secret(value)
    if choice.note:
        click.echo(choice.note, err=True)
    used = choice.used
    return Connection(base_url, used.value, parallelism, token_kind=used.kind)


def read_config(paths: tuple[Path, ...], connection: Connection | None = None) -> LoadedConfig:
    """The config at `paths` (`default_paths`), refused when it interpolates the connection's
    credential; the write-only values it holds are never printed from here on."""
    tokens = (connection.token,) if connection is not None else ()
    loaded = load_config(default_paths(paths), tokens=tokens)
    register_config_secrets(loaded.config)
    return loaded


def default_paths(paths: tuple[Path, ...]) -> ConfigPaths:
    """No PATH given: the current directory's *.yaml and *.yml files, like terraform's
    working directory.
    The environment name (`--env`) carried by `paths` is kept."""
    env = paths.env if isinstance(paths, ConfigPaths) else None
    return ConfigPaths(paths or (Path("."),), env)
