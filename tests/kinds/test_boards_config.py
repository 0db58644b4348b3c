"""`boards:` as config: validation, environments, targets and diff-envs (pure: no sandbox)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reconciler.compare import compare
from reconciler.config.environments import ConfigPaths
from reconciler.config.loader import load_config
from reconciler.config.validate import summary
from reconciler.errors import ConfigError
from reconciler.planning.planner import build_plan
from reconciler.state import BOARD, PHASE, LiveState
from tests.kinds.test_plan_boards import DELIVERY, INTERNAL, board, phases
from tests.unit.planning.planning_builders import desired

BASE = """\
boards:
  - name: Delivery
    phases: [Kickoff, Rollout, Done]
  - name: Internal
"""


def test_environments_merge_boards_by_name_and_replace_a_phase_list(tmp_path: Path):
    (tmp_path / "environments").mkdir()
    (tmp_path / "main.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "environments" / "prod.yaml").write_text(
        "boards:\n  - name: Delivery\n    phases: [Kickoff, Done]\n  - name: Ops\n",
        encoding="utf-8",
    )
    loaded = load_config(ConfigPaths([tmp_path], "prod"))
    assert [(b.name, b.phase_names()) for b in loaded.config.boards] == [
        ("Delivery", ["Kickoff", "Done"]),
        ("Internal", []),
        ("Ops", []),
    ]


def test_duplicate_names_and_pins_are_config_errors(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "boards:\n  - {name: A, id: 4, phases: [X, {name: X}]}\n  - {name: A, id: 4}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_config([path])
    text = str(caught.value)
    assert "board 'A' is defined twice" in text
    assert "phase 'X' of board 'A' is defined twice" in text
    assert "id 4 is pinned by two boards" in text
    assert f"{path}:3:" in text


def test_validate_counts_boards_and_phases(tmp_path: Path):
    (tmp_path / "c.yaml").write_text(BASE, encoding="utf-8")
    loaded = load_config([tmp_path / "c.yaml"])
    assert summary(loaded.config, 1) == "Configuration is valid: 2 boards, 3 phases in 1 file."


def test_a_target_board_covers_its_phases():
    config = {
        "prune": ["boards"],
        "boards": [{"name": "Delivery", "phases": ["Kickoff", "Done", "New"]}, {"name": "Ops"}],
    }
    live = LiveState(resources=(*DELIVERY, *INTERNAL))
    every = build_plan(desired(config), live)
    assert sorted(c.address for c in every.changes) == [
        "board/Internal",
        "board/Ops",
        "phase/Delivery/New",
        "phase/Delivery/Rollout",
    ]
    narrowed = build_plan(desired(config), live, targets=("board/Delivery",))
    assert sorted(c.address for c in narrowed.changes) == [
        "phase/Delivery/New",
        "phase/Delivery/Rollout",
    ]
    assert [c.address for c in build_plan(desired(config), live, excludes=(PHASE,)).changes] == [
        "board/Ops",
        "board/Internal",
    ]


def test_diff_envs_compares_boards_and_phase_order_by_name():
    kinds = frozenset({BOARD, PHASE})
    a = LiveState(resources=(*DELIVERY, *INTERNAL), kinds_read=kinds)
    same = LiveState(
        resources=(
            board(7, "Delivery", 1),
            *phases(7, "Delivery", "Kickoff", "Rollout", "Done", first_id=700),
            board(8, "Internal", 2),
            *phases(8, "Internal", "Backlog", first_id=800),
        ),
        kinds_read=kinds,
    )
    assert compare(a, same).changes == ()
    other = LiveState(
        resources=(
            board(7, "Delivery", 1),
            *phases(7, "Delivery", "Done", "Kickoff", "Rollout", first_id=700),
        ),
        kinds_read=kinds,
    )
    assert sorted((c.action.value, c.address) for c in compare(a, other).changes) == [
        ("create", "board/Internal"),
        ("create", "phase/Internal/Backlog"),
        ("update", "phase/Delivery/Kickoff"),
        ("update", "phase/Delivery/Rollout"),
    ]
