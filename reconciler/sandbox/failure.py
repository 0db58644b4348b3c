"""The one exception sandbox handlers raise; the app turns it into Pipedrive's error envelope."""

from __future__ import annotations


class ApiFailure(Exception):
    """An error answer: `status` and Pipedrive-style `message` (never contains the token)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(f"{status} {message}")


def not_found(kind: str) -> ApiFailure:
    return ApiFailure(404, f"{kind} not found")


def bad_request(message: str) -> ApiFailure:
    return ApiFailure(400, message)
