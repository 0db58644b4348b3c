"""The `subscriptions:` section: a deal's subscription (Pipedrive's v1 Subscriptions API)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from reconciler.config.types import Date, Model, PositiveId


class Payment(Model):
    amount: float
    description: str | None = None
    due_at: Date


class Recurring(Model):
    """A recurring subscription (Pipedrive Subscriptions API, v1)."""

    currency: Annotated[str, Field(min_length=3, max_length=3)]
    cadence: Literal["weekly", "monthly", "quarterly", "yearly"]
    cycle_amount: int
    cycles_count: int | None = Field(None, ge=1, description="Either this or `infinite: true`.")
    infinite: bool | None = None
    start_date: Date
    description: str | None = None
    payments: list[Payment] | None = Field(None, description="Additional payments.")
    update_deal_value: bool | None = Field(
        None, description="Set the deal value to the subscription's MRR on write."
    )
    effective_date: Date | None = Field(
        None, description="From when an update applies; default: the day of the plan."
    )


class Installment(Model):
    """An installment subscription (Pipedrive Subscriptions API, v1)."""

    currency: Annotated[str, Field(min_length=3, max_length=3)]
    payments: list[Payment] = Field(min_length=1)
    update_deal_value: bool | None = None


class Cancelled(Model):
    end_date: Date | None = Field(None, description="Payments after this date are deleted.")


class Subscription(Model):
    """A deal's subscription, keyed by deal id: `recurring` or `installment`."""

    deal: PositiveId
    recurring: Recurring | None = None
    installment: Installment | None = None
    cancelled: Cancelled | None = Field(
        None, description="Cancel the recurring subscription (one way)."
    )


# The managed fields of a subscription in state, in config order, besides its type.
SUBSCRIPTION_FIELDS: tuple[str, ...] = (
    "currency",
    "cadence",
    "cycle_amount",
    "cycles_count",
    "infinite",
    "start_date",
    "description",
    "payments",
)
