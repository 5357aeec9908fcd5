"""What every command shares: the app, the two consoles, common options, opening the database,
and the progress bars of the extraction and resolution steps. Imports no other CLI module."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from ..corpus import DB_ENV, DEFAULT_DB, Corpus
from ..store import StoreError

app = typer.Typer(
    help="Corroborate: build a traceable incident database from news reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Piped output is not cut to 80 columns: tables keep whole titles for grep and less.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str, typer.Option("--db", envvar=DB_ENV, help=f"SQLite database file (default ./{DEFAULT_DB}, or ${DB_ENV}).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` (escaped: it may hold paths and ids the user typed) and return the exit."""
    err.print(f"error: {escape(message)}")
    return typer.Exit(code)


def _open(db: str, readonly: bool = False) -> Corpus:
    try:
        return Corpus(db, readonly=readonly)
    except StoreError as error:
        raise fail(str(error)) from None


def _extract(corpus: Corpus, workers: int, quiet: bool):
    run = corpus.extract_iter(workers=workers)
    total = run.pending()
    if not total:
        return run.summary
    progress = Progress(
        TextColumn("extracting"), BarColumn(), TextColumn("{task.completed}/{task.total} documents"),
        TimeRemainingColumn(), console=err, disable=quiet, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("extract", total=total)
        for _ in run:
            progress.advance(task)
    return run.summary


def _resolve(corpus: Corpus, quiet: bool):
    run = corpus.resolve_iter()
    progress = Progress(
        TextColumn("assembling incidents"), BarColumn(), TextColumn("{task.completed}/{task.total} documents"),
        TimeRemainingColumn(), console=err, disable=quiet or not run.pending(), transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("resolve", total=run.pending())
        for _ in run:
            progress.advance(task)
    return run.summary
