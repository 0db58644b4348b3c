"""From a loaded config to the desired `DesiredState` the planner diffs against live state.

`build_desired(loaded)` takes anything with `.config` (a `Config`) and `.origin(*path) -> str`
(the nearest known `file:line:col` of a document path such as `("roles", 0, "members", 1)`),
so tests can pass a stub. Each section turns its entries into resources in the state's
vocabulary (`SectionSpec.desired`, documented in each kind's package).

`DesiredState.protected` holds the config's `protected` addresses and the address of every
declared object with `protect: true`: the planner never deletes a live object at one of them.
Origins of single list entries (a visible pipeline, a member) go to
`DesiredState.entry_origins` so plan errors can point at the entry itself.
"""

from __future__ import annotations

from reconciler import kinds
from reconciler.kinds.spec import DesiredPart, Loaded
from reconciler.state import DesiredState


def build_desired(loaded: Loaded) -> DesiredState:
    """The config as desired state; pure (no I/O), never raises for a validated config."""
    config = loaded.config
    whole = DesiredPart()
    for section in kinds.SECTIONS:
        if section.desired is None:
            continue
        part = section.desired(loaded)
        whole.resources.extend(part.resources)
        whole.entry_origins.update(part.entry_origins)
        whole.authoritative |= part.authoritative
    return DesiredState(
        resources=tuple(whole.resources),
        prune=frozenset(kinds.PRUNE_KINDS[p] for p in config.prune),
        max_delete_percent=config.guards.max_delete_percent,
        min_existing=config.guards.min_existing,
        stages_api=config.api.stages,
        authoritative=frozenset(whole.authoritative),
        protected=frozenset(config.protected)
        | frozenset(r.address for r in whole.resources if r.protect),
        entry_origins=whole.entry_origins,
    )
