"""Hand-built plans the renderer tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.planning.changes import (
    Action,
    Blocked,
    Change,
    FieldChange,
    Plan,
    RawPayload,
    change_of,
)
from reconciler.planning.provenance import Company, Provenance, Selection

FINGERPRINT = "sha256:" + "a" * 64
DIGEST = "sha256:" + "b" * 64


def change(
    action: Action,
    kind: str,
    key: tuple[str, ...],
    id: int | None = None,
    before: Any = None,
    after: Any = None,
    fields: tuple[FieldChange, ...] = (),
    notes: tuple[str, ...] = (),
    order: tuple[Any, ...] = (),
    extra: Any = None,
) -> Change:
    """A change in the shape tests write it, `extra` as a plan file carries it."""
    if action is Action.UPDATE:
        before, after = before or {}, after or {}
    return change_of(
        action,
        kind,
        key,
        id=id,
        before=before,
        after=after,
        fields=fields,
        notes=notes,
        order=order,
        level=order[2] if len(order) > 2 and isinstance(order[2], int) else 0,
        payload=RawPayload(extra or {}),
    )


ACME = Provenance(
    company=Company(id=4711, name="Acme Inc", domain="acme"),
    base_url="https://acme.pipedrive.com",
    env="production",
    tool_version="0.1.0",
    created_at="2026-12-04T10:00:00Z",
)


def update(kind: str, key: tuple[str, ...], id: int, **fields: tuple[object, object]) -> Change:
    """An update whose before/after hold exactly the changed fields."""
    return change(
        Action.UPDATE,
        kind,
        key,
        id=id,
        before={k: v[0] for k, v in fields.items()},
        after={k: v[1] for k, v in fields.items()},
        fields=tuple(FieldChange(k, b, a) for k, (b, a) in fields.items()),
    )


def empty_plan() -> Plan:
    return Plan(read_token_cost=47, live_fingerprint=FINGERPRINT, config_digest=DIGEST)


def quiet_plan() -> Plan:
    """No changes, but things a reviewer should still see."""
    return Plan(
        unmanaged=("role/Contractors", "pipeline/Legacy"),
        warnings=("role/Sales Rep: setting deal_default_visibility is not readable",),
        read_token_cost=47,
        live_fingerprint=FINGERPRINT,
        config_digest=DIGEST,
    )


def full_plan() -> Plan:
    """Every kind and action, with notes, unmanaged, protected, warnings and blocked."""
    members = update(
        "role_members",
        ("Sales Rep",),
        4,
        members=(
            ("bob@example.com", "dave@example.com"),
            ("carol@example.com", "dave@example.com"),
        ),
    )
    members = change(
        members.action,
        members.kind,
        members.key,
        id=members.id,
        before=members.before,
        after=members.after,
        fields=members.fields,
        notes=("bob@example.com moves to (Unassigned users)",),
        order=(3, 5, "Sales Rep"),
        extra={"move_user_ids": (7,)},
    )
    changes = (
        change(
            Action.DELETE,
            "role_members",
            ("Interns",),
            id=9,
            notes=("ann@example.com moves to (Unassigned users)",),
        ),
        change(
            Action.DELETE, "role", ("Interns",), id=9, before={"name": "Interns", "parent": None}
        ),
        change(Action.DELETE, "stage", ("Sales", "Old"), id=31, before={"name": "Old"}),
        change(
            Action.CREATE,
            "pipeline",
            ("Partners",),
            after={"name": "Partners", "deal_probability": True},
            order=(1, 0, "Partners"),
        ),
        change(
            Action.CREATE,
            "stage",
            ("Partners", "Lead In"),
            after={
                "name": "Lead In",
                "pipeline": "Partners",
                "deal_probability": 10,
                "rotten_days": None,
                "position": 1,
            },
        ),
        update("stage", ("Sales", "Won"), 12, name=("Closed", "Won"), rotten_days=(None, 14)),
        change(
            Action.CREATE,
            "role",
            ("Sales Manager",),
            after={"name": "Sales Manager", "parent": None},
        ),
        update("role", ("Sales Rep",), 4, parent=(None, "Sales Manager")),
        change(
            Action.CREATE, "role_settings", ("Sales Manager",), after={"deal_default_visibility": 7}
        ),
        update("role_settings", ("Sales Rep",), 4, deal_default_visibility=(1, 3)),
        update(
            "role_pipelines",
            ("Sales Rep",),
            4,
            visible=(("Legacy", "Sales"), ("Partners", "Sales")),
        ),
        members,
    )
    return Plan(
        changes=changes,
        unmanaged=("pipeline/Legacy",),
        protected=("role/Founders",),
        blocked=(
            Blocked("stage/Sales/Stale", "still holds 3 deals", "move or close its deals first"),
        ),
        warnings=("pipeline/Legacy is visible to role/Sales Rep but not declared",),
        token_cost=86,
        read_token_cost=47,
        live_fingerprint=FINGERPRINT,
        config_digest=DIGEST,
        provenance=ACME,
        changed_at={"role_members/Sales Rep": "2026-11-20 09:30:00 UTC"},
    )


def partial_plan() -> Plan:
    """Narrowed by --target/--exclude: every format must say so."""
    return Plan(
        changes=(update("role_settings", ("Sales Rep",), 3, deal_default_visibility=(1, 3)),),
        token_cost=10,
        read_token_cost=47,
        live_fingerprint=FINGERPRINT,
        config_digest=DIGEST,
        selection=Selection.of(["role", "role_settings/Sales Rep"], ["role/Interns Team"]),
        provenance=ACME,
    )


HOSTILE = "Ops | <script>alert(1)</script> `x` \x1b[31mred\x1b[0m\nsecond [a](b) -"


def hostile_plan() -> Plan:
    """Names and values an attacker with role-creation rights could choose."""
    return Plan(
        changes=(
            change(Action.CREATE, "role", (HOSTILE,), after={"name": HOSTILE, "parent": None}),
            update("role_members", (HOSTILE,), 5, members=((), ("<b>@x.com", "a|b@x.com"))),
            change(Action.DELETE, "stage", ("Sales", "- 1. <img src=x>"), id=8),
        ),
        unmanaged=(f"role/{HOSTILE}",),
        warnings=(f"# {HOSTILE}",),
        blocked=(Blocked(f"stage/Sales/{HOSTILE}", HOSTILE, HOSTILE),),
        token_cost=20,
        read_token_cost=47,
    )


def huge_plan(n: int = 3000) -> Plan:
    """Mass change: n role creates with members and n stage deletes."""
    creates = tuple(
        change(
            Action.CREATE,
            "role",
            (f"Role {i:04d}",),
            after={"name": f"Role {i:04d}", "parent": None},
        )
        for i in range(n)
    )
    deletes = tuple(
        change(Action.DELETE, "stage", ("Sales", f"Stage {i:04d}"), id=1000 + i) for i in range(n)
    )
    return Plan(
        changes=creates + deletes,
        unmanaged=tuple(f"role/Old {i}" for i in range(n)),
        token_cost=n * 16,
        read_token_cost=47,
    )


PLANS: dict[str, Callable[[], Plan]] = {
    "empty": empty_plan,
    "quiet": quiet_plan,
    "full": full_plan,
    "partial": partial_plan,
    "hostile": hostile_plan,
}
