"""Product followers (`products:`): products are not managed, only who follows them.

product_followers (product id,)   followers: sorted labels (emails)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reconciler.calls import Call
from reconciler.config.checks import Where, member_problem, one_entry_per
from reconciler.config.labels import member_labels, sort_labels
from reconciler.errors import ConfigIssue
from reconciler.kinds.comparing import by_export
from reconciler.kinds.exporting import Item, Notes
from reconciler.kinds.products.followers import (
    desired_followers,
    plan_followers,
    read_followers,
    write_followers,
)
from reconciler.kinds.products.model import Product
from reconciler.kinds.spec import Export, KindSpec, SectionSpec
from reconciler.state import PRODUCT_FOLLOWERS, ROLE_MEMBERS, LiveState


def export_products(live: LiveState, notes: Notes) -> list[Item]:
    """Products in id order, each with its followers (emails sorted, then ids). Unfollowed
    products too, so `export --update` keeps a declared `followers: []`; they are not worth
    writing new: such an entry would manage the product (and remove anyone who starts
    following it), and companies have many products and few followed ones."""
    labels = member_labels(live.users)
    items = []
    for product in sorted(live.of_kind(PRODUCT_FOLLOWERS), key=lambda r: r.id or 0):
        relations = product.fields.get("relations") or {}
        followers = sort_labels(labels.get(int(uid), int(uid)) for uid in relations)
        items.append({"id": product.id, "_id": product.id, "followers": followers})
    return items


def followed(item: Item, live: LiveState | None = None) -> bool:
    return "followers" not in item or bool(item["followers"])


def check_products(config: Any, where: Where) -> list[ConfigIssue]:
    products: list[Product] = config.products
    issues = [*one_entry_per("products", "id", products, where)]
    for i, product in enumerate(products):
        labels: set[str | int] = set()
        for k, follower in enumerate(product.followers or []):
            problem = member_problem(follower)
            label = follower.lower() if isinstance(follower, str) else follower
            here = where(("products", i, "followers", k))
            if problem:
                issues.append(here.issue(problem.replace("member", "follower", 1)))
            elif label in labels:
                issues.append(here.issue(f"follower {follower!r} is listed twice"))
            labels.add(label)
    return issues


def count_products(config: Any) -> Mapping[str, int]:
    return {"products": len(config.products)}


KINDS = (
    KindSpec(
        name=PRODUCT_FOLLOWERS,
        create_call=lambda api: Call("POST", "v1", "/products/{id}/followers"),
        section="products",
        noun="product's followers",
        plural="product followers",
        depends_on=(ROLE_MEMBERS,),  # the people, to name followers by email
        set_fields=frozenset({"followers"}),
        planner=plan_followers,
        reader=read_followers,
        writer=write_followers,
    ),
)

SECTION = SectionSpec(
    name="products",
    noun="product follower",
    item=Product,
    description="Who follows each product, by product id; the products themselves are not managed.",
    kinds=(PRODUCT_FOLLOWERS,),
    merge_key="id",
    desired=desired_followers,
    export=Export(
        words=(PRODUCT_FOLLOWERS, "product", "followers"),
        reads=(PRODUCT_FOLLOWERS,),
        build=export_products,
        worth=followed,
    ),
    compare=by_export(
        PRODUCT_FOLLOWERS, export_products, "id", empty=lambda item: not item.get("followers")
    ),
    checks=check_products,
    count=count_products,
)
