"""The package as users get it: built once per session, installed into a bare venv.

Building needs `build` (and setuptools from the package index, as pip's isolated builds
do); installing the wheel fetches its dependencies like `pip install` does for a user.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "distribution-test-token-5e1f"  # long enough that the client would redact it


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing pointing back into this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update({"NO_COLOR": "1", **extra})
    return env


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300):
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env or clean_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python -m build` (the sdist, then the wheel built from it) and `twine check`."""
    out = tmp_path_factory.mktemp("dist")
    built = run(sys.executable, "-m", "build", "--outdir", out, ROOT, cwd=ROOT)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    checked = run(sys.executable, "-m", "twine", "check", "--strict", *out.iterdir(), cwd=out)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    return out


@pytest.fixture(scope="session")
def wheel(dist_dir: Path) -> Path:
    (found,) = dist_dir.glob("*.whl")
    return found


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare venv (no site packages, no checkout on the path) with the wheel installed."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    done = run(python, "-m", "pip", "install", "--quiet", wheel, cwd=home)
    assert done.returncode == 0, done.stderr[-3000:]
    return home / "bin"


@pytest.fixture(scope="session")
def demo_seed() -> Iterator[Path]:
    with resources.as_file(resources.files("reconciler.sandbox") / "demo-seed.yaml") as path:
        yield path


@pytest.fixture
def demo_sandbox(demo_seed: Path) -> Iterator[str]:
    """A sandbox with the demo company on loopback, accepting TOKEN."""
    options = SandboxOptions(token=TOKEN, seed=demo_seed, burst=100_000)
    with serve_in_thread(options) as url:
        yield url
