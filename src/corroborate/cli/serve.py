"""`corroborate serve`: the HTTP API and the web UI over one database, read-only."""

from __future__ import annotations

from typing import Annotated

import typer

from ..corpus import DEFAULT_DB
from ..model import DEFAULT_POLICY, POLICIES
from ..store import StoreError
from .common import DbOption, app, fail, out

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8001


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 (this machine only) unless you mean to share it, e.g. 0.0.0.0.")] = LOOPBACK,
    port: Annotated[int, typer.Option(min=0, max=65535, help=f"Port to listen on (0: any free port). Default {DEFAULT_PORT}.")] = DEFAULT_PORT,
    policy: Annotated[str, typer.Option(help=f"Consensus policy for best figures: {', '.join(POLICIES)}. Default: {DEFAULT_POLICY}.")] = DEFAULT_POLICY,
) -> None:
    """Serve the database read-only over HTTP: the web UI at /, the JSON API at /api/ (OpenAPI
    at /openapi.json, described at /docs). Prints its URL; opens no browser. Ctrl-C stops it.

    Example: corroborate serve --db corroborate.db --port 8001
    """
    if policy not in POLICIES:
        raise typer.BadParameter(f"must be one of {', '.join(POLICIES)}", param_hint="--policy")
    import socket

    import uvicorn

    from ..api import create_app

    try:
        application = create_app(db, policy=policy)
    except StoreError as error:
        raise fail(str(error)) from None
    try:  # bound here, so the URL printed is the one listening (and --port 0 says which port it got)
        listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # replies as written: no 40 ms wait on keep-alive connections
        listener.bind((host, port))
        listener.listen(2048)  # connections wait from now on, before the server's loop starts
    except (OSError, OverflowError) as error:
        raise fail(f"cannot listen on {host}:{port}: {getattr(error, 'strerror', None) or error}") from None
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    out.print(f"Serving {db} at http://{shown}:{bound}/  (API: http://{shown}:{bound}/api/incidents; Ctrl-C stops)", markup=False)
    config = uvicorn.Config(application, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])
