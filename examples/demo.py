"""`make demo`: start a seeded sandbox, plan, apply, plan again, stop the sandbox.

Runs the real command line, exactly as a user would type it, against the local Pipedrive
emulator; nothing here touches a real company.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "reconciler"]
TOKEN = "demo-token"


def start_sandbox() -> tuple[subprocess.Popen[str], str]:
    seed = ROOT / "examples" / "sandbox-seed.yaml"
    command = [*CLI, "sandbox", "--port", "0", "--seed", str(seed), "--token", TOKEN]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert process.stdout is not None
    line = process.stdout.readline()
    match = re.search(r"(https?://\S+)", line)
    if not match:
        process.terminate()
        sys.exit(f"The sandbox did not start: {line!r}")
    return process, match.group(1)


def run(title: str, *args: str, env: dict[str, str]) -> None:
    print(f"\n$ pipedrive-reconciler {' '.join(args)}    # {title}", flush=True)
    subprocess.run([*CLI, *args], env=env, cwd=ROOT, check=False)


def main() -> None:
    process, url = start_sandbox()
    env = {**os.environ, "PIPEDRIVE_BASE_URL": url, "PIPEDRIVE_API_TOKEN": TOKEN}
    print(f"Sandbox running at {url} (seeded from examples/sandbox-seed.yaml)")
    try:
        config = "examples/company"
        run("what would change", "plan", config, env=env)
        run("make it so", "apply", config, "--auto-approve", env=env)
        run("nothing left to do", "plan", config, env=env)
    finally:
        process.terminate()
        process.wait(timeout=10)
        print("\nSandbox stopped.")


if __name__ == "__main__":
    main()
