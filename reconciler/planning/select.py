"""`--target` / `--exclude`: narrowing a plan to some kinds or objects.

An item is a kind (`role`) or an address (`role/Sales`, `stage/Sales/Won`). An address also
covers what lives inside that object (the kinds it owns, `KindSpec.owner`): `pipeline/Sales`
covers `stage/Sales/*`, and `role/Sales` covers `role_settings/Sales`,
`role_pipelines/Sales` and `role_members/Sales`.
`project/<title>`, `product_followers/<product id>` and `subscription/<deal id>` name one
object each (a project's plan is part of the project change).
A change is kept when it is covered by some target (or there are no targets) and by no
exclude. An item that names no known kind, and no object of the config, the live company or
the plan, is a PlanError ("target 'x' matches nothing"); naming an existing object that has
no changes is fine (the plan is then empty), as in Terraform. Dependencies are not added
automatically: targeting a role's members without the role being created is the user's call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reconciler import kinds
from reconciler.errors import PlanError


def covers(item: str, address: str) -> bool:
    """Whether target/exclude `item` covers the object at `address`."""
    if "/" not in item:
        return kinds.parse_address(address)[0] == item
    if address == item:
        return True
    kind, key = kinds.parse_address(item)
    other_kind, other_key = kinds.parse_address(address)
    owner = kinds.kind(other_kind).owner if kinds.known(other_kind) else None
    return owner == kind and other_key[: len(key)] == key


def check_items(items: Iterable[str], known_addresses: Sequence[str], what: str) -> None:
    errors = []
    for item in items:
        if "/" not in item:
            if not kinds.known(item):
                names = ", ".join(kinds.NAMES)
                errors.append(f"{what} '{item}' matches nothing (not a kind: {names})")
        elif not any(covers(item, a) for a in known_addresses):
            errors.append(f"{what} '{item}' matches nothing")
    if errors:
        raise PlanError(errors)


def selected(address: str, targets: Sequence[str], excludes: Sequence[str]) -> bool:
    if targets and not any(covers(t, address) for t in targets):
        return False
    return not any(covers(e, address) for e in excludes)
