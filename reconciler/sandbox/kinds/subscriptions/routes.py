"""v1 subscriptions, as documented until Pipedrive removed them (FACTS.md §10, V1O).

With `SandboxOptions.subscriptions_api` "gone" every path here answers 410 Gone (the status
Pipedrive's status-code page gives for removed resources, FACTS.md §2); with "unknown" it
answers the 404 of a path that does not exist. Either way the request is still charged, as
Pipedrive charges every authenticated request.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from reconciler.sandbox.context import part_of, path_id, sandbox_of
from reconciler.sandbox.failure import ApiFailure, bad_request
from reconciler.sandbox.http import MISSING, Fields, date_field, ok, read_body
from reconciler.sandbox.kinds.subscriptions.rules import CADENCES, Subscriptions
from reconciler.sandbox.kinds.subscriptions.views import payments_v1, subscription_v1

GONE_MESSAGE = "The Subscriptions API has been removed; use Product Subscriptions instead"


def check_served(request: Request) -> None:
    mode = sandbox_of(request).options.subscriptions_api
    if mode == "gone":
        raise ApiFailure(410, GONE_MESSAGE)
    if mode == "unknown":
        raise ApiFailure(404, "Unknown path or method")


async def _fields(request: Request) -> Fields:
    check_served(request)
    return Fields(await read_body(request, "v1"), "v1")


def _payments(fields: Fields, *, required: bool) -> Any:
    value = fields.values.get("payments", MISSING)
    if value is MISSING:
        if required:
            raise bad_request("Parameter 'payments' is required")
        return value
    if not isinstance(value, list) or (required and not value):
        raise bad_request("Parameter 'payments' must be a non-empty array")
    payments = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise bad_request(f"Parameter 'payments[{index}]' must be an object")
        entry = Fields(item, "v1")
        amount = item.get("amount")
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise bad_request(f"Parameter 'payments[{index}].amount' must be a number")
        due_at = date_field(entry, "due_at")
        if due_at is MISSING or due_at is None:
            raise bad_request(f"Parameter 'payments[{index}].due_at' is required")
        description = entry.string("description", empty_ok=True)
        payments.append(
            {
                "amount": amount,
                "description": "" if description is MISSING else description,
                "due_at": due_at,
            }
        )
    return payments


def _currency(fields: Fields) -> str:
    currency = fields.string("currency", required=True)
    if len(currency) != 3 or not currency.isalpha():
        raise bad_request("Parameter 'currency' must be a 3-letter currency code")
    return str(currency).upper()


def _optional(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not MISSING}


async def add_recurring(request: Request) -> JSONResponse:
    fields = await _fields(request)
    deal_id = fields.integer("deal_id", required=True)
    cadence = fields.string("cadence_type", required=True)
    if cadence not in CADENCES:
        raise bad_request(f"Parameter 'cadence_type' must be one of {', '.join(CADENCES)}")
    start_date = date_field(fields, "start_date")
    if start_date is MISSING or start_date is None:
        raise bad_request("Parameter 'start_date' is required")
    cycles = fields.integer("cycles_count")
    if cycles is not MISSING and cycles < 1:
        raise bad_request("Parameter 'cycles_count' must be at least 1")
    values = {
        "currency": _currency(fields),
        "cadence_type": cadence,
        "cycle_amount": fields.integer("cycle_amount", required=True),
        "start_date": start_date,
        "description": fields.string("description", empty_ok=True),
        "cycles_count": cycles,
        "infinite": fields.boolean("infinite"),
        "payments": _payments(fields, required=False),
        "update_deal_value": fields.boolean("update_deal_value"),
    }
    found = part_of(request, Subscriptions).add_subscription(
        "recurring", deal_id, _optional(values)
    )
    return ok(subscription_v1(found))


async def add_installment(request: Request) -> JSONResponse:
    fields = await _fields(request)
    deal_id = fields.integer("deal_id", required=True)
    values = {
        "currency": _currency(fields),
        "payments": _payments(fields, required=True),
        "update_deal_value": fields.boolean("update_deal_value"),
    }
    found = part_of(request, Subscriptions).add_subscription(
        "installment", deal_id, _optional(values)
    )
    return ok(subscription_v1(found))


async def update_recurring(request: Request) -> JSONResponse:
    fields = await _fields(request)
    effective = date_field(fields, "effective_date")
    if effective is MISSING or effective is None:
        raise bad_request("Parameter 'effective_date' is required")
    changes = {
        "description": fields.string("description", empty_ok=True),
        "cycle_amount": fields.integer("cycle_amount"),
        "payments": _payments(fields, required=False),
        "update_deal_value": fields.boolean("update_deal_value"),
    }
    subscriptions = part_of(request, Subscriptions)
    found = subscriptions.update_subscription(path_id(request), "recurring", _optional(changes))
    return ok(subscription_v1(found))


async def update_installment(request: Request) -> JSONResponse:
    fields = await _fields(request)
    changes = {
        "payments": _payments(fields, required=True),
        "update_deal_value": fields.boolean("update_deal_value"),
    }
    subscriptions = part_of(request, Subscriptions)
    found = subscriptions.update_subscription(path_id(request), "installment", _optional(changes))
    return ok(subscription_v1(found))


async def cancel_recurring(request: Request) -> JSONResponse:
    fields = await _fields(request)
    end_date = date_field(fields, "end_date")
    subscriptions = part_of(request, Subscriptions)
    found = subscriptions.cancel_subscription(
        path_id(request), None if end_date is MISSING else end_date
    )
    return ok(subscription_v1(found))


async def get_subscription(request: Request) -> JSONResponse:
    check_served(request)
    return ok(subscription_v1(part_of(request, Subscriptions).get_subscription(path_id(request))))


async def delete_subscription(request: Request) -> JSONResponse:
    check_served(request)
    return ok(
        subscription_v1(part_of(request, Subscriptions).delete_subscription(path_id(request)))
    )


async def find_by_deal(request: Request) -> JSONResponse:
    check_served(request)
    subscriptions = part_of(request, Subscriptions)
    return ok(subscription_v1(subscriptions.deal_subscription(path_id(request, "dealId"))))


async def list_payments(request: Request) -> JSONResponse:
    check_served(request)
    return ok(payments_v1(part_of(request, Subscriptions).get_subscription(path_id(request))))


ROUTES = [
    Route("/subscriptions/recurring", add_recurring, methods=["POST"]),
    Route("/subscriptions/installment", add_installment, methods=["POST"]),
    Route("/subscriptions/recurring/{id:int}", update_recurring, methods=["PUT"]),
    Route("/subscriptions/installment/{id:int}", update_installment, methods=["PUT"]),
    Route("/subscriptions/recurring/{id:int}/cancel", cancel_recurring, methods=["PUT"]),
    Route("/subscriptions/find/{dealId:int}", find_by_deal, methods=["GET"]),
    Route("/subscriptions/{id:int}", get_subscription, methods=["GET"]),
    Route("/subscriptions/{id:int}", delete_subscription, methods=["DELETE"]),
    Route("/subscriptions/{id:int}/payments", list_payments, methods=["GET"]),
]
