"""Warnings for `protected` addresses that name nothing, likely a typo.

Only kinds that were read are judged: an unread kind is not known to be missing. An address
written with a name the config renames from still counts (once the rename is applied, it
keeps protecting the object), and so does one naming an owned object (a stage) by any name
of its owner (a pipeline) and any of its own: both may be renamed at once.
"""

from __future__ import annotations

from reconciler import kinds
from reconciler.state import DesiredState, LiveState, address


def unknown_protected(desired: DesiredState, live: LiveState) -> list[str]:
    known = {r.address for r in (*desired.resources, *live.resources)} | _former_addresses(
        desired, live
    )
    return [
        f"protected address '{entry}' matches nothing in the config or in Pipedrive"
        for entry in sorted(desired.protected - known)
        if entry.partition("/")[0] in live.kinds_read
    ]


def _former_addresses(desired: DesiredState, live: LiveState) -> set[str]:
    out: set[str] = set()
    for want in desired.resources:
        if len(want.key) == 1:
            out.update(address(want.kind, (old,)) for old in want.renamed_from)
    for spec in kinds.KINDS:
        if spec.owner is None or spec.key_parts < 2:
            continue
        owner_names = {o.name: (o.name, *o.renamed_from) for o in desired.of_kind(spec.owner)}
        for held in (*desired.of_kind(spec.name), *live.of_kind(spec.name)):
            for owner in owner_names.get(held.key[0], (held.key[0],)):
                for name in (held.key[-1], *held.renamed_from):
                    out.add(address(spec.name, (owner, name)))
    return out
