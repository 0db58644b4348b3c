"""A company with the projects world, a followed product and subscriptions (seed-only
sections plus the config's projects, products and subscriptions)."""

from __future__ import annotations

from typing import Any

from tests.sandbox.seeds import SMALL_SEED

WORLD_SEED: dict[str, Any] = {
    **SMALL_SEED,
    "deals": [
        {"pipeline": "Sales", "stage": "Lead", "count": 2},
        {"id": 101, "title": "ACME", "pipeline": "Sales", "stage": "Lead"},
        {"id": 102, "title": "Beta", "pipeline": "Sales", "stage": "Won"},
    ],
    "boards": [
        {"name": "Delivery", "phases": ["Kickoff", "Rollout"]},
        {"name": "Ops", "phases": ["Todo", "Done"]},
    ],
    "templates": [{"title": "Standard onboarding", "board": "Delivery"}],
    "products": [
        {
            "id": 17,
            "name": "Widget",
            "permitted_users": ["olga@example.com", "sam@example.com"],
            "followers": ["olga@example.com"],
        },
        {"id": 18, "name": "Gadget"},
    ],
    "projects": [
        {
            "title": "ACME onboarding",
            "board": "Delivery",
            "phase": "Kickoff",
            "owner": "sam@example.com",
            "deals": [101],
            "start_date": "2026-12-01",
            "plan": {
                "tasks": {"Kickoff call": {"phase": "Kickoff", "group": "Week 1"}},
                "activities": {"9001": {"phase": "Rollout"}},
            },
        },
        {"title": "Old", "board": "Ops", "phase": "Done", "archived": True},
    ],
    "groups": [
        {"project": "ACME onboarding", "name": "Week 1"},
        {"project": "ACME onboarding", "name": "Week 2"},
    ],
    "tasks": [
        {"project": "ACME onboarding", "title": "Kickoff call"},
        {"project": "ACME onboarding", "title": "Go live"},
        {"project": "Old", "title": "Elsewhere"},
    ],
    "activities": [{"id": 9001, "project": "ACME onboarding", "subject": "Call"}],
    "subscriptions": [
        {
            "deal": 101,
            "recurring": {
                "currency": "EUR",
                "cadence": "monthly",
                "cycle_amount": 100,
                "cycles_count": 3,
                "start_date": "2026-11-30",
            },
        }
    ],
}
