"""`webhooks:` webhooks through API v1 (`/webhooks`), keyed by name.

Pipedrive cannot update a webhook, so any change replaces it. The HTTP auth password is
write-only: sent when the webhook is created, never read back, printed or compared.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator, Field, field_validator

from reconciler.config.types import Model, Name, UserRef

EventAction = Literal["create", "change", "delete", "*"]
EventObject = Literal[
    "activity", "deal", "lead", "note", "organization", "person", "pipeline", "product",
    "stage", "user", "*",
]  # fmt: skip


def _version_text(value: object) -> object:
    # YAML reads an unquoted 2.0 as a number; the API takes the string "2.0".
    return f"{value:.1f}" if isinstance(value, float) else value


WebhookVersion = Annotated[Literal["1.0", "2.0"], BeforeValidator(_version_text)]


def writable_event(event: str) -> bool:
    """Whether `event` is ACTION.OBJECT as the documents let a webhook be created with (a live
    one may listen to more, such as the documents' example `activityType`)."""
    action, _, target = event.partition(".")
    return action in get_args(EventAction) and target in get_args(EventObject)


class HttpAuth(Model):
    """HTTP basic auth of the subscription URL."""

    user: Name
    password: str = Field(
        min_length=1,
        description="Write-only: sent when the webhook is created, never printed or compared. "
        "Rotate it with `apply --replace webhook/NAME`.",
    )


class Webhook(Model):
    """A webhook, matched to the live one by name (or `id`)."""

    name: Annotated[str, Field(min_length=1, max_length=255)]
    id: int | None = Field(None, description="Pin to this live webhook id.")
    url: Annotated[str, Field(pattern=r"^https?://[^\s/]+\S*$")] = Field(
        description="subscription_url: a full, publicly reachable URL, not a Pipedrive API "
        "endpoint."
    )
    event: str = Field(
        description="event_action.event_object, e.g. create.deal, change.*, *.*; actions "
        "create|change|delete|*.",
        examples=["create.deal"],
    )
    user: UserRef | None = Field(
        None, description="Whose permissions it runs with (email or id); absent: the token's."
    )
    version: WebhookVersion | None = Field(None, description="Absent: Pipedrive's default.")
    http_auth: HttpAuth | None = None
    protect: bool = Field(False, description="Never deleted, even once removed from the config.")

    @field_validator("event")
    @classmethod
    def _documented_event(cls, value: str) -> str:
        if not writable_event(value):
            raise ValueError(
                "must be ACTION.OBJECT with ACTION one of create, change, delete, * and OBJECT "
                f"one of {', '.join(get_args(EventObject))}"
            )
        return value

    def event_parts(self) -> tuple[str, str]:
        action, _, target = self.event.partition(".")
        return action, target
