"""The command line end to end against a sandbox on a loopback socket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from reconciler.cli import main
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TOKEN = "e2e-secret-token-value"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Sandbox:
    url: str

    def stats(self) -> dict[str, Any]:
        return httpx.get(f"{self.url}/_sandbox/stats").json()

    def get(self, path: str, **params: Any) -> Any:
        headers = {"x-api-token": TOKEN}
        response = httpx.get(f"{self.url}{path}", params=params, headers=headers)
        return response.json()["data"]

    def reset(self, **body: Any) -> None:
        httpx.post(f"{self.url}/_sandbox/reset", json=body or None).raise_for_status()

    def faults(self, **faults: Any) -> None:
        httpx.post(f"{self.url}/_sandbox/faults", json=faults).raise_for_status()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    # A roomy burst limit: pacing against the real one is covered by tests/unit/api and the
    # benchmark; here it would only add waiting.
    options = SandboxOptions(token=TOKEN, seed=EXAMPLES / "sandbox-seed.yaml", burst=100_000)
    with serve_in_thread(options) as url:
        yield url


@pytest.fixture
def sandbox(server: str, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    box = Sandbox(server)
    box.reset()
    monkeypatch.setenv("PIPEDRIVE_BASE_URL", server)
    monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return box


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    def run(*args: str) -> Result:
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        assert TOKEN not in captured.out and TOKEN not in captured.err
        return Result(code, captured.out, captured.err)

    return run
