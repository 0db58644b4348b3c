from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.sandbox.seeds import SMALL_SEED


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox_app() -> Any:
    """An in-process sandbox (token "sandbox-token") seeded with SMALL_SEED."""
    from reconciler.sandbox import SandboxOptions, create_app

    return create_app(SandboxOptions(seed=SMALL_SEED))


@pytest.fixture
def sandbox_url() -> Iterator[str]:
    """Base URL of a SMALL_SEED sandbox served on loopback for the test (token "sandbox-token")."""
    from reconciler.sandbox import SandboxOptions
    from reconciler.sandbox.server import serve_in_thread

    with serve_in_thread(SandboxOptions(seed=SMALL_SEED)) as url:
        yield url
