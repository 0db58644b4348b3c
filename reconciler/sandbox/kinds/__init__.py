"""Every kind the sandbox serves, each one module (or small package), registered once here.

The order is the order of dependencies: a kind may use the parts of the kinds listed before
it, and seeds are built in this order. The app serves each kind's routes, the store holds
each kind's part (and dumps and loads its tables), the seed loader builds each kind's
section, and the request counters key each kind's operations, all by iterating `KINDS`.
"""

from __future__ import annotations

from reconciler.sandbox.kind import Kind
from reconciler.sandbox.kinds import (
    activity_types,
    boards,
    deals,
    fields,
    lead_labels,
    pipelines,
    products,
    projects,
    recents,
    roles,
    subscriptions,
    users,
    webhooks,
)

KINDS: tuple[Kind, ...] = (
    users.KIND,
    pipelines.KIND,
    roles.KIND,
    deals.KIND,
    recents.KIND,
    boards.KIND,
    projects.KIND,
    products.KIND,
    subscriptions.KIND,
    fields.KIND,
    activity_types.KIND,
    lead_labels.KIND,
    webhooks.KIND,
)
