"""Offline checks of the extended kinds: each problem reported at its place in the YAML."""

from __future__ import annotations

import textwrap

import pytest

from reconciler.config.loader import load_config
from reconciler.errors import ConfigError


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(textwrap.dedent(text))
    with pytest.raises(ConfigError) as caught:
        load_config([path])
    return [f"{i.line}:{i.column}: {i.message}" for i in caught.value.issues]


def test_duplicate_titles_ids_and_deals(tmp_path):
    found = problems(
        tmp_path,
        """\
        projects:
          - {title: A, id: 5}
          - {title: A}
          - {title: B, id: 5}
        products:
          - {id: 17, followers: [a@x.com, A@x.com]}
          - {id: 17}
        subscriptions:
          - {deal: 4, installment: {currency: EUR, payments: [{amount: 1, due_at: 2026-01-01}]}}
          - {deal: 4, installment: {currency: EUR, payments: [{amount: 1, due_at: 2026-01-01}]}}
        """,
    )
    assert any("project 'A' is defined twice" in p for p in found)
    assert any(p.startswith("4:") and "id 5 is pinned by two projects" in p for p in found)
    assert any(p.startswith("6:") and "follower 'A@x.com' is listed twice" in p for p in found)
    assert any(p.startswith("7:") and "product id 17 is declared twice" in p for p in found)
    assert any(p.startswith("10:") and "subscription deal 4 is declared twice" in p for p in found)


def test_subscription_shapes(tmp_path):
    found = problems(
        tmp_path,
        """\
        subscriptions:
          - {deal: 1}
          - deal: 2
            installment: {currency: EUR, payments: [{amount: 1, due_at: "2026-01-01"}]}
            cancelled: {}
          - deal: 3
            recurring: {currency: EUR, cadence: monthly, cycle_amount: 5, start_date: 2026-01-01}
          - deal: 4
            recurring: {currency: EUR, cadence: daily, cycle_amount: 5, start_date: "2026-13-01"}
        """,
    )
    assert any(p.startswith("2:") and "exactly one of recurring or installment" in p for p in found)
    assert any(p.startswith("5:") and "only a recurring subscription" in p for p in found)
    assert any(p.startswith("7:") and "either cycles_count or infinite" in p for p in found)
    assert any(p.startswith("9:") for p in found)  # cadence and date, from the schema


def test_follower_and_owner_labels(tmp_path):
    found = problems(
        tmp_path,
        """\
        projects:
          - {title: A, owner: alice}
        products:
          - {id: 17, followers: ["42", bob]}
        """,
    )
    assert any(p.startswith("2:") and "owner 'alice'" in p for p in found)
    assert any("follower '42' is text, not a user id" in p for p in found)
    assert any("follower 'bob' is neither an email address nor a user id" in p for p in found)
