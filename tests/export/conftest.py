"""The CLI end-to-end harness (a sandbox on loopback, `cli(...)`) from tests/e2e."""

from tests.e2e.conftest import cli, sandbox, server  # noqa: F401
