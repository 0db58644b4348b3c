"""Projects with their plan, groups, tasks and activities, and the read-only templates (v1)."""

from __future__ import annotations

from reconciler.sandbox.kind import Kind
from reconciler.sandbox.kinds.projects import routes
from reconciler.sandbox.kinds.projects.rules import Projects
from reconciler.sandbox.kinds.projects.seed import seed_projects

__all__ = ["KIND", "Projects"]

KIND = Kind(name="projects", rules=Projects, v1_routes=routes.ROUTES, seed=seed_projects)
