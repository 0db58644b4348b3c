"""The error tree. Library code raises these; only the CLI prints them and exits.

    ReconcilerError                 exit 1   anything the tool reports instead of a traceback
    ├── ConfigError                 exit 1   bad YAML or config; carries every issue found
    ├── PlanError                   exit 1   the config cannot be planned against this company
    ├── ApiError                    exit 1   Pipedrive answered with an error (its own message)
    │   ├── AuthError                        401: missing or wrong token
    │   ├── NotFoundError                    404 / 410
    │   ├── RateLimitError                   429 after the bounded retry budget
    │   │   └── DailyBudgetExhausted         the company's daily token budget is spent
    │   ├── ServerError                      5xx after retries
    │   └── NotPipedriveError                the server answered, but not as Pipedrive does
    ├── UnexpectedAnswer            exit 1   an answer no plausible reading makes sense of
    ├── TransportError              exit 1   no answer at all (timeout, dropped connection)
    │   └── UnreachableError                 refused, unknown host, unreachable: not retried
    ├── GuardRefused                exit 3   a safety guard refused the plan; nothing written
    ├── StalePlan                   exit 4   a saved plan does not match a fresh plan
    │   └── DamagedPlan                        the plan file is unreadable, edited or damaged
    ├── ApplyFailed                 exit 5   apply stopped part way; carries the report
    └── UsageError                  exit 64  wrong command-line use

Messages never contain the API token: the client builds them from method, path and
Pipedrive's error text only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_CHANGES = 2
EXIT_GUARD = 3
EXIT_STALE = 4
EXIT_PARTIAL = 5
EXIT_INTERRUPTED = 130
EXIT_USAGE = 64


class ReconcilerError(Exception):
    exit_code = EXIT_ERROR


@dataclass(frozen=True)
class ConfigIssue:
    """One problem in the config, pointing at its source."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ConfigError(ReconcilerError):
    def __init__(self, issues: list[ConfigIssue] | ConfigIssue | str) -> None:
        if isinstance(issues, str):
            issues = [ConfigIssue("<config>", 1, 1, issues)]
        elif isinstance(issues, ConfigIssue):
            issues = [issues]
        self.issues = sorted(issues, key=lambda i: (i.file, i.line, i.column, i.message))
        super().__init__("\n".join(str(i) for i in self.issues))


class PlanError(ReconcilerError):
    """The config is valid but cannot be matched against the live company."""

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class ApiError(ReconcilerError):
    """Pipedrive answered with an error status; `message` is Pipedrive's own text."""

    def __init__(
        self,
        method: str,
        path: str,
        status: int,
        message: str,
        *,
        error_info: str | None = None,
        code: str | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.status = status
        self.message = message
        self.error_info = error_info
        self.code = code
        super().__init__(f"{method} {path}: {status} {message}")


class AuthError(ApiError):
    pass


class NotFoundError(ApiError):
    pass


class RateLimitError(ApiError):
    pass


class DailyBudgetExhausted(RateLimitError):
    pass


class ServerError(ApiError):
    pass


class UnexpectedAnswer(ReconcilerError):
    """Pipedrive answered a value that no plausible encoding explains (a flag of "maybe")."""


class TransportError(ReconcilerError):
    """The request got no answer; for a write, the server may or may not have acted."""

    def __init__(self, method: str, path: str, reason: str) -> None:
        self.method = method
        self.path = path
        self.reason = reason
        super().__init__(f"{method} {path}: no response ({reason})")


class NotPipedriveError(ApiError):
    """A body that is not JSON from a server that has not answered as Pipedrive yet: the
    base URL most likely names some other web server."""

    def __init__(self, method: str, path: str, status: int, host: str, body: str) -> None:
        super().__init__(method, path, status, f"{body}, not Pipedrive's JSON")
        self.host = host
        self.args = (
            f"{host} is not answering as Pipedrive: {method} {path} got HTTP {status} with {body}",
        )


class UnreachableError(TransportError):
    """The host could not be reached at all, in a way another attempt would not change."""

    def __init__(self, method: str, path: str, host: str, reason: str) -> None:
        super().__init__(method, path, reason)
        self.host = host
        self.args = (f"cannot reach {host}: {reason} ({method} {path})",)


class GuardRefused(ReconcilerError):
    exit_code = EXIT_GUARD


class StalePlan(ReconcilerError):
    exit_code = EXIT_STALE


class DamagedPlan(StalePlan):
    """The plan file itself is wrong (not a plan, or its content digest does not match), as
    opposed to a sound plan that Pipedrive or the config has moved away from."""


class ApplyFailed(ReconcilerError):
    exit_code = EXIT_PARTIAL

    def __init__(self, message: str, report: Any) -> None:
        self.report = report
        super().__init__(message)


class UsageError(ReconcilerError):
    exit_code = EXIT_USAGE
