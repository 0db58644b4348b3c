"""Roles: the hierarchy, assignments, settings and pipeline visibility.

Decisions where Pipedrive documents nothing (FACTS.md §12.6, §13):
- the default role "(Unassigned users)" (id 1) always exists and cannot be deleted (400);
- deleting a role moves its users to the default role and its sub-roles to its parent;
- a parent change that would make a cycle is refused (400);
- duplicate role names are allowed, as Pipedrive does not forbid them;
- each user has exactly one role, so assigning moves the user from wherever they were;
- deleting the last pipeline a role can see is refused (400), the one documented refusal
  (CL:introducing-pipeline-visibility).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from reconciler.sandbox.failure import ApiFailure, bad_request
from reconciler.sandbox.kind import Rules, alive, live
from reconciler.sandbox.kinds.pipelines import Pipeline, Pipelines
from reconciler.sandbox.kinds.users import DEFAULT_ROLE_ID, User, Users

VISIBILITY_KEYS = (
    "deal_default_visibility",
    "lead_default_visibility",
    "org_default_visibility",
    "person_default_visibility",
    "product_default_visibility",
)
VISIBILITY_VALUES = (1, 3, 5, 7)
DEFAULT_ROLE_NAME = "(Unassigned users)"


def _default_settings() -> dict[str, int]:
    return dict.fromkeys(VISIBILITY_KEYS, 1)


@dataclass
class Role:
    id: int
    name: str
    parent_role_id: int | None = None
    settings: dict[str, int] = field(default_factory=_default_settings)
    # Hidden rather than visible ids, so that a new pipeline is visible to every role.
    hidden_pipeline_ids: list[int] = field(default_factory=list)
    deleted: bool = False


class Roles(Rules):
    tables: ClassVar[Mapping[str, type]] = {"roles": Role}
    roles: dict[int, Role]

    def loaded(self) -> None:
        if DEFAULT_ROLE_ID not in self.roles:
            self.roles[DEFAULT_ROLE_ID] = Role(id=DEFAULT_ROLE_ID, name=DEFAULT_ROLE_NAME)
        self.store.next_ids_at_least("roles", DEFAULT_ROLE_ID + 1)

    @property
    def _users(self) -> Users:
        return self.store.part(Users)

    def active_pipelines(self) -> list[Pipeline]:
        return self.store.part(Pipelines).active_pipelines()

    # -- reads ----------------------------------------------------------------------------

    def list_roles(self) -> list[Role]:
        return sorted(alive(self.roles), key=lambda r: r.id)

    def get_role(self, role_id: int) -> Role:
        return live(self.roles, role_id, "Role")

    def role_level(self, role: Role) -> int:
        level, seen = 1, {role.id}
        while role.parent_role_id is not None:
            role = self.roles[role.parent_role_id]
            if role.id in seen:  # defensive: a loaded dump could hold a cycle
                break
            seen.add(role.id)
            level += 1
        return level

    def role_members(self, role_id: int) -> list[User]:
        return [
            u
            for u in sorted(self._users.users.values(), key=lambda u: u.id)
            if u.role_id == role_id and not u.deleted
        ]

    def sub_roles(self, role_id: int) -> list[Role]:
        return [r for r in self.list_roles() if r.parent_role_id == role_id]

    # -- writes ---------------------------------------------------------------------------

    def _check_parent(self, role_id: int | None, parent_id: int | None) -> None:
        if parent_id is None:
            return
        if parent_id not in self.roles or self.roles[parent_id].deleted:
            raise bad_request(f"Parent role {parent_id} not found")
        cursor: int | None = parent_id
        while cursor is not None:
            if cursor == role_id:
                raise bad_request("parent_role_id would create a cycle in the role hierarchy")
            cursor = self.roles[cursor].parent_role_id

    def create_role(self, name: str, parent_role_id: int | None) -> Role:
        self._check_parent(None, parent_role_id)
        role = Role(id=self.store.new_id("roles"), name=name, parent_role_id=parent_role_id)
        self.roles[role.id] = role
        return role

    def update_role(self, role_id: int, changes: dict[str, object]) -> Role:
        role = self.get_role(role_id)
        if "parent_role_id" in changes:
            parent = changes["parent_role_id"]
            assert parent is None or isinstance(parent, int)
            if role.id == DEFAULT_ROLE_ID and parent is not None:
                raise bad_request("The default role cannot have a parent role")
            self._check_parent(role.id, parent)
            role.parent_role_id = parent
        if "name" in changes:
            role.name = str(changes["name"])
        return role

    def delete_role(self, role_id: int) -> None:
        role = self.get_role(role_id)
        if role.id == DEFAULT_ROLE_ID:
            raise bad_request("The default role cannot be deleted")
        for user in self.role_members(role.id):
            user.role_id = DEFAULT_ROLE_ID
        for child in self.sub_roles(role.id):
            child.parent_role_id = role.parent_role_id
        role.deleted = True

    def assign(self, role_id: int, user_id: int) -> None:
        role = self.get_role(role_id)
        self._users.get_user(user_id).role_id = role.id

    def unassign(self, role_id: int, user_id: int) -> None:
        role = self.get_role(role_id)
        user = self._users.get_user(user_id)
        if user.role_id != role.id:
            raise bad_request(f"User {user_id} is not assigned to role {role_id}")
        user.role_id = DEFAULT_ROLE_ID

    def set_setting(self, role_id: int, key: str, value: int) -> None:
        role = self.get_role(role_id)
        if key not in VISIBILITY_KEYS:
            raise bad_request(f"setting_key must be one of {', '.join(VISIBILITY_KEYS)}")
        if value not in VISIBILITY_VALUES:
            raise bad_request("value must be one of 1, 3, 5, 7")
        role.settings[key] = value

    # -- pipeline visibility --------------------------------------------------------------

    def visible_pipeline_ids(self, role: Role, visible: bool = True) -> list[int]:
        hidden = set(role.hidden_pipeline_ids)
        return [p.id for p in self.active_pipelines() if (p.id not in hidden) == visible]

    def change_visibility(self, role_id: int, add: list[int], remove: list[int]) -> Role:
        role = self.get_role(role_id)
        known = {p.id for p in self.active_pipelines()}
        unknown = sorted({*add, *remove} - known)
        if unknown:
            raise ApiFailure(400, f"Pipelines not found: {', '.join(map(str, unknown))}")
        hidden = (set(role.hidden_pipeline_ids) - set(add)) | set(remove)
        role.hidden_pipeline_ids = sorted(hidden)
        return role

    def refuse_delete(self, record: object) -> None:
        if not isinstance(record, Pipeline):
            return
        for role in self.list_roles():
            if self.visible_pipeline_ids(role) == [record.id]:
                raise bad_request(
                    f"Pipeline {record.id} is the last pipeline visible to role "
                    f"'{role.name}' and cannot be deleted"
                )
