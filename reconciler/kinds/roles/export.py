"""Exporting roles: parents first (depth-first, siblings by name), each with `parent` (null at
the top, so the hierarchy is managed), all five `settings`, `pipelines` and `members`
(emails; the user id when a user has no email or shares it with another user). The default
role only when it differs from a fresh one (every setting 1, every pipeline visible), and then
without members: people land there by leaving other roles."""

from __future__ import annotations

from collections import defaultdict

from reconciler.config.labels import member_labels, sort_labels
from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.kinds.exporting import Item, Notes, declarable, start, unique
from reconciler.kinds.roles.model import SETTING_KEYS
from reconciler.state import (
    PIPELINE,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    LiveState,
    Resource,
    User,
)

FRESH_SETTING = 1  # what Pipedrive gives a new role for every visibility setting


def export_roles(live: LiveState, notes: Notes) -> list[Item]:
    every = live.of_kind(ROLE)
    roles = unique(every, "role", "roles", notes)
    default_id = _default_id(live)
    labels = member_labels(live.users)
    members: dict[int | None, list[User]] = defaultdict(list)
    for user in live.users:
        members[user.role_id].append(user)
    every_pipeline = {declarable(p.name) for p in live.of_kind(PIPELINE)}
    items = []
    for role in _tree_order(roles):
        item = start(role, every)
        is_default = role.id == default_id
        if not is_default:
            parent = role.fields.get("parent")
            item["parent"] = declarable(parent) if parent is not None else None
        settings = live.with_id(ROLE_SETTINGS, role.id)
        if settings is not None:
            wanted = {k: settings.fields.get(k) for k in SETTING_KEYS}
            item["settings"] = {k: v for k, v in wanted.items() if v is not None}
        visibility = live.with_id(ROLE_PIPELINES, role.id)
        if visibility is not None:
            visible = {declarable(n) for n in visibility.fields.get("visible", ())}
            item["pipelines"] = visibility_forms(visible, every_pipeline)
        if ROLE_MEMBERS in live.kinds_read and not is_default:
            item["members"] = sort_labels(labels[u.id] for u in members.get(role.id, []))
        items.append(item)
    return items


def role_worth_exporting(item: Item, live: LiveState) -> bool:
    """False for the default role when it is as Pipedrive makes it."""
    if item.get("name") != DEFAULT_ROLE_NAME or "parent" in item:
        return True
    settings = item.get("settings", {})
    fresh = all(settings.get(k, FRESH_SETTING) == FRESH_SETTING for k in SETTING_KEYS)
    return not (fresh and item.get("pipelines", {}).get("visible", "all") == "all")


def visibility_forms(visible: set[str], every: set[str]) -> Item:
    """The shortest faithful `pipelines:`: `visible: all`, else whichever of `hidden` and
    `visible` lists fewer names (`visible` on a tie, as it hides pipelines created later too).
    Both lists ride along as `_visible`/`_hidden` (never written), so `export --update` can
    keep the form a config already uses."""
    hidden = sorted(every - visible)
    shown = sorted(visible)
    forms: Item = {"_visible": shown, "_hidden": hidden}
    if not hidden:
        return {"visible": "all", **forms}
    if len(hidden) < len(shown):
        return {"hidden": hidden, **forms}
    return {"visible": shown, **forms}


def _default_id(live: LiveState) -> int | None:
    if live.default_role_id is not None:
        return live.default_role_id
    found = [r.id for r in live.of_kind(ROLE) if r.name == DEFAULT_ROLE_NAME]
    return found[0] if found else None


def _tree_order(roles: list[Resource]) -> list[Resource]:
    """Parents before children, depth first; siblings and roots by name, then id."""
    names = {r.name for r in roles}
    children: dict[str | None, list[Resource]] = defaultdict(list)
    for role in roles:
        parent = role.fields.get("parent")
        children[parent if parent in names else None].append(role)
    out: list[Resource] = []
    seen: set[int] = set()

    def walk(parent: str | None) -> None:
        for role in sorted(children.get(parent, []), key=lambda r: (r.name, r.id or 0)):
            if id(role) not in seen:
                seen.add(id(role))
                out.append(role)
                walk(role.name)

    walk(None)
    # Roles on a parent cycle (Pipedrive should not allow one) are written last, by name.
    out += sorted((r for r in roles if id(r) not in seen), key=lambda r: (r.name, r.id or 0))
    return out
