"""Run the command line through Stoplight Prism, an independent validating proxy.

Prism (npm `@stoplight/prism-cli`) reads Pipedrive's documents itself and checks every request
the tool sends and every answer the sandbox gives against them; it shares no code with the
project, so it cannot agree with our mistakes. One Prism proxy per document (the copies
vendored in `reconciler/pipedrive_api/`) sit behind a small router that sends
each request to the proxy of the document that has its operation (v1 stage and pipeline writes
are only in the 2026-01-14 document, subscriptions only in 2024-02-12); the sandbox is their
upstream. The journeys below run the
real CLI through that router, one request at a time so Prism's log stays in order.

Every violation Prism logs is listed. One whose property is named by the table of known
differences between the documents and the real API (`pipedrive_api/contradictions.py`) is
"documented"; any other fails the run (exit 1).

Needs Node.js and npm; Prism is installed once into `--prism-dir`. Run with `make prism`.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from npm_package import npm_package
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from reconciler.pipedrive_api import (
    DOCUMENTS,
    Version,
    contradictions,
    document_names,
    find_operation,
)
from reconciler.sandbox import SandboxOptions
from reconciler.sandbox.server import serve_app_in_thread, serve_in_thread

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT_DIR = ROOT / "reconciler" / "pipedrive_api"
EXAMPLES = ROOT / "examples"
TOKEN = "prism-token"
PRISM = "@stoplight/prism-cli@5"
HOP_BY_HOP = {"host", "content-length", "content-encoding", "transfer-encoding", "connection"}

# (seed, commands): each journey starts a fresh sandbox from its seed; {out} is a temp dir.
JOURNEYS: list[tuple[Path, list[list[str]]]] = [
    (
        ROOT / "reconciler" / "sandbox" / "demo-seed.yaml",
        [
            ["doctor"],
            ["export", "--out", "{out}/demo"],
            ["plan", "{out}/demo"],
            ["apply", str(EXAMPLES / "company"), "--auto-approve", "--allow-mass-delete"],
            ["drift", str(EXAMPLES / "company")],
        ],
    ),
    (
        EXAMPLES / "sandbox-seed.yaml",
        [["apply", str(EXAMPLES / "company"), "--stages-api", "v1", "--auto-approve"]],
    ),
    (
        EXAMPLES / "extended" / "sandbox-seed.yaml",
        [
            ["apply", str(EXAMPLES / "extended" / "pipedrive.yaml"), "--auto-approve"],
            ["export", "--out", "{out}/extended"],
            ["plan", "{out}/extended"],
        ],
    ),
    *(
        (
            EXAMPLES / example / "sandbox-seed.yaml",
            [
                [
                    "apply",
                    str(EXAMPLES / example / "pipedrive.yaml"),
                    "--auto-approve",
                    "--allow-data-loss",
                ],
                ["export", "--out", f"{{out}}/{example}"],
                ["plan", f"{{out}}/{example}"],
            ],
        )
        for example in ("admin-kinds", "custom-fields", "boards", "webhooks-labels-types")
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prism-dir", type=Path, default=Path.home() / ".cache" / "prism")
    args = parser.parse_args()
    prism = install_prism(args.prism_dir)
    found: Counter[tuple[str, str]] = Counter()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed, commands in JOURNEYS:
            with ExitStack() as stack:
                sandbox = stack.enter_context(serve_in_thread(sandbox_options(seed)))
                logs = {name: Path(tmp) / f"{name}.log" for name in document_names()}
                ports = {
                    name: stack.enter_context(proxy(prism, name, sandbox, log))
                    for name, log in logs.items()
                }
                router = stack.enter_context(serve_app_in_thread(routing(ports)))
                canary(router)
                for command in commands:
                    failures += run_cli([part.format(out=tmp) for part in command], router, tmp)
            for name, log in logs.items():
                found.update(violations(log.read_text(), "v2" if "-v2-" in name else "v1"))
    if not found.pop((CANARY, UNDOCUMENTED), 0):
        sys.exit("Prism did not flag the canary's invalid request: it is not validating")
    return report(found, failures)


# A request the documents forbid (v1 types rotten_flag boolean): Prism must flag it once per
# journey, which shows it validates at all; it is then left out of the report.
CANARY = "v1 POST /stages: request rotten_flag: Request body property rotten_flag must be boolean"


def canary(router: str) -> None:
    httpx.post(
        f"{router}/api/v1/stages",
        json={"name": "Canary", "pipeline_id": 1, "rotten_flag": 1},
        headers={"x-api-token": TOKEN},
        timeout=60,
    )


def install_prism(where: Path) -> Path:
    npm_package(PRISM, where)
    return where / "node_modules" / ".bin" / "prism"


def sandbox_options(seed: Path) -> SandboxOptions:
    return SandboxOptions(token=TOKEN, seed=seed, burst=10**6)


@contextmanager
def proxy(prism: Path, document: str, upstream: str, log: Path) -> Iterator[int]:
    version = "v2" if "-v2-" in document else "v1"
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                str(prism),
                "proxy",
                str(DOCUMENT_DIR / document),
                f"{upstream}/api/{version}",
                "-p",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while "Prism is listening" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"Prism ({document}) did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def routing(ports: dict[str, int]) -> Starlette:
    client = httpx.AsyncClient(timeout=120)

    def port_for(version: Version, method: str, path: str) -> int:
        try:
            return ports[find_operation(version, method, path).document]
        except LookupError:  # undocumented: the main document's proxy says so
            return ports[DOCUMENTS[version][-1]]

    async def route(request: Request) -> Response:
        version = request.path_params["version"]
        path = "/" + request.path_params["rest"]
        url = f"http://127.0.0.1:{port_for(version, request.method, path)}{path}"
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        answer = await client.request(
            request.method,
            url,
            params=request.query_params,
            headers=headers,
            content=await request.body(),
        )
        kept = {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}
        return Response(answer.content, answer.status_code, kept)

    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return Starlette(routes=[Route("/api/{version}/{rest:path}", route, methods=methods)])


def run_cli(command: list[str], base_url: str, cwd: str) -> int:
    env = {
        **os.environ,
        "PIPEDRIVE_BASE_URL": base_url,
        "PIPEDRIVE_API_TOKEN": TOKEN,
        "HOOK_PASSWORD": "prism-hook-password",  # the webhook examples' ${HOOK_PASSWORD}
    }
    result = subprocess.run(
        [sys.executable, "-m", "reconciler", *command, "--parallelism", "1"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,  # not the checkout: its *.yml files would be read as config
    )
    # plan/drift exit 2 when there are changes; only errors count here.
    ok = result.returncode in (0, 2)
    print(f"{'ok  ' if ok else 'FAIL'} exit {result.returncode}  {' '.join(command)}")
    if not ok:
        print(result.stdout[-2000:] + result.stderr[-2000:])
    return 0 if ok else 1


VIOLATION = re.compile(r"Violation: (request|response)[. ](\S+) (.*)$")
RECEIVED = re.compile(r"\[HTTP SERVER\] (\w+) (\S+) ")
RETURNED = re.compile(r"The upstream call to \S+ has returned (\d+)")

DOCUMENTED = "documented"  # in the table of known contradictions
ERROR_ANSWER = "error answer"  # a 4xx the document lists no schema for: nothing to check
UNDOCUMENTED = "UNDOCUMENTED"


def violations(log: str, version: Version) -> Iterator[tuple[str, str]]:
    """(operation: violation, category) for each violation in one Prism proxy's log."""
    operation, status = "?", 0
    for line in log.splitlines():
        if received := RECEIVED.search(line):
            method, path = received.groups()
            try:
                operation = find_operation(version, method, path.split("?")[0]).key
            except LookupError:
                operation = f"{version} {method.upper()} {path} (undocumented)"
        elif returned := RETURNED.search(line):
            status = int(returned.group(1))
        elif match := VIOLATION.search(line):
            where, spot, message = match.groups()
            spot = re.sub(r"\.\d+(?=\.|$)", "[]", spot.removeprefix("body."))
            message = re.sub(r"\.\d+\.", "[].", message)
            text = f"{operation}: {where} {spot}: {message}"
            yield text, category(operation, where, spot, message, status)


