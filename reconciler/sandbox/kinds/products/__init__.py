"""Products (read-only) with their followers and permitted users, and the seed's `products`
section: the config's `{id, followers}` plus the product's name and permitted users."""

from __future__ import annotations

from reconciler.sandbox.failure import ApiFailure
from reconciler.sandbox.kind import Kind, SeedBuild
from reconciler.sandbox.kinds.products import routes
from reconciler.sandbox.kinds.products.rules import Product, ProductFollower, Products
from reconciler.sandbox.kinds.users import Users

__all__ = ["KIND", "Product", "ProductFollower", "Products"]


def seed_products(build: SeedBuild) -> None:
    products, users = build.store.part(Products), build.store.part(Users)
    for index, spec in enumerate(build.config.products):
        if spec.id in products.products:
            build.problem(("products", index, "id"), f"duplicate product id {spec.id}")
            continue
        permitted = None
        if spec.permitted_users is not None:
            permitted = []
            for u_index, ref in enumerate(spec.permitted_users):
                user_id = users.by_email(ref)
                if user_id is None:
                    loc = ("products", index, "permitted_users", u_index)
                    build.problem(loc, f"user {ref!r} is not among the seed's users")
                else:
                    permitted.append(user_id)
        products.add_product(spec.id, spec.name or f"Product {spec.id}", permitted)
    for index, spec in enumerate(build.config.products):
        for f_index, ref in enumerate(spec.followers or []):
            loc = ("products", index, "followers", f_index)
            user_id = users.by_email(ref)
            if user_id is None:
                build.problem(loc, f"user {ref!r} is not among the seed's users")
                continue
            try:
                products.follow(spec.id, user_id)
            except ApiFailure as exc:
                build.problem(loc, exc.message)


KIND = Kind(
    name="products",
    rules=Products,
    v1_routes=routes.V1_ROUTES,
    v2_routes=routes.V2_ROUTES,
    seed=seed_products,
)
