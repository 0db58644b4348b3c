"""Users: the company's people, the token's owner (`/users/me`) and the seed's `users`.

Every user holds exactly one role; a new user sits in the default role "(Unassigned users)",
id 1, which the roles kind keeps. The first user owns the token (`is_you`); a seed without
users gets one "Sandbox Admin" <admin@example.com>.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_id
from reconciler.sandbox.http import ok, v1_time
from reconciler.sandbox.kind import Kind, Rules, SeedBuild, alive, live

DEFAULT_ROLE_ID = 1
COMPANY_DETAILS = {"company_country": "EE", "company_industry": "IT Services"}


@dataclass
class User:
    id: int
    name: str
    email: str
    role_id: int = DEFAULT_ROLE_ID
    active_flag: bool = True
    created: datetime | None = None
    modified: datetime | None = None
    deleted: bool = False


class Users(Rules):
    tables: ClassVar[Mapping[str, type]] = {"users": User}
    users: dict[int, User]

    def add_user(self, name: str, email: str, active: bool = True) -> User:
        now = self.store.now()
        user = User(
            self.store.new_id("users"), name, email, active_flag=active, created=now, modified=now
        )
        self.users[user.id] = user
        self.store.record_change("user", user.id)
        return user

    def owner(self) -> User:
        """The token's owner: the first user."""
        return self.users[min(self.users)]

    def get_user(self, user_id: int) -> User:
        return live(self.users, user_id, "User")

    def list_users(self) -> list[User]:
        return sorted(alive(self.users), key=lambda u: u.id)

    def active_user(self, user_id: int) -> User | None:
        """The user if it exists, is not deleted and is active (owners, followers, webhooks)."""
        user = self.users.get(user_id)
        return user if user is not None and not user.deleted and user.active_flag else None

    def by_email(self, ref: str | int) -> int | None:
        """A user id from a config reference: an email (any case) or an id."""
        if isinstance(ref, int):
            return ref if ref in self.users else None
        for user in self.list_users():
            if user.email.lower() == ref.lower():
                return user.id
        return None


# -- views ----------------------------------------------------------------------------------


def user_v1(users: Users, user: User) -> dict[str, Any]:
    is_owner = user.id == users.owner().id
    return {
        "id": user.id,
        "name": user.name,
        "default_currency": "EUR",
        "locale": "en_US",
        "lang": 1,
        "email": user.email,
        "phone": None,
        "activated": True,
        "last_login": v1_time(user.modified),
        "created": v1_time(user.created),
        "modified": v1_time(user.modified),
        "has_created_company": is_owner,
        "access": [access_v1("sales", admin=is_owner and users.store.owner_is_admin)],
        "active_flag": user.active_flag,
        "timezone_name": "Europe/Tallinn",
        "timezone_offset": "+02:00",
        "role_id": user.role_id,
        "icon_url": None,
        "is_you": is_owner,
        "is_deleted": user.deleted,
    }


def access_v1(app: str, *, admin: bool) -> dict[str, Any]:
    """One UserAccess entry; permission sets are UUIDs, the same for every user of one kind."""
    kind = "admin" if admin else "regular"
    permission_set = uuid.uuid5(uuid.NAMESPACE_URL, f"sandbox:{app}:{kind}")
    return {"app": app, "admin": admin, "permission_set_id": str(permission_set)}


def me_v1(users: Users, company: dict[str, Any]) -> dict[str, Any]:
    data = user_v1(users, users.owner())
    data["company_id"] = company["id"]
    data["company_name"] = company["name"]
    data["company_domain"] = company["domain"]
    data.update(COMPANY_DETAILS)
    data["language"] = {"language_code": "en", "country_code": "US"}
    return data


# -- routes ---------------------------------------------------------------------------------


async def list_users(request: Request) -> JSONResponse:
    users = part_of(request, Users)
    return ok([user_v1(users, u) for u in users.list_users()])


async def me(request: Request) -> JSONResponse:
    users = part_of(request, Users)
    return ok(me_v1(users, users.store.company))


async def get_user(request: Request) -> JSONResponse:
    users = part_of(request, Users)
    return ok(user_v1(users, users.get_user(path_id(request))))


# -- seed -----------------------------------------------------------------------------------


def seed_users(build: SeedBuild) -> None:
    users = build.store.part(Users)
    seen: set[str] = set()
    for index, spec in enumerate(build.config.users):
        email = spec.email.lower()
        if email in seen:
            build.problem(("users", index, "email"), f"duplicate user email {spec.email!r}")
            continue
        seen.add(email)
        users.add_user(spec.name, spec.email, spec.active)
    if not build.config.users:
        users.add_user("Sandbox Admin", "admin@example.com")


KIND = Kind(
    name="users",
    rules=Users,
    v1_routes=[
        Route("/users", list_users, methods=["GET"]),
        Route("/users/me", me, methods=["GET"]),
        Route("/users/{id:int}", get_user, methods=["GET"]),
    ],
    seed=seed_users,
)
