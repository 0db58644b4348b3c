"""Dating drift from /recents rows (pure), and --since parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reconciler.cli.commands.drift import parse_since
from reconciler.errors import UsageError
from reconciler.kinds.roles.payloads import Membership
from reconciler.planning.changes import Create, Plan, Update
from reconciler.recents import NOT_WHO, annotate_drift, recent_items
from reconciler.recents import _recent as recent_of


def _recent(row: dict) -> object:
    return recent_of(row, recent_items())


SINCE = datetime(2026, 11, 20, tzinfo=UTC)


def updated(kind: str, key: tuple[str, ...], ident: int, **more: object) -> Update:
    return Update(kind=kind, key=key, id=ident, before={}, after={}, fields=(), **more)  # type: ignore[arg-type]


def test_rows_become_recents_with_their_own_time():
    stage = _recent(
        {
            "item": "stage",
            "id": 4,
            "data": {
                "name": "Won",
                "pipeline_id": 2,
                "update_time": "2026-11-25 10:00:00",
                "active_flag": False,
            },
        }
    )
    user = _recent(
        {"item": "user", "id": 9, "data": {"email": "a@x.io", "modified": "2026-11-26 09:00:00"}}
    )
    assert stage is not None and stage.deleted and stage.changed_at == "2026-11-25 10:00:00"
    assert user is not None and user.changed_at == "2026-11-26 09:00:00" and not user.deleted
    assert _recent({"item": "deal", "id": 1, "data": {}}) is None


def test_changes_are_dated_by_id_by_users_and_deleted_objects_by_name():
    recents = [
        _recent(
            {
                "item": "pipeline",
                "id": 2,
                "data": {"name": "Sales", "update_time": "2026-11-21 08:00:00"},
            }
        ),
        _recent(
            {
                "item": "stage",
                "id": 7,
                "data": {
                    "name": "Won",
                    "pipeline_id": 2,
                    "active_flag": False,
                    "update_time": "2026-11-22 08:00:00",
                },
            }
        ),
        _recent({"item": "user", "id": 5, "data": {"modified": "2026-11-23 08:00:00"}}),
        _recent({"item": "user", "id": 6, "data": {"modified": "2026-11-24 08:00:00"}}),
    ]
    plan = Plan(
        changes=(
            updated("pipeline", ("Sales",), 2),
            Create(kind="stage", key=("Sales", "Won"), after={}),
            updated("role_members", ("Reps",), 3, payload=Membership((5,), (6,))),
            updated("stage", ("Sales", "Lead"), 8),
            updated("role_settings", ("Reps",), 3),
        )
    )
    dated = annotate_drift(plan, [r for r in recents if r], {"Sales": 2}, SINCE)
    when = {c.address: dated.changed_at.get(c.address) for c in dated.changes}
    assert when == {
        "pipeline/Sales": "2026-11-21 08:00:00 UTC",
        "stage/Sales/Won": "2026-11-22 08:00:00 UTC",
        "role_members/Reps": "2026-11-24 08:00:00 UTC",  # the latest of the users moved
        "stage/Sales/Lead": None,
        "role_settings/Reps": None,
    }
    assert NOT_WHO in dated.warnings
    assert any(
        "no change since 2026-11-20 00:00:00 UTC" in w and "stage/Sales/Lead" in w
        for w in dated.warnings
    )
    assert any(
        "role changes are not in Pipedrive's recents" in w and "role_settings/Reps" in w
        for w in dated.warnings
    )


def test_since_forms_and_default():
    now = datetime(2026, 11, 27, 12, 30, 15, 999, tzinfo=UTC)
    assert parse_since(None, now) == datetime(2026, 11, 20, 12, 30, 15, tzinfo=UTC)
    assert parse_since("2026-11-01 10:00:00", now) == datetime(2026, 11, 1, 10, tzinfo=UTC)
    assert parse_since("2026-11-01", now) == datetime(2026, 11, 1, tzinfo=UTC)
    assert parse_since("2026-11-01T12:00:00+02:00", now) == datetime(2026, 11, 1, 10, tzinfo=UTC)
    with pytest.raises(UsageError):
        parse_since("yesterday", now)
