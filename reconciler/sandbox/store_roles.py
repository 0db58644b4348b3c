"""Role rules: hierarchy, assignments, settings and pipeline visibility.

Decisions where Pipedrive documents nothing (FACTS.md §12.6, §13):
- the default role "(Unassigned users)" (id 1) always exists and cannot be deleted (400);
- deleting a role moves its users to the default role and its sub-roles to its parent;
- a parent change that would make a cycle is refused (400);
- duplicate role names are allowed, as Pipedrive does not forbid them;
- each user has exactly one role, so assigning moves the user from wherever they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reconciler.sandbox.entities import DEFAULT_ROLE_ID, VISIBILITY_KEYS, VISIBILITY_VALUES, Role
from reconciler.sandbox.failure import ApiFailure, bad_request, not_found
from reconciler.sandbox.store_core import StoreCore

if TYPE_CHECKING:
    from reconciler.sandbox.entities import Pipeline, User


class RoleRules(StoreCore):
    roles: dict[int, Role]
    users: dict[int, User]
    pipelines: dict[int, Pipeline]

    if TYPE_CHECKING:  # provided by Store

        def active_pipelines(self) -> list[Pipeline]:
            raise NotImplementedError

    # -- reads ----------------------------------------------------------------------------

    def list_roles(self) -> list[Role]:
        return [r for r in sorted(self.roles.values(), key=lambda r: r.id) if not r.deleted]

    def get_role(self, role_id: int) -> Role:
        role = self.roles.get(role_id)
        if role is None or role.deleted:
            raise not_found("Role")
        return role

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
            for u in sorted(self.users.values(), key=lambda u: u.id)
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
        role = Role(id=self.new_id("roles"), name=name, parent_role_id=parent_role_id)
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
        self.get_user(user_id).role_id = role.id

    def unassign(self, role_id: int, user_id: int) -> None:
        role = self.get_role(role_id)
        user = self.get_user(user_id)
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
