"""The sandbox in a process of its own, so a benchmark's CPU time is the client's alone."""

from __future__ import annotations

import subprocess
import sys
from types import TracebackType


class SandboxProcess:
    """`with SandboxProcess(token, [options]) as url:` serves until the block ends."""

    def __init__(self, token: str, options: list[str]) -> None:
        self.command = [
            sys.executable, "-m", "reconciler", "sandbox", "--port", "0", "--token", token,
            "--daily-budget", str(10**9), *options,
        ]  # fmt: skip
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # "Sandbox serving URL token TOKEN"
        if not line.startswith("Sandbox serving "):
            self.process.terminate()
            raise RuntimeError(f"the sandbox did not start: {line!r}")
        return line.split()[2]

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
