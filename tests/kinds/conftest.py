"""Extended kinds against the in-process sandbox seeded from examples/extended/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXTENDED = ROOT / "examples" / "extended"
