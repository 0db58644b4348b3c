"""Hypothesis strategies: a live company (a sandbox seed) and a config that overlaps it.

The config keeps, renames (`renamed_from`), drops and adds roles, pipelines and stages,
reorders stages, changes settings, visibility, members (by email or user id) and parents, with
prune on or off and either stages API; a declared pipeline may have `stages: []`, entries may
say `protect: true` and a top-level `protected:` list may name live objects. Names come from
small pools with spaces and non-ASCII letters so that collisions between live and desired
names happen often. Every generated config is valid: members only among the seed's users and
a user in at most one role, parents without cycles (counting the live parents of roles whose
`parent` key is absent).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from reconciler.config.loader import LoadedConfig, load_config
from reconciler.state import PIPELINE, ROLE, STAGE, address

PIPELINE_NAMES = ["Sales", "Renewals", "Partner Deals", "Zürich", "Ops  2", "Naïve ✓", "sales"]
STAGE_NAMES = ["Lead In", "Qualified", "Won", "Négociation", "Demo", "Closed", "x", "won"]
ROLE_NAMES = ["Manager", "Rep", "Sales Rep", "Équipe", "Team 東京", "Interns", "rep"]
USERS = [{"name": f"User {i}", "email": f"u{i}@ex.test"} for i in range(5)]
SETTING_KEYS = [
    "deal_default_visibility",
    "lead_default_visibility",
    "org_default_visibility",
    "person_default_visibility",
    "product_default_visibility",
]
DEFAULT_ROLE = "(Unassigned users)"


@dataclass(frozen=True)
class Scenario:
    seed: dict[str, Any]
    config: dict[str, Any]

    @property
    def stages_api(self) -> str:
        return self.config.get("api", {}).get("stages", "v2")


def _settings(draw: st.DrawFn) -> dict[str, int]:
    keys = draw(st.lists(st.sampled_from(SETTING_KEYS), unique=True, max_size=3))
    return {k: draw(st.sampled_from([1, 3, 5, 7])) for k in keys}


def _stage(draw: st.DrawFn, name: str) -> dict[str, Any]:
    stage: dict[str, Any] = {"name": name}
    if draw(st.booleans()):
        stage["deal_probability"] = draw(st.integers(0, 100))
    if draw(st.booleans()):
        stage["rotten_days"] = draw(st.integers(1, 30))
    return stage


def _member(draw: st.DrawFn, user: dict[str, Any]) -> str | int:
    """A member by email or by user id (the sandbox numbers the seed's users from 1)."""
    return user["email"] if draw(st.booleans()) else USERS.index(user) + 1


def _fate(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["keep", "keep", "rename", "drop"]))


@st.composite
def live_company(draw: st.DrawFn) -> dict[str, Any]:
    """A seed: pipelines with stages and deals, a roles tree with settings, visibility and
    members among five users."""
    pipelines = []
    deals = []
    for name in draw(st.lists(st.sampled_from(PIPELINE_NAMES), unique=True, max_size=3)):
        stage_names = draw(st.lists(st.sampled_from(STAGE_NAMES), unique=True, max_size=4))
        pipeline: dict[str, Any] = {"name": name, "stages": [_stage(draw, s) for s in stage_names]}
        if draw(st.booleans()):
            pipeline["deal_probability"] = draw(st.booleans())
        pipelines.append(pipeline)
        for stage in stage_names:
            if draw(st.integers(0, 3)) == 0:
                deals.append({"pipeline": name, "stage": stage, "count": draw(st.integers(1, 2))})
    roles: list[dict[str, Any]] = []
    for name in draw(st.lists(st.sampled_from(ROLE_NAMES), unique=True, max_size=4)):
        role: dict[str, Any] = {"name": name}
        if roles and draw(st.booleans()):
            role["parent"] = draw(st.sampled_from([r["name"] for r in roles]))
        if draw(st.booleans()):
            role["settings"] = _settings(draw)
        if pipelines and draw(st.booleans()):
            names = [p["name"] for p in pipelines]
            role["pipelines"] = {"visible": draw(st.lists(st.sampled_from(names), unique=True))}
        roles.append(role)
    if roles:
        for user in USERS:
            where = draw(st.integers(-1, len(roles) - 1))
            if where >= 0:
                roles[where].setdefault("members", []).append(_member(draw, user))
    return {"pipelines": pipelines, "roles": roles, "users": USERS, "deals": deals}


