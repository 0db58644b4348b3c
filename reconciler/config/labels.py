"""How a config names users in lists (role members, product followers)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from reconciler.state import User


def member_labels(users: Iterable[User]) -> dict[int, str | int]:
    """User id -> how the config names them: the email, unless missing or shared."""
    users = list(users)
    count = Counter(u.email.lower() for u in users if u.email)
    return {
        u.id: u.email.lower() if u.email and count[u.email.lower()] == 1 else u.id for u in users
    }


def sort_labels(labels: Iterable[str | int]) -> list[str | int]:
    """Emails sorted, then ids sorted."""
    labels = list(labels)
    return sorted(x for x in labels if isinstance(x, str)) + sorted(
        x for x in labels if isinstance(x, int)
    )
