"""Run the official Pipedrive Node.js client (`node_client_check.mjs`) against the sandbox.

Installs npm `pipedrive` once into `--node-dir`, serves the demo sandbox on loopback, and
runs the script there (ES modules resolve packages from the script's own directory). Exit
status is the script's: 0 when every call the official client made succeeded. Needs Node.js
and npm. Run with `make node-client`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

from npm_package import npm_package

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "reconciler" / "sandbox" / "demo-seed.yaml"
PACKAGE = "pipedrive@33"
TOKEN = "node-client-token"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-dir", type=Path, default=Path.home() / ".cache" / "pipedrive-node")
    args = parser.parse_args()
    npm_package(PACKAGE, args.node_dir)
    script = args.node_dir / "node_client_check.mjs"
    shutil.copyfile(HERE / "node_client_check.mjs", script)
    with serve_in_thread(SandboxOptions(token=TOKEN, seed=SEED)) as url:
        env = {**os.environ, "PIPEDRIVE_BASE_URL": url, "PIPEDRIVE_API_TOKEN": TOKEN}
        return subprocess.run(["node", str(script)], env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
