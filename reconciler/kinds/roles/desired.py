"""The `roles:` section as desired state.

role (name,)            name; parent (name or None) only when the `parent` key is present
role_settings (role,)   the keys set (non-None) -> int; only when `settings` is declared
role_pipelines (role,)  visible: sorted unique names, or hidden: sorted unique names (none for
                        `visible: all`); only when `pipelines` is declared
role_members (role,)    members: declared labels in order (emails lower-cased, ids as
                        ints); only when `members` is declared. The planner resolves them.
"""

from __future__ import annotations

from typing import Any

from reconciler.kinds.roles.model import Role
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import (
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    Resource,
    address,
    entry_key,
)


def desired_roles(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    roles: list[Role] = loaded.config.roles
    for index, role in enumerate(roles):
        part.resources.extend(_role(loaded, index, role, part.entry_origins))
    return part


def _role(loaded: Loaded, index: int, role: Role, origins: dict[str, str]) -> list[Resource]:
    key = (role.name,)
    here = ("roles", index)
    fields: dict[str, Any] = {"name": role.name}
    if "parent" in role.model_fields_set:
        fields["parent"] = role.parent
        origins[entry_key(address(ROLE, key), "parent")] = loaded.origin(*here, "parent")
    out = [
        Resource(
            ROLE,
            key,
            fields,
            id=role.id,
            renamed_from=tuple(role.renamed_from),
            protect=role.protect,
            origin=loaded.origin(*here),
        )
    ]
    if role.settings is not None:
        settings = {k: int(v) for k, v in role.settings.model_dump().items() if v is not None}
        out.append(Resource(ROLE_SETTINGS, key, settings, origin=loaded.origin(*here, "settings")))
    if role.pipelines is not None:
        visibility = _visibility(role, loaded, here, origins)
        origin = loaded.origin(*here, "pipelines")
        out.append(Resource(ROLE_PIPELINES, key, visibility, origin=origin))
    if role.members is not None:
        labels = tuple(m.lower() if isinstance(m, str) else m for m in role.members)
        at = address(ROLE_MEMBERS, key)
        for n, label in enumerate(labels):
            origins.setdefault(entry_key(at, "members", label), loaded.origin(*here, "members", n))
        out.append(
            Resource(ROLE_MEMBERS, key, {"members": labels}, origin=loaded.origin(*here, "members"))
        )
    return out


def _visibility(
    role: Role, loaded: Loaded, here: tuple[str, int], origins: dict[str, str]
) -> dict[str, Any]:
    """{"visible": names} for a list, else {"hidden": names}: `visible: all` hides none."""
    assert role.pipelines is not None
    visible, hidden = role.pipelines.visible, role.pipelines.hidden
    field = "visible" if isinstance(visible, list) else "hidden"
    names = visible if isinstance(visible, list) else (hidden or [])
    at = address(ROLE_PIPELINES, (role.name,))
    for n, name in enumerate(names):
        where = loaded.origin(*here, "pipelines", field, n)
        origins.setdefault(entry_key(at, field, name), where)
    return {field: tuple(sorted(set(names)))}
