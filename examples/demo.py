"""`make demo`: start the demo sandbox, plan, apply, plan again, stop the sandbox.

Runs the real command line, exactly as a user would type it, against the local Pipedrive
emulator (`sandbox --demo`, seeded with the demo company shipped inside the package);
nothing here touches a real company. `--program` runs an installed `pipedrive-reconciler`
instead of this checkout's, which is how CI checks the built wheel.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "demo-token"


def start_sandbox(program: list[str]) -> tuple[subprocess.Popen[str], str]:
    command = [*program, "sandbox", "--demo", "--port", "0", "--token", TOKEN]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(https?://\S+)", line)
    if not match:
        process.terminate()
        sys.exit(f"The sandbox did not start: {line!r}")
    return process, match.group(1)


def run(program: list[str], title: str, *args: str, env: dict[str, str]) -> int:
    print(f"\n$ pipedrive-reconciler {' '.join(args)}    # {title}", flush=True)
    return subprocess.run([*program, *args], env=env, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--program", help="an installed pipedrive-reconciler to run")
    parser.add_argument("--config", default=str(ROOT / "examples" / "company"))
    options = parser.parse_args(argv)
    program = [options.program] if options.program else [sys.executable, "-m", "reconciler"]
    config = os.path.relpath(options.config)  # as a user in this directory would type it
    process, url = start_sandbox(program)
    env = {**os.environ, "PIPEDRIVE_BASE_URL": url, "PIPEDRIVE_API_TOKEN": TOKEN}
    print(f"Sandbox running at {url} (the demo company: sandbox --demo)")
    try:
        codes = [
            run(program, "what would change", "plan", config, "--detailed-exitcode", env=env),
            run(program, "make it so", "apply", config, "--auto-approve", env=env),
            run(program, "nothing left to do", "plan", config, "--detailed-exitcode", env=env),
        ]
    finally:
        process.terminate()
        process.wait(timeout=10)
        print("\nSandbox stopped.")
    # plan exits 2 while there are changes: the demo works when it goes 2, 0, 0.
    if codes != [2, 0, 0]:
        print(
            f"The demo did not converge: exit codes {codes}, expected [2, 0, 0].", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
