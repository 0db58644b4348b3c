"""Product followers: desired state, planning, reading and writing (API v1).

Desired: `product_followers (product id,)` with `followers`: the declared labels, only when
`followers` is set. A declared list is authoritative: declared users who do not follow are
added, followers who are not declared are removed by their follower *relationship* id (what
v1's DELETE takes; v2 takes the user id). Each label (email, any case, or user id) must be a
user of the company; a product that does not exist is a PlanError. A declared follower who is
not among the product's permitted users is a warning: Pipedrive may refuse them, or they may
not see the product.

Reading, per declared product: `GET /products/{id}/followers` and `GET
/products/{id}/permittedUsers`; a product that does not exist (404) is simply not read.
Reading every product (`export`) lists them first (v2 `GET /products`) and reads each one's
followers, but not its permitted users, which only feed the planner's warning.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from reconciler.calls import Call, Ids, Step
from reconciler.errors import NotFoundError, PlanError
from reconciler.kinds.context import PlanContext, ReadContext, user_label
from reconciler.kinds.decode import as_int
from reconciler.kinds.outcome import KindOutcome
from reconciler.kinds.products.model import Product
from reconciler.kinds.spec import DesiredPart, Loaded, StagesApi
from reconciler.planning.changes import Change, FieldChange, Payload, Update
from reconciler.state import PRODUCT_FOLLOWERS, Resource, User, address, entry_key


@dataclass(frozen=True)
class Following(Payload):
    add_user_ids: tuple[int, ...] = ()
    remove_follower_ids: tuple[int, ...] = ()  # follower relationship ids


def desired_followers(loaded: Loaded) -> DesiredPart:
    part = DesiredPart()
    products: list[Product] = loaded.config.products
    for index, product in enumerate(products):
        if product.followers is None:
            continue
        key = (str(product.id),)
        labels = tuple(f.lower() if isinstance(f, str) else f for f in product.followers)
        for n, label in enumerate(labels):
            where = entry_key(address(PRODUCT_FOLLOWERS, key), "followers", label)
            part.entry_origins.setdefault(where, loaded.origin("products", index, "followers", n))
        origin = loaded.origin("products", index, "followers")
        part.resources.append(
            Resource(PRODUCT_FOLLOWERS, key, {"followers": labels}, origin=origin)
        )
    return part


def plan_followers(ctx: PlanContext) -> KindOutcome:
    out = KindOutcome()
    errors: list[str] = []
    for want in ctx.desired.of_kind(PRODUCT_FOLLOWERS):
        have = ctx.live.with_key(PRODUCT_FOLLOWERS, want.key)
        if have is None:
            errors.append(f"{want.origin}: product {want.name} does not exist in this company")
            continue
        users: dict[int, User] = {}
        for label in want.fields.get("followers", ()):
            user = ctx.users.find(label)
            if user is None:
                where = ctx.desired.origin_of(want, "followers", label)
                errors.append(
                    f"{where}: follower '{label}' of product {want.name} is not a user "
                    "of this company"
                )
            else:
                users[user.id] = user
        change = _change(ctx, want, have, users, out)
        if change is not None:
            out.changes.append(change)
    if errors:
        raise PlanError(errors)
    return out


def _change(
    ctx: PlanContext, want: Resource, have: Resource, users: dict[int, User], out: KindOutcome
) -> Change | None:
    relations = {int(k): v for k, v in (have.fields.get("relations") or {}).items()}
    permitted = have.fields.get("permitted")
    if permitted is not None:
        out.warnings.extend(
            f"{want.address}: {user_label(u)} is not among the product's permitted users; "
            "Pipedrive may refuse them as a follower"
            for u in users.values()
            if u.id not in permitted
        )
    add = sorted(uid for uid in users if uid not in relations)
    remove = sorted(uid for uid in relations if uid not in users)
    if not add and not remove:
        return None
    known = ctx.users.by_id
    before = tuple(sorted(user_label(known[i]) if i in known else f"user {i}" for i in relations))
    after = tuple(sorted(user_label(u) for u in users.values()))
    return Update(
        kind=PRODUCT_FOLLOWERS,
        key=want.key,
        id=int(want.name),
        before={"followers": before},
        after={"followers": after},
        fields=(FieldChange("followers", before, after),),
        payload=Following(tuple(add), tuple(relations[uid] for uid in remove)),
    )


async def read_followers(ctx: ReadContext) -> None:
    wanted = ctx.scope.of(PRODUCT_FOLLOWERS)
    emails = {u.id: u.email for u in ctx.users}

    async def one(product_id: int) -> None:
        client = ctx.client
        permitted = None
        try:
            followers = await client.list_all("v1", f"/products/{product_id}/followers")
            if not wanted.every:
                permitted = await client.get("v1", f"/products/{product_id}/permittedUsers")
        except NotFoundError:
            return
        relations = {int(f["user_id"]): int(f["id"]) for f in followers}
        fields = {
            "followers": tuple(sorted(emails.get(uid) or f"user {uid}" for uid in relations)),
            "relations": {str(uid): rel for uid, rel in relations.items()},
            "permitted": None
            if wanted.every
            else tuple(sorted(as_int(u) or 0 for u in permitted or ())),
        }
        key = (str(product_id),)
        ctx.resources.append(Resource(PRODUCT_FOLLOWERS, key, fields, id=product_id))

    ids = {int(name) for name in wanted.names}
    if wanted.every:
        ids |= {int(p["id"]) for p in await ctx.client.list_all("v2", "/products")}
    await asyncio.gather(*(one(i) for i in sorted(ids)))


def write_followers(change: Change, ids: Ids, api: StagesApi) -> Sequence[Step]:
    follow = change.payload if isinstance(change.payload, Following) else Following()
    path = f"/products/{int(change.key[-1])}/followers"
    calls = [Call("POST", "v1", path, {"user_id": u}) for u in follow.add_user_ids]
    calls += [Call("DELETE", "v1", f"{path}/{f}") for f in follow.remove_follower_ids]
    return calls
