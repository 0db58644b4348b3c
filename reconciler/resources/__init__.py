"""One adapter per resource kind, registered in dependency order."""

from __future__ import annotations

from reconciler.resources.base import Adapter, ApplyContext, ReadContext
from reconciler.resources.pipelines import PipelineAdapter
from reconciler.resources.product_followers import ProductFollowersAdapter
from reconciler.resources.projects import ProjectAdapter
from reconciler.resources.role_members import RoleMembersAdapter
from reconciler.resources.role_pipelines import RolePipelinesAdapter
from reconciler.resources.role_settings import RoleSettingsAdapter
from reconciler.resources.roles import RoleAdapter
from reconciler.resources.stages import StageAdapter
from reconciler.resources.subscriptions import SubscriptionAdapter

ADAPTERS: tuple[Adapter, ...] = (
    PipelineAdapter(),
    StageAdapter(),
    RoleAdapter(),
    RoleSettingsAdapter(),
    RolePipelinesAdapter(),
    RoleMembersAdapter(),
    ProjectAdapter(),
    ProductFollowersAdapter(),
    SubscriptionAdapter(),
)
BY_KIND: dict[str, Adapter] = {adapter.kind: adapter for adapter in ADAPTERS}

__all__ = ["ADAPTERS", "BY_KIND", "Adapter", "ApplyContext", "ReadContext"]
