"""A seed with every admin kind, in the config language (DESIGN.md "Admin kinds")."""

from __future__ import annotations

from typing import Any

ADMIN_SEED: dict[str, Any] = {
    "pipelines": [
        {"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won"}]},
        {"name": "Renewals", "stages": [{"name": "Due"}]},
    ],
    "users": [
        {"name": "Ann", "email": "ann@example.com"},
        {"name": "Bo", "email": "bo@example.com"},
    ],
    "fields": {
        "deal": [
            {"name": "Priority", "type": "enum", "options": ["Low", "High"],
             "pipelines": ["Sales"], "important": {"Sales": ["Lead"]},
             "required": {"Sales": ["Won"]}, "required_on": {"Sales": ["won", "lost"]}},
            {"name": "Value", "important": True},
        ],
        "person": [{"name": "Source", "type": "set", "options": ["Web", "Event"]}],
    },
    "boards": [
        {"name": "Delivery", "phases": ["Kickoff", {"name": "Rollout"}, "Done"]},
        {"name": "Ops", "phases": ["Todo"]},
    ],
    "projects": [{"title": "ACME", "board": "Delivery", "phase": "Rollout"}],
    "activity_types": [{"name": "Demo", "icon": "presentation", "color": "FFD700"},
                       {"name": "Call", "color": "00FF00"}],
    "lead_labels": [{"name": "Hot", "color": "red"}],
    "webhooks": [{"name": "Deal sync", "url": "https://hooks.example.com/sync",
                  "event": "create.deal", "user": "bo@example.com", "version": "1.0",
                  "http_auth": {"user": "hook", "password": "hunter2"}}],
}  # fmt: skip
