"""What every part of the sandbox's store shares: the clock, id sequences, the change log
and the users. The rule mixins (roles, pipelines, projects, billing) build on it, and
`Store` holds the data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from reconciler.sandbox.entities import ChangeRecord, User
from reconciler.sandbox.failure import not_found


class StoreCore:
    _wall_clock: Callable[[], float]
    next_ids: dict[str, int]
    changes: list[ChangeRecord]
    users: dict[int, User]

    def now(self) -> datetime:
        # Pipedrive timestamps have second precision.
        return datetime.fromtimestamp(int(self._wall_clock()), tz=UTC)

    def new_id(self, kind: str) -> int:
        value = self.next_ids[kind]
        self.next_ids[kind] = value + 1
        return value

    def next_ids_at_least(self, kind: str, value: int) -> None:
        """For records whose ids the seed chooses (deals, activities, products)."""
        self.next_ids[kind] = max(self.next_ids[kind], value)

    def record_change(self, item: str, item_id: int) -> None:
        self.changes.append(ChangeRecord(time=self.now(), item=item, id=item_id))

    # -- users ----------------------------------------------------------------------------

    def add_user(self, name: str, email: str, active: bool = True) -> User:
        now = self.now()
        user = User(
            id=self.new_id("users"),
            name=name,
            email=email,
            active_flag=active,
            created=now,
            modified=now,
        )
        self.users[user.id] = user
        self.record_change("user", user.id)
        return user

    def owner(self) -> User:
        """The token's owner: the first user."""
        return self.users[min(self.users)]

    def get_user(self, user_id: int) -> User:
        user = self.users.get(user_id)
        if user is None or user.deleted:
            raise not_found("User")
        return user

    def list_users(self) -> list[User]:
        return [u for u in sorted(self.users.values(), key=lambda u: u.id) if not u.deleted]
