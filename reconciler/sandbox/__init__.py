"""A local Pipedrive: an ASGI app emulating the v1 and v2 endpoints the tool uses.

    app = create_app(SandboxOptions(seed="examples/sandbox-seed.yaml"))
    httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")

`reconciler.sandbox.server` serves it over loopback; `pipedrive-reconciler sandbox` runs it.
"""

from reconciler.sandbox.app import create_app
from reconciler.sandbox.options import SandboxOptions

__all__ = ["SandboxOptions", "create_app"]
