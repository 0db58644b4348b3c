"""`pipedrive-reconciler sandbox`: run the local Pipedrive emulator."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from reconciler.cli.app import cli
from reconciler.errors import UsageError

# Ships inside the package, so `--demo` works from any install, not only from a checkout.
DEMO_SEED = "demo-seed.yaml"


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one (the line printed says which).",
)
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Company to start with: a config YAML (plus `users:` and `deals:`) or a JSON dump "
    "from GET /_sandbox/state.",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Start with the demo company shipped with the tool (roles, pipelines, users, deals "
    "that have drifted from the example config); `export` it to get a config to try.",
)
@click.option(
    "--token", default="sandbox-token", show_default=True, help="The API token to accept."
)
@click.option(
    "--latency-ms",
    default=0,
    show_default=True,
    type=click.IntRange(0),
    help="Delay added to every API request.",
)
@click.option(
    "--fault-rate",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of API requests answered with a random 500/502/503.",
)
@click.option(
    "--page-cap",
    type=click.IntRange(1),
    help="Cap every paginated page at N items, to exercise pagination.",
)
@click.option(
    "--burst",
    default=40,
    show_default=True,
    type=click.IntRange(1),
    help="Requests allowed per 2-second window (Growth plan: 40).",
)
@click.option(
    "--daily-budget",
    default=600_000,
    show_default=True,
    type=click.IntRange(0),
    help="Daily token budget; each request costs its documented x-token-cost.",
)
@click.option(
    "--subscriptions-api",
    default="on",
    show_default=True,
    type=click.Choice(["on", "gone", "unknown"]),
    help="Serve the v1 Subscriptions API, or answer it 410 (gone) or 404 (unknown) as "
    "accounts do since Pipedrive removed it in 2025.",
)
@click.option(
    "--admin/--no-admin",
    default=True,
    show_default=True,
    help="Whether the token's user is a company admin; --no-admin answers the operations "
    "Pipedrive documents as admin-only (roles, stage and pipeline writes...) with 403.",
)
@click.option(
    "--v1-stages",
    default="on",
    show_default=True,
    type=click.Choice(["on", "gone"]),
    help="Serve the v1 stage and pipeline endpoints (out of support since 2026-08-01), or "
    "answer them 404 (gone) as Pipedrive may once it removes them.",
)
def sandbox(
    host: str,
    port: int,
    seed: Path | None,
    demo: bool,
    token: str,
    latency_ms: int,
    fault_rate: float,
    page_cap: int | None,
    burst: int,
    daily_budget: int,
    subscriptions_api: str,
    admin: bool,
    v1_stages: str,
) -> None:
    """Run a local Pipedrive (API v1 and v2) to try plans and applies against.

    It serves /api/v1 and /api/v2 like Pipedrive does: envelopes, pagination, errors, soft
    deletes, rate limits and token costs. Point the tool at it:

    \b
        pipedrive-reconciler sandbox --demo &
        export PIPEDRIVE_API_TOKEN=sandbox-token
        pipedrive-reconciler export --base-url http://127.0.0.1:8765 --out config/
        pipedrive-reconciler plan config/ --base-url http://127.0.0.1:8765

    It prints one line, `Sandbox serving URL token TOKEN`, and serves until Ctrl-C. Its
    own controls (no token needed): GET /_sandbox/stats, GET /_sandbox/state,
    POST /_sandbox/reset, POST and DELETE /_sandbox/faults.
    """
    from reconciler.sandbox.options import SandboxOptions
    from reconciler.sandbox.server import run

    if demo and seed is not None:
        raise UsageError("--demo and --seed both name the company to start with; give one")
    with resources.as_file(resources.files("reconciler.sandbox") / DEMO_SEED) as demo_seed:
        options = SandboxOptions(
            token=token,
            latency_ms=latency_ms,
            fault_rate=fault_rate,
            page_cap=page_cap,
            burst=burst,
            daily_budget=daily_budget,
            seed=demo_seed if demo else seed,
            subscriptions_api=subscriptions_api,  # type: ignore[arg-type]
            admin=admin,
            v1_stages=v1_stages,  # type: ignore[arg-type]
        )

        def announce(url: str) -> None:
            click.echo(f"Sandbox serving {url} token {token}")
            sys.stdout.flush()
            if demo:
                click.echo(_demo_hint(url, token), err=True)

        run(options, host, port, on_ready=announce)


def _demo_hint(url: str, token: str) -> str:
    return (
        "Seeded with the demo company. Try it from another shell:\n"
        f"  export PIPEDRIVE_BASE_URL={url} PIPEDRIVE_API_TOKEN={token}\n"
        "  pipedrive-reconciler export --out config/   # the company as config\n"
        "  pipedrive-reconciler plan config/           # edit config/, then plan and apply"
    )
