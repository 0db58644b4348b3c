"""Planning product followers: products are not managed, only who follows them.

A declared `followers` list is authoritative: declared users who do not follow are added
(`extra["add_user_ids"]`), followers who are not declared are removed by their follower
*relationship* id (`extra["remove_follower_ids"]`, what v1's DELETE takes). Each label (email,
case-insensitive, or user id) must be a user of the company; a product that does not exist
is a PlanError. A declared follower who is not among the product's permitted users is a
warning: Pipedrive may refuse them, or they may not see the product.

The live resource (see `resources.product_followers`) has `followers` (labels), `relations`
{user id: follower relationship id} and `permitted` (user ids, or None when not read).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconciler.errors import PlanError
from reconciler.planning.changes import Action, Change, FieldChange
from reconciler.planning.order import with_order
from reconciler.state import PRODUCT_FOLLOWERS, DesiredState, LiveState, User


@dataclass
class FollowersOutcome:
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_followers(desired: DesiredState, live: LiveState) -> FollowersOutcome:
    out = FollowersOutcome()
    errors: list[str] = []
    by_email = {u.email.lower(): u for u in live.users if u.email}
    by_id = {u.id: u for u in live.users}
    have_of = {r.key: r for r in live.of_kind(PRODUCT_FOLLOWERS)}
    for want in desired.of_kind(PRODUCT_FOLLOWERS):
        have = have_of.get(want.key)
        if have is None:
            errors.append(f"{want.origin}: product {want.name} does not exist in this company")
            continue
        users: dict[int, User] = {}
        for label in want.fields.get("followers", ()):
            user = by_id.get(label) if isinstance(label, int) else by_email.get(str(label))
            where = desired.origin_of(want, "followers", label)
            if user is None:
                errors.append(
                    f"{where}: follower '{label}' of product {want.name} is not a user "
                    "of this company"
                )
            else:
                users[user.id] = user
        relations: dict[int, int] = {
            int(k): v for k, v in (have.fields.get("relations") or {}).items()
        }
        permitted = have.fields.get("permitted")
        if permitted is not None:
            for user in users.values():
                if user.id not in permitted:
                    out.warnings.append(
                        f"{want.address}: {_label(user)} is not among the product's permitted "
                        "users; Pipedrive may refuse them as a follower"
                    )
        add = sorted(uid for uid in users if uid not in relations)
        remove = sorted(uid for uid in relations if uid not in users)
        if not add and not remove:
            continue
        before = {"followers": _labels(live, relations)}
        after = {"followers": tuple(sorted(_label(u) for u in users.values()))}
        extra = {
            "add_user_ids": tuple(add),
            "remove_follower_ids": tuple(relations[uid] for uid in remove),
        }
        fields = (FieldChange("followers", before["followers"], after["followers"]),)
        change = Change(
            Action.UPDATE,
            PRODUCT_FOLLOWERS,
            want.key,
            int(want.name),
            before,
            after,
            fields,
            extra=extra,
        )
        out.changes.append(with_order(change))
    if errors:
        raise PlanError(errors)
    return out


def _labels(live: LiveState, relations: dict[int, int]) -> tuple[str, ...]:
    by_id = {u.id: u for u in live.users}
    return tuple(sorted(_label(by_id[i]) if i in by_id else f"user {i}" for i in relations))


def _label(user: User) -> str:
    return user.email.lower() if user.email else f"user {user.id}"
