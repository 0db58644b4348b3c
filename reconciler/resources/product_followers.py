"""Product followers (v1). Products themselves are not managed.

Reading, per declared product: `GET /products/{id}/followers` (offset pages) and `GET
/products/{id}/permittedUsers`. A product that does not exist (404) is simply not read, and
the planner says so. Reading the whole company (`export`, which asks with the kind in
`prune`; a config cannot prune this kind) lists every product first (v2 `GET /products`,
cursor pages, 10 tokens a page) and reads each one's followers, but not its permitted users,
which only feed the planner's warning.

Writing: `POST /products/{id}/followers {user_id}` per follower added, `DELETE
/products/{id}/followers/{follower_id}` per follower removed, where follower_id is the
follower *relationship* id that v1 lists (not the user id, as in v2).
"""

from __future__ import annotations

import asyncio

from reconciler.errors import NotFoundError
from reconciler.planning.changes import Change
from reconciler.resources.base import ApplyContext, ReadContext, as_int
from reconciler.state import PRODUCT_FOLLOWERS, ROLE_MEMBERS, DesiredState, Resource


class ProductFollowersAdapter:
    kind = PRODUCT_FOLLOWERS
    depends_on: tuple[str, ...] = (ROLE_MEMBERS,)  # the users, to name followers by email

    def wanted(self, desired: DesiredState) -> bool:
        return bool(desired.of_kind(PRODUCT_FOLLOWERS))

    async def read(self, ctx: ReadContext) -> None:
        emails = {u.id: u.email for u in ctx.users}

        everything = PRODUCT_FOLLOWERS in ctx.desired.prune

        async def one(product_id: int) -> None:
            client = ctx.client
            permitted = None
            try:
                followers = await client.list_all("v1", f"/products/{product_id}/followers")
                if not everything:
                    permitted = await client.get("v1", f"/products/{product_id}/permittedUsers")
            except NotFoundError:
                return
            relations = {int(f["user_id"]): int(f["id"]) for f in followers}
            labels = sorted(emails.get(uid) or f"user {uid}" for uid in relations)
            fields = {
                "followers": tuple(labels),
                "relations": {str(uid): rel for uid, rel in relations.items()},
                "permitted": None
                if everything
                else tuple(sorted(as_int(u) or 0 for u in permitted or ())),
            }
            key = (str(product_id),)
            ctx.resources.append(Resource(PRODUCT_FOLLOWERS, key, fields, id=product_id))

        ids = {int(r.name) for r in ctx.desired.of_kind(PRODUCT_FOLLOWERS)}
        if everything:
            ids |= {int(p["id"]) for p in await ctx.client.list_all("v2", "/products")}
        await asyncio.gather(*(one(i) for i in sorted(ids)))

    async def apply(self, change: Change, ctx: ApplyContext) -> int | None:
        product_id = int(change.key[-1])
        path = f"/products/{product_id}/followers"
        for user_id in change.extra.get("add_user_ids", ()):
            await ctx.client.post("v1", path, {"user_id": int(user_id)})
        for follower_id in change.extra.get("remove_follower_ids", ()):
            await ctx.client.delete("v1", f"{path}/{int(follower_id)}")
        return None

    async def find(self, change: Change, ctx: ApplyContext) -> int | None:
        return None
