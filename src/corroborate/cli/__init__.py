"""The `corroborate` command: parse arguments, call the Corpus, print. No logic of its own.

Each module registers its commands on the one app in ``common``; the import order below is
the order ``--help`` lists them in. Command modules import ``common`` and nothing else here.
"""

from __future__ import annotations

import logging
from typing import Annotated, Optional

import typer

from .. import __version__
from .common import app, out
from . import ingest, extract, evaluate, documents, incidents, export, serve  # noqa: E402,F401,I001  (registers the commands, in this order)

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        out.print(f"corroborate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """Read news reports into a database where every claim keeps its source."""


def main() -> None:
    # trafilatura and htmldate log every page they cannot use; the ledger already records why.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    app()