def _fresh(draw: st.DrawFn, pool: list[str], taken: set[str]) -> str | None:
    free = [n for n in pool if n not in taken]
    if not free:
        return None
    name = draw(st.sampled_from(free))
    taken.add(name)
    return name


def _stages(draw: st.DrawFn, live: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fates = [(stage["name"], _fate(draw)) for stage in live]
    claimed = {name for name, fate in fates if fate == "keep"}
    # Renames may take the name of a dropped live stage (half the time); never the name of
    # one renamed away, which the config rejects ("renamed from X, but X is declared too").
    sources = {name for name, fate in fates if fate == "rename"}
    avoid = sources if draw(st.booleans()) else {name for name, _ in fates}
    out = []
    for name, fate in fates:
        if fate == "drop":
            continue
        if fate == "rename":
            new = _fresh(draw, STAGE_NAMES, claimed | avoid | {name})
            if new is not None:
                claimed.add(new)
                out.append({**_stage(draw, new), "renamed_from": [name]})
                continue
            if name in claimed:
                continue  # another stage's rename took its name: dropped instead
            claimed.add(name)
        out.append(_stage(draw, name))
    for _ in range(draw(st.integers(0, 2))):
        new = _fresh(draw, STAGE_NAMES, claimed | {name for name, _ in fates})
        if new is not None:
            claimed.add(new)
            out.append(_stage(draw, new))
    return draw(st.permutations(out))


def _pipelines(draw: st.DrawFn, live: list[dict[str, Any]]) -> list[dict[str, Any]]:
    taken = {p["name"] for p in live}
    out = []
    for pipeline in live:
        fate = _fate(draw)
        if fate == "drop":
            continue
        entry: dict[str, Any] = {"name": pipeline["name"]}
        if fate == "rename" and (new := _fresh(draw, PIPELINE_NAMES, taken)) is not None:
            entry = {"name": new, "renamed_from": [pipeline["name"]]}
        shape = draw(st.integers(0, 7))
        if shape == 0:
            entry["stages"] = []  # every stage goes (the CLI's guard is not on this path)
        elif shape > 1:
            entry["stages"] = _stages(draw, pipeline["stages"])
        out.append(entry)
    for _ in range(draw(st.integers(0, 2))):
        new = _fresh(draw, PIPELINE_NAMES, taken)
        if new is not None:
            out.append({"name": new, "stages": _stages(draw, [])})
    for entry in out:
        if draw(st.booleans()):
            entry["deal_probability"] = draw(st.booleans())
        if not draw(st.integers(0, 5)):
            entry["protect"] = True
    return out


def _live_parents(seed: dict[str, Any]) -> dict[str, str | None]:
    return {r["name"]: r.get("parent") for r in seed["roles"]}


def _has_cycle(parents: dict[str, str | None]) -> bool:
    for start in parents:
        seen, cursor = set(), start
        while cursor is not None:
            if cursor in seen:
                return True
            seen.add(cursor)
            cursor = parents.get(cursor)
    return False


def _roles(
    draw: st.DrawFn, seed: dict[str, Any], pipeline_names: list[str], prune: bool
) -> list[dict[str, Any]]:
    live = seed["roles"]
    taken = {r["name"] for r in live}
    out: list[dict[str, Any]] = []
    old_name: dict[str, str] = {}  # desired name -> live name it matches
    for role in live:
        fate = _fate(draw)
        if fate == "drop":
            continue
        entry: dict[str, Any] = {"name": role["name"]}
        if fate == "rename" and (new := _fresh(draw, ROLE_NAMES, taken)) is not None:
            entry = {"name": new, "renamed_from": [role["name"]]}
        old_name[entry["name"]] = role["name"]
        out.append(entry)
    for _ in range(draw(st.integers(0, 2))):
        new = _fresh(draw, ROLE_NAMES, taken)
        if new is not None:
            out.append({"name": new})
    out = list(draw(st.permutations(out)))
    for index, entry in enumerate(out):
        # A parent earlier in the list: the declared parents never form a cycle.
        choice = draw(st.integers(0, 2))
        if choice == 1:
            entry["parent"] = None
        elif choice == 2 and index:
            entry["parent"] = draw(st.sampled_from([e["name"] for e in out[:index]]))
        if draw(st.booleans()):
            entry["settings"] = _settings(draw)
        if draw(st.booleans()):
            entry["pipelines"] = {
                "visible": draw(st.lists(st.sampled_from(pipeline_names), unique=True))
                if pipeline_names
                else []
            }
    _no_cycles_with_live_parents(out, old_name, seed)
    with_members = [e for e in out if draw(st.integers(0, 2))]
    for entry in with_members:
        entry["members"] = []
    if with_members:
        for user in USERS:
            where = draw(st.integers(-1, len(with_members) - 1))
            if where >= 0:
                with_members[where]["members"].append(_member(draw, user))
    if draw(st.integers(0, 4)) == 0:
        out.append({"name": DEFAULT_ROLE, "settings": _settings(draw)})
    return out


def _no_cycles_with_live_parents(
    out: list[dict[str, Any]], old_name: dict[str, str], seed: dict[str, Any]
) -> None:
    """A role without a `parent` key keeps its live parent; make every parent explicit
    (top-level) when that could close a cycle with the declared ones. A live parent that is
    dropped and pruned is kept as a case: its children must be re-homed before the delete."""
    live_parents = _live_parents(seed)
    new_of = {old: new for new, old in old_name.items()}
    parents: dict[str, str | None] = {}
    for entry in out:
        if "parent" in entry:
            parents[entry["name"]] = entry["parent"]
        elif entry["name"] in old_name:
            live_parent = live_parents.get(old_name[entry["name"]])
            parents[entry["name"]] = new_of.get(live_parent, live_parent)
    if _has_cycle(parents):
        for entry in out:
            entry.setdefault("parent", None)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    seed = draw(live_company())
    prune = draw(st.lists(st.sampled_from(["roles", "pipelines"]), unique=True))
    pipelines = _pipelines(draw, seed["pipelines"])
    live_names = [p["name"] for p in seed["pipelines"]]
    declared = {p["name"] for p in pipelines}
    renamed = {old for p in pipelines for old in p.get("renamed_from", [])}
    # Visible pipelines: declared ones, and live ones left in place (not pruned, not renamed).
    visible_pool = sorted(declared) + (
        []
        if "pipelines" in prune
        else [n for n in live_names if n not in declared and n not in renamed]
    )
    roles = _roles(draw, seed, visible_pool, "roles" in prune)
    config: dict[str, Any] = {
        "prune": prune,
        "api": {"stages": draw(st.sampled_from(["v1", "v2"]))},
        "pipelines": pipelines,
        "roles": roles,
    }
    if seed["pipelines"] or seed["roles"]:
        config["protected"] = draw(st.lists(st.sampled_from(_live_addresses(seed)), unique=True))
    return Scenario(seed, config)


def _live_addresses(seed: dict[str, Any]) -> list[str]:
    """Addresses of the seed's objects, for `protected:`."""
    out = []
    for pipeline in seed["pipelines"]:
        out.append(address(PIPELINE, (pipeline["name"],)))
        out.extend(address(STAGE, (pipeline["name"], s["name"])) for s in pipeline["stages"])
    out.extend(address(ROLE, (role["name"],)) for role in seed["roles"])
    return out


def load_config_dict(config: dict[str, Any]) -> LoadedConfig:
    """Load a config written as a dict through a YAML file, like a hand-written one."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "company.yaml"
        # JSON is YAML: the loader reads it like any other file.
        path.write_text(json.dumps(config, ensure_ascii=False, indent=1), "utf-8")
        return load_config([path])
