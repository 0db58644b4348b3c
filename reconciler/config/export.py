"""The live company as config: the inverse of loading, so `plan` after `export` is empty.

One exporter per config section (`EXPORTERS`): it names the section (also the file stem,
`roles` -> `roles.yaml`), the `--kind` words that choose it, the state kinds it must read,
and a pure function from `LiveState` to the section's items (plain dicts in the config's
key order; `_id`, the live id, lets `export --update` pair pinned objects and is never
written). Adding a kind is one more `Exporter(...)` entry and its function; `export_yaml`
and `export_update` need no change.

What is written, and why (products and subscriptions: see `export_extended`):
- pipelines in id order, each with `deal_probability` and all its `stages` in live order
  (stage `deal_probability`; `rotten_days` only when rotting is on, as absent means off);
- roles parents first (depth-first, siblings by name), each with `parent` (null at the top,
  so the hierarchy is managed), all five `settings`, `pipelines.visible` and `members`
  (emails; the user id when a user has no email or shares it with another user);
- the default role only when it differs from a fresh one (every setting 1, every pipeline
  visible), and then without members: people land there by leaving other roles;
- two live objects sharing a name: the lowest id is written with an `id:` pin, the others
  are left unmanaged (a config cannot declare one name twice), with a note; a pipeline with
  two stages of one name keeps its stages unmanaged for the same reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reconciler.config.export_extended import export_products, export_subscriptions, followed
from reconciler.config.labels import member_labels, sort_labels
from reconciler.config.models import DEFAULT_ROLE_NAME, RoleSettings
from reconciler.errors import UsageError
from reconciler.state import (
    PIPELINE,
    PRODUCT_FOLLOWERS,
    PROJECT,
    PROJECT_FIELDS,
    ROLE,
    ROLE_MEMBERS,
    ROLE_PIPELINES,
    ROLE_SETTINGS,
    STAGE,
    SUBSCRIPTION,
    LiveState,
    Resource,
    User,
)

Item = dict[str, Any]
SETTING_KEYS = tuple(RoleSettings.model_fields)
FRESH_SETTING = 1  # what Pipedrive gives a new role for every visibility setting


@dataclass
class Notes:
    """What an export could not express, per section, for stderr and the file header."""

    by_section: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, section: str, message: str) -> None:
        self.by_section[section].append(message)


@dataclass(frozen=True)
class Exporter:
    section: str  # config section and file stem
    words: tuple[str, ...]  # --kind words that choose it, besides the section name
    reads: tuple[str, ...]  # state kinds read for it
    build: Callable[[LiveState, Notes], list[Item]]


def export_pipelines(live: LiveState, notes: Notes) -> list[Item]:
    items = []
    stages = live.of_kind(STAGE)
    for pipeline in _unique(live.of_kind(PIPELINE), "pipeline", "pipelines", notes):
        item: Item = {"name": pipeline.name, "_id": pipeline.id}
        if _pinned(pipeline, live.of_kind(PIPELINE)):
            item["id"] = pipeline.id
        item["deal_probability"] = bool(pipeline.fields.get("deal_probability"))
        own = sorted(
            (s for s in stages if s.fields.get("pipeline_id") == pipeline.id),
            key=lambda s: (s.fields.get("position") or 0, s.id or 0),
        )
        twice = sorted(n for n, c in Counter(s.name for s in own).items() if c > 1)
        if twice:
            notes.add(
                "pipelines",
                f"stages of pipeline '{pipeline.name}' are not managed: more than one stage "
                f"is named {', '.join(repr(n) for n in twice)}; rename one in Pipedrive",
            )
        else:
            item["stages"] = [_stage(s) for s in own]
        items.append(item)
    return items


def export_projects(live: LiveState, notes: Notes) -> list[Item]:
    """Projects by title; `archived: true` only for archived ones (archiving is one way)."""
    items = []
    for project in _unique(live.of_kind(PROJECT), "project", "projects", notes):
        item: Item = {"title": project.name, "_id": project.id}
        if _pinned(project, live.of_kind(PROJECT)):
            item["id"] = project.id
        for key in PROJECT_FIELDS:
            value = project.fields.get(key)
            if value not in (None, "", [], ()):
                item[key] = sorted(value) if isinstance(value, list | tuple) else value
        if project.fields.get("archived"):
            item["archived"] = True
        items.append(item)
    return items


def _stage(stage: Resource) -> Item:
    item: Item = {"name": stage.name, "_id": stage.id}
    if stage.fields.get("deal_probability") is not None:
        item["deal_probability"] = stage.fields["deal_probability"]
    if stage.fields.get("rotten_days"):
        item["rotten_days"] = stage.fields["rotten_days"]
    return item


def export_roles(live: LiveState, notes: Notes) -> list[Item]:
    """Every role, the default one included (see `worth_exporting`)."""
    roles = _unique(live.of_kind(ROLE), "role", "roles", notes)
    default_id = _default_id(live)
    labels = member_labels(live.users)
    members: dict[int | None, list[User]] = defaultdict(list)
    for user in live.users:
        members[user.role_id].append(user)
    items = []
    for role in _tree_order(roles):
        item: Item = {"name": role.name, "_id": role.id}
        if _pinned(role, live.of_kind(ROLE)):
            item["id"] = role.id
        is_default = role.id == default_id
        if not is_default:
            item["parent"] = role.fields.get("parent")
        settings = _aspect(live, ROLE_SETTINGS, role)
        if settings is not None:
            wanted = {k: settings.fields.get(k) for k in SETTING_KEYS}
            item["settings"] = {k: v for k, v in wanted.items() if v is not None}
        visibility = _aspect(live, ROLE_PIPELINES, role)
        if visibility is not None:
            item["pipelines"] = {"visible": sorted(set(visibility.fields.get("visible", ())))}
        if ROLE_MEMBERS in live.kinds_read and not is_default:
            item["members"] = sort_labels(labels[u.id] for u in members.get(role.id, []))
        items.append(item)
    return items


def worth_exporting(item: Item, live: LiveState) -> bool:
    """False for the default role when it is as Pipedrive makes it, and for a product
    nobody follows."""
    if not followed(item):
        return False
    if item.get("name") != DEFAULT_ROLE_NAME or "parent" in item:
        return True
    settings = item.get("settings", {})
    fresh = all(settings.get(k, FRESH_SETTING) == FRESH_SETTING for k in SETTING_KEYS)
    every = sorted({p.name for p in live.of_kind(PIPELINE)})
    visible = item.get("pipelines", {}).get("visible", every)
    return not (fresh and visible == every)


def _default_id(live: LiveState) -> int | None:
    if live.default_role_id is not None:
        return live.default_role_id
    found = [r.id for r in live.of_kind(ROLE) if r.name == DEFAULT_ROLE_NAME]
    return found[0] if found else None


def _aspect(live: LiveState, kind: str, role: Resource) -> Resource | None:
    return next((a for a in live.of_kind(kind) if a.id == role.id), None)


def _unique(resources: list[Resource], noun: str, section: str, notes: Notes) -> list[Resource]:
    """One object per name (the lowest id), in id order; a note for every name shared."""
    by_name: dict[str, list[Resource]] = defaultdict(list)
    for resource in sorted(resources, key=lambda r: r.id or 0):
        by_name[resource.name].append(resource)
    for name, group in by_name.items():
        if len(group) > 1:
            others = ", ".join(str(r.id) for r in group[1:])
            notes.add(
                section,
                f"{len(group)} live {noun}s are named '{name}': id {group[0].id} is written "
                f"with an id pin, id {others} left unmanaged; rename them in Pipedrive",
            )
    return [group[0] for group in by_name.values()]


def _pinned(resource: Resource, all_of_kind: list[Resource]) -> bool:
    return sum(1 for r in all_of_kind if r.name == resource.name) > 1


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


EXPORTERS: tuple[Exporter, ...] = (
    Exporter("pipelines", (PIPELINE, STAGE), (PIPELINE, STAGE), export_pipelines),
    Exporter(
        "roles",
        (ROLE, ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS),
        (ROLE, ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS, PIPELINE),
        export_roles,
    ),
    Exporter("projects", (PROJECT,), (PROJECT,), export_projects),
    # Followers of every product (v2 list of products, then each one's followers).
    Exporter(
        "products",
        (PRODUCT_FOLLOWERS, "product", "followers"),
        (PRODUCT_FOLLOWERS,),
        export_products,
    ),
    # Found by scanning every deal; on an API Pipedrive removed in 2025 (see export_cmd).
    Exporter("subscriptions", (SUBSCRIPTION,), (SUBSCRIPTION,), export_subscriptions),
)


def choose(kinds: Iterable[str]) -> tuple[Exporter, ...]:
    """The exporters for `--kind` words (section names or state kinds); all when none."""
    words = list(kinds)
    if not words:
        return EXPORTERS
    chosen = []
    for word in words:
        found = [e for e in EXPORTERS if word in (e.section, *e.words)]
        if not found:
            known = ", ".join(w for e in EXPORTERS for w in (e.section, *e.words))
            raise UsageError(f"unknown kind {word!r} for export; choose from {known}")
        chosen += [e for e in found if e not in chosen]
    return tuple(e for e in EXPORTERS if e in chosen)


def reads_for(exporters: Iterable[Exporter]) -> frozenset[str]:
    return frozenset(k for e in exporters for k in e.reads)


def export_sections(
    live: LiveState, exporters: Iterable[Exporter]
) -> tuple[dict[str, list[Item]], Notes]:
    """Section name -> items to write (the default role left out when fresh), and notes."""
    notes = Notes()
    sections = {}
    for exporter in exporters:
        items = exporter.build(live, notes)
        sections[exporter.section] = [i for i in items if worth_exporting(i, live)]
    return sections, notes
