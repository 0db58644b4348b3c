"""The golden-file check for the renderer tests.

Regenerate the golden files after an intended output change with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/render`, then review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="")
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run with UPDATE_GOLDEN=1 to create it")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites)"

    return check
