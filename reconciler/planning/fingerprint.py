"""Fingerprints of the live company, for refusing a stale saved plan.

`live_fingerprint(live)` is "sha256:<hex>" of a canonical JSON document: every live resource
(kind, key, id, normalised fields) sorted by (address, id), every user sorted by id, and the
default role id. `live_digests(live)` gives one such digest per object address (resources
sharing an address are hashed together) and per user (`user/<id>`), so a stale plan can say
what changed. Reading order and value representation (e.g. "5" vs 5) do not change them.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from reconciler.kinds import normalize
from reconciler.state import LiveState, Resource, User


def _resource_doc(resource: Resource, normalized: bool = False) -> dict[str, Any]:
    fields = resource.fields if normalized else normalize(resource).fields
    return {
        "kind": resource.kind,
        "key": list(resource.key),
        "id": resource.id,
        "fields": {k: fields[k] for k in sorted(fields)},
    }


def _user_doc(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email.lower(),
        "name": user.name,
        "role_id": user.role_id,
        "active": user.active,
    }


def _digest(document: Any) -> str:
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sorted(live: LiveState) -> list[Resource]:
    return sorted(live.resources, key=lambda r: (r.address, r.id is None, r.id or 0))


def live_fingerprint(live: LiveState, *, normalized: bool = False) -> str:
    """`normalized`: the resources went through `planning.normalize` already (the planner's
    copy), so they are not normalised a second time; the digest is the same either way."""
    return _digest(
        {
            "resources": [_resource_doc(r, normalized) for r in _sorted(live)],
            "users": [_user_doc(u) for u in sorted(live.users, key=lambda u: u.id)],
            "default_role_id": live.default_role_id,
        }
    )


def live_digests(live: LiveState) -> dict[str, str]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for resource in _sorted(live):
        grouped.setdefault(resource.address, []).append(_resource_doc(resource))
    digests = {addr: _digest(docs) for addr, docs in grouped.items()}
    for user in live.users:
        digests[f"user/{user.id}"] = _digest(_user_doc(user))
    return digests
