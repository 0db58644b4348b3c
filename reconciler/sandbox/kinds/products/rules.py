"""Products, served read-only (v2 `GET /products`, so the tool can list them), with what
hangs off them: followers (each a relationship with its own id, FACTS.md §12 item 12) and
the permitted users. `permitted_user_ids` None means every user may access the product.

Decisions where Pipedrive documents nothing (FACTS.md §10, §13):
- following needs an active user; following twice is a 400; following a product the user
  is not permitted to see is allowed (the tool warns about it, Pipedrive does not refuse);
- a follower is removed by its relationship id (FACTS.md §12 item 12), only from its product.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from reconciler.sandbox.failure import bad_request, not_found
from reconciler.sandbox.kind import Rules, live
from reconciler.sandbox.kinds.users import Users


@dataclass
class Product:
    id: int
    name: str
    permitted_user_ids: list[int] | None = None
    deleted: bool = False
    owner_id: int | None = None  # set when seeded: the token's owner
    add_time: datetime | None = None

    @property
    def update_time(self) -> datetime | None:
        return self.add_time  # products are only seeded, never changed


@dataclass
class ProductFollower:
    id: int
    product_id: int
    user_id: int
    add_time: datetime | None = None
    deleted: bool = False


class Products(Rules):
    tables: ClassVar[Mapping[str, type]] = {
        "products": Product,
        "product_followers": ProductFollower,
    }
    products: dict[int, Product]
    product_followers: dict[int, ProductFollower]

    def add_product(self, product_id: int, name: str, permitted: list[int] | None) -> Product:
        product = Product(product_id, name, permitted, owner_id=self.store.part(Users).owner().id)
        product.add_time = self.store.now()
        self.products[product.id] = product
        self.store.next_ids_at_least("products", product_id + 1)
        return product

    def get_product(self, product_id: int) -> Product:
        return live(self.products, product_id, "Product")

    def permitted_users(self, product_id: int) -> list[int]:
        product = self.get_product(product_id)
        active = [u.id for u in self.store.part(Users).list_users() if u.active_flag]
        if product.permitted_user_ids is None:
            return active
        return [i for i in active if i in product.permitted_user_ids]

    def followers(self, product_id: int) -> list[ProductFollower]:
        self.get_product(product_id)
        found = self.product_followers.values()
        return sorted(
            (f for f in found if f.product_id == product_id and not f.deleted), key=lambda f: f.id
        )

    def follow(self, product_id: int, user_id: int) -> ProductFollower:
        self.get_product(product_id)
        if self.store.part(Users).active_user(user_id) is None:
            raise bad_request(f"Parameter 'user_id': user {user_id} not found")
        if any(f.user_id == user_id for f in self.followers(product_id)):
            raise bad_request(f"Parameter 'user_id': user {user_id} already follows the product")
        follower = ProductFollower(
            self.store.new_id("product_followers"), product_id, user_id, add_time=self.store.now()
        )
        self.product_followers[follower.id] = follower
        return follower

    def unfollow(self, product_id: int, follower_id: int) -> None:
        for follower in self.followers(product_id):
            if follower.id == follower_id:
                follower.deleted = True
                return
        raise not_found("Follower")
