"""Custom fields of deals, persons, organizations, products and projects through API v2,
with their options and settings, and the config's `fields` section as a seed."""

from __future__ import annotations

from reconciler.sandbox.kind import Kind
from reconciler.sandbox.kinds.fields import routes
from reconciler.sandbox.kinds.fields.rules import Field, Fields
from reconciler.sandbox.kinds.fields.seed import seed_fields

__all__ = ["KIND", "Field", "Fields"]

KIND = Kind(name="fields", rules=Fields, v2_routes=routes.ROUTES, seed=seed_fields)
