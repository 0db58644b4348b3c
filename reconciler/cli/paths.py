"""Paths a user types, checked when the command line is parsed: before any request is sent,
so a typo in `--out` costs no tokens and a typo in `--report` cannot surface after apply."""

from __future__ import annotations

import os
from pathlib import Path

import click

from reconciler.errors import UsageError


def writable_file(_ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A file the command will write (created or replaced): its directory must exist."""
    if value is None:
        return None
    if value.is_dir():
        raise click.BadParameter(f"{value} is a directory; give a file name", param=param)
    parent = value.parent
    if not parent.exists():
        raise click.BadParameter(
            f"cannot write {value}: the directory {parent} does not exist", param=param
        )
    if not parent.is_dir():
        raise click.BadParameter(f"cannot write {value}: {parent} is not a directory", param=param)
    if not os.access(parent, os.W_OK) or (value.exists() and not os.access(value, os.W_OK)):
        raise click.BadParameter(f"cannot write {value}: permission denied", param=param)
    return value


def writable_dir(_ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A directory the command writes files into; made when missing, so the nearest existing
    ancestor must be a directory it may write in."""
    if value is None:
        return None
    existing = value
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise click.BadParameter(
            f"cannot write into {value}: {existing} is a file, not a directory", param=param
        )
    if not os.access(existing, os.W_OK):
        raise click.BadParameter(f"cannot write into {value}: permission denied", param=param)
    return value


def read_secret_file(path: Path, option: str) -> str:
    """The stripped text of a file holding a secret; never echoes any of its content."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError:
        raise UsageError(f"{option} {path}: not UTF-8 text (is it the right file?)") from None
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot read: {exc.strerror or exc}") from None
