"""An npm package installed once into a cache folder, for the checkers written by others."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path


def npm_package(spec: str, where: Path) -> Path:
    """`where/node_modules/<name>` of `spec` (`name@range`), installing it on first use."""
    name = spec.rsplit("@", 1)[0] if spec.rfind("@") > 0 else spec
    installed = where / "node_modules" / name
    if not installed.exists():
        if shutil.which("npm") is None:
            sys.exit(f"{name} needs Node.js and npm on PATH")
        where.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(where), "--silent", spec], check=True)
    return installed
