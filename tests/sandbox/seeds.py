"""A small company most sandbox tests start from."""

from __future__ import annotations

from typing import Any

SMALL_SEED: dict[str, Any] = {
    "users": [
        {"name": "Owner Olga", "email": "olga@example.com"},
        {"name": "Seller Sam", "email": "sam@example.com"},
        {"name": "Helper Hana", "email": "hana@example.com"},
    ],
    "pipelines": [
        {"name": "Sales", "stages": [{"name": "Lead"}, {"name": "Won", "deal_probability": 90}]},
        {"name": "Partners", "stages": [{"name": "Intro", "rotten_days": 5}]},
    ],
    "roles": [
        {"name": "Managers", "members": ["olga@example.com"]},
        {"name": "Sellers", "parent": "Managers", "members": ["sam@example.com"]},
    ],
    "deals": [{"pipeline": "Sales", "stage": "Lead", "count": 2}],
}
