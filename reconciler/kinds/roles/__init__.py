"""Roles and what they hold (`roles:`), through API v1.

role (name,)              name, parent
role_settings (role,)     <*_default_visibility>: 1|3|5|7
role_pipelines (role,)    visible: sorted pipeline names (desired: or hidden, resolved by plan)
role_members (role,)      members: sorted labels (emails)
"""

from __future__ import annotations

from typing import Any

from reconciler.calls import Call
from reconciler.config.types import DEFAULT_ROLE_NAME
from reconciler.kinds.roles.checks import check_roles, count_roles
from reconciler.kinds.roles.compare import member_differences
from reconciler.kinds.roles.desired import desired_roles
from reconciler.kinds.roles.export import export_roles, role_worth_exporting
from reconciler.kinds.roles.model import Role
from reconciler.kinds.roles.plan_details import plan_settings, plan_visibility
from reconciler.kinds.roles.plan_members import plan_members
from reconciler.kinds.roles.plan_roles import plan_roles
from reconciler.kinds.roles.read import read_people, read_roles, read_settings, read_visibility
from reconciler.kinds.roles.write import (
    role_ids,
    write_members,
    write_role,
    write_settings,
    write_visibility,
)
from reconciler.kinds.spec import Export, KindSpec, SectionSpec
from reconciler.planning.normalize import name_set, to_int, to_name
from reconciler.state import PIPELINE, ROLE, ROLE_MEMBERS, ROLE_PIPELINES, ROLE_SETTINGS


def _parent(value: Any) -> str | None:
    # A role under the default role is a top-level role, as the reader reads it.
    name = to_name(value)
    return None if name in (None, "", DEFAULT_ROLE_NAME) else name


KINDS = (
    KindSpec(
        name=ROLE,
        create_call=lambda api: Call("POST", "v1", "/roles"),
        section="roles",
        noun="role",
        plural="roles",
        prune="roles",
        protectable=True,
        normalisers={"name": to_name, "parent": _parent},
        planner=plan_roles,
        reader=read_roles,
        writer=write_role,
        lookup=role_ids,
        lookup_read=lambda api: Call("GET", "v1", "/roles"),
    ),
    KindSpec(
        name=ROLE_SETTINGS,
        create_call=lambda api: Call("POST", "v1", "/roles/{id}/settings"),
        section="roles",
        noun="role's settings",
        plural="role settings",
        owner=ROLE,
        depends_on=(ROLE,),
        normalise_other=to_int,
        planner=plan_settings,
        reader=read_settings,
        writer=write_settings,
    ),
    KindSpec(
        name=ROLE_PIPELINES,
        create_call=lambda api: Call("PUT", "v1", "/roles/{id}/pipelines"),
        section="roles",
        noun="role's pipelines",
        plural="role pipelines",
        owner=ROLE,
        depends_on=(ROLE, PIPELINE),
        normalisers={"visible": name_set, "hidden": name_set},
        set_fields=frozenset({"visible"}),
        planner=plan_visibility,
        reader=read_visibility,
        writer=write_visibility,
    ),
    KindSpec(
        name=ROLE_MEMBERS,
        create_call=lambda api: Call("POST", "v1", "/roles/{id}/assignments"),
        section="roles",
        noun="role's members",
        plural="role members",
        owner=ROLE,
        read_with_owner=True,
        set_fields=frozenset({"members"}),
        recents_item="user",
        planner=plan_members,
        reader=read_people,
        writer=write_members,
    ),
)

SECTION = SectionSpec(
    name="roles",
    noun="role",
    item=Role,
    description="Permission roles (visibility groups) with their settings, the pipelines "
    "they see and their members, matched by name.",
    kinds=(ROLE, ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS),
    merge_key="name",
    alternatives={("pipelines",): frozenset({"visible", "hidden"})},
    desired=desired_roles,
    export=Export(
        words=(ROLE, ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS),
        reads=(ROLE, ROLE_SETTINGS, ROLE_PIPELINES, ROLE_MEMBERS, PIPELINE),
        build=export_roles,
        worth=role_worth_exporting,
    ),
    compared={ROLE: ("name", "parent"), ROLE_SETTINGS: None, ROLE_PIPELINES: ("visible",)},
    compare=member_differences,
    checks=check_roles,
    count=count_roles,
)
