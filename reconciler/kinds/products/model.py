"""The `products:` section: products are not managed, only who follows them."""

from __future__ import annotations

from pydantic import Field

from reconciler.config.types import Model, PositiveId, UserRef


class Product(Model):
    """A product's followers; the product itself is not managed."""

    id: PositiveId
    followers: list[UserRef] | None = Field(
        None, description="Emails or user ids. Authoritative when present."
    )