def category(operation: str, where: str, spot: str, message: str, status: int) -> str:
    if spot == "Unable" and message.startswith("to match the returned status code"):
        return ERROR_ANSWER if status >= 400 else UNDOCUMENTED
    if where == "request":
        if operation in contradictions.REQUEST_PATH_IDS and "required property 'id'" in message:
            return DOCUMENTED
        # The 2024-02-12 document (subscriptions) knows only `api_token` in the query string;
        # FACTS.md §2: the token must travel in the x-api-token header, as it does.
        if spot == "Invalid" and "security scheme" in message and "subscriptions" in operation:
            return DOCUMENTED
        return UNDOCUMENTED
    for exception in contradictions.DOCUMENTED_EXCEPTIONS:
        patch = exception.patch
        name = patch.name if isinstance(patch, contradictions.AddProperty) else ""
        if operation in exception.operations and spot == ".".join(
            p for p in (patch.path, name) if p
        ):
            return DOCUMENTED
    return UNDOCUMENTED


def report(found: Counter[tuple[str, str]], failures: int) -> int:
    for (violation, kind), count in sorted(
        found.items(), key=lambda item: (item[0][1], item[0][0])
    ):
        print(f"{count:>5}  {kind:<13} {violation}")
    undocumented = sum(1 for _, kind in found if kind == UNDOCUMENTED)
    print(
        f"{sum(found.values())} violations logged by Prism; {undocumented} kinds undocumented; "
        f"{failures} command(s) failed."
    )
    return 1 if undocumented or failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
