"""The JSON plan: `--format json` output and the saved plan file (`plan --out`, `show`,
`apply --plan`). It is the source of truth the human renderers word.

Document (format_version 1; keys in this order, nested value mappings sorted by key):

    {"format_version": 1, "tool": "pipedrive-reconciler", "tool_version": "0.1.0",
     "created_at": "2026-12-04T10:00:00Z" | null,
     "company": {"id": 12, "name": "Acme Inc", "domain": "acme"} | null,
     "base_url": "https://acme.pipedrive.com" | null, "env": "production" | null,
     "partial": {"target": [...], "exclude": [...]} | null, "stages_api": "v2",
     "changes": [{"address": "role/Sales Manager", "action": "create|update|delete",
                  "kind": "role", "key": ["Sales Manager"], "id": 12 | null,
                  "before": {...} | null, "after": {...} | null,
                  "fields": [{"path", "before", "after"}], "notes": [...], "order": [...],
                  "extra": {...}, ["replace": "why" (both halves of a replacement)],
                  ["destroys_data": true,] ["changed_at": "..." (drift)]}],
     "summary": {"create": n, "update": n, "delete": n},
     "unmanaged": [...], "protected": [...], "blocked": [{"address", "reason", "hint"}],
     "refusals": [{"guard", "message", "override"}], "warnings": [...],
     "token_cost": N, "read_token_cost": N,
     "live_fingerprint": "sha256:...", "config_digest": "sha256:...",
     ["unwritable": [{"address", "field", "before", "after", "hint", "warning"}],]
                                 (only when the config states what the tool cannot write)
     ["live_digests": {address: "sha256:..."},]   (saved plan files only)
     "plan_digest": "sha256:..."}

`plan_digest` is the digest of the document's canonical JSON without that key: `show` and
`apply --plan` check it, so a damaged or hand-edited file is reported as such. It is not a
signature (anyone can recompute it); what makes a saved plan safe to apply is that apply
plans again and writes only an identical diff (`planning.approval`).

Values in `before`, `after`, `fields`, `order` and `extra` must be JSON values: str, int,
float, bool, None, lists/tuples, sets (written as sorted lists) and mappings with str keys.
Loading (`render.json_load`) turns every JSON array into a tuple, so
`plan_from_dict(plan_to_dict(p)) == p` holds for plans whose sequence values are tuples.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from reconciler import __version__
from reconciler.planning.canonical import canonical_text, change_document
from reconciler.planning.changes import Plan
from reconciler.planning.provenance import Provenance

FORMAT_VERSION = 1
TOOL = "pipedrive-reconciler"
DIGEST_KEY = "plan_digest"


def plan_to_dict(plan: Plan, *, live_digests: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The plan as a JSON-safe dict in the documented key order, digest last."""
    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tool": TOOL,
        **provenance_document(plan.provenance),
        "partial": (
            {"target": list(plan.selection.targets), "exclude": list(plan.selection.excludes)}
            if plan.selection.partial
            else None
        ),
        "stages_api": plan.stages_api,
        "changes": [_with_date(change_document(c), plan) for c in plan.changes],
        "summary": plan.summary(),
        "unmanaged": list(plan.unmanaged),
        "protected": list(plan.protected),
        "blocked": [
            {"address": b.address, "reason": b.reason, "hint": b.hint} for b in plan.blocked
        ],
        "refusals": [
            {"guard": r.guard, "message": r.message, "override": r.override} for r in plan.refusals
        ],
        "warnings": list(plan.warnings),
        "token_cost": plan.token_cost,
        "read_token_cost": plan.read_token_cost,
        "live_fingerprint": plan.live_fingerprint,
        "config_digest": plan.config_digest,
    }
    if plan.unwritable:
        document["unwritable"] = [dataclasses.asdict(u) for u in plan.unwritable]
    if live_digests is not None:
        document["live_digests"] = {k: live_digests[k] for k in sorted(live_digests)}
    document[DIGEST_KEY] = document_digest(document)
    return document


def plan_to_json(plan: Plan, *, live_digests: Mapping[str, str] | None = None) -> str:
    document = plan_to_dict(plan, live_digests=live_digests)
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _with_date(document: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """`drift` adds when Pipedrive last changed the object, where it knows."""
    when = plan.changed_at.get(document["address"])
    return document if when is None else {**document, "changed_at": when}


def document_digest(document: Mapping[str, Any]) -> str:
    """ "sha256:<hex>" of the document's canonical JSON, leaving out the digest itself."""
    body = {k: v for k, v in document.items() if k != DIGEST_KEY}
    return "sha256:" + hashlib.sha256(canonical_text(body).encode("utf-8")).hexdigest()


def provenance_document(provenance: Provenance | None) -> dict[str, Any]:
    if provenance is None:
        return {
            "tool_version": __version__,
            "created_at": None,
            "company": None,
            "base_url": None,
            "env": None,
        }
    company = provenance.company
    return {
        "tool_version": provenance.tool_version,
        "created_at": provenance.created_at,
        "company": {"id": company.id, "name": company.name, "domain": company.domain},
        "base_url": provenance.base_url,
        "env": provenance.env,
    }
