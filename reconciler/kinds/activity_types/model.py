"""`activity_types:` activity types through API v1 (`/activityTypes`); list order is order_nr.

Pipedrive's built-in types (call, meeting, task, deadline, email, lunch) may be declared to
manage their order, icon and color; they are never deleted.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from reconciler.config.types import Model, Name

IconKey = Literal[
    "task", "email", "meeting", "deadline", "call", "lunch", "calendar", "downarrow",
    "document", "smartphone", "camera", "scissors", "cogs", "bubble", "uparrow", "checkbox",
    "signpost", "shuffle", "addressbook", "linegraph", "picture", "car", "world", "search",
    "clip", "sound", "brush", "key", "padlock", "pricetag", "suitcase", "finish", "plane",
    "loop", "wifi", "truck", "cart", "bulb", "bell", "presentation",
]  # fmt: skip
HexColor = Annotated[
    str, Field(pattern=r"^[0-9A-Fa-f]{6}$", description="6-character hex, e.g. FFD700.")
]


class ActivityType(Model):
    """An activity type, matched to the live one by name (or `id`)."""

    name: Name
    id: int | None = Field(None, description="Pin to this live activity type id.")
    renamed_from: list[Name] = Field(
        default_factory=list, description="Former names: a live type by one is renamed."
    )
    icon: IconKey | None = Field(
        None, description="icon_key; needed to create a type. Absent: not managed."
    )
    color: HexColor | None = Field(None, description="Absent: not managed.")
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")
