"""`pipedrive-reconciler sandbox`: placeholder until the sandbox lands."""

from __future__ import annotations

from reconciler.cli.app import cli


@cli.command()
def sandbox() -> None:
    """Run a local Pipedrive emulator."""
