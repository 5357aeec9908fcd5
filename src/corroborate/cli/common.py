"""What every command shares: the app, the two consoles, common options, opening the database,
and the progress bars of the extraction and resolution steps. Imports no other CLI module."""

from __future__ import annotations

import logging
import os
import sys
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from ..corpus import DB_ENV, DEFAULT_DB, Corpus, country_codes
from ..extract.incidents import TYPES
from ..pipeline import Observer
from ..read import Manifest, ManifestError, load_manifest, normalise_published
from ..store import DatabaseError, StoreError

DB_KEY = "corroborate.db"  # where _open leaves the database path, for error messages


class Commands(typer.core.TyperGroup):
    """Runs a command so that what is not a bug ends in one line, ``error: ...``, and exit 2: a
    database that cannot be used (damaged, newer, locked for hours, disk full) or a file that
    cannot be written. Notes of the library (waiting for a writer) are shown on stderr."""

    def invoke(self, ctx: click.Context):
        _show_notes()
        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise fail(str(error)) from None
        except DatabaseError as error:
            where = ctx.meta.get(DB_KEY, "the database")
            raise fail(f"{where}: {error} (damaged, or changed by another tool?)") from None
        except BrokenPipeError:
            _quiet_stdout()  # the reader (head, less) left: nothing more to say, and no traceback
            raise typer.Exit(1) from None
        except OSError as error:
            raise fail(f"{error.filename}: {os_reason(error)}" if error.filename else str(error)) from None


def os_reason(error: OSError) -> str:
    """Why a file could not be made, in words: "somefile.txt is not a folder", "Permission denied"."""
    if isinstance(error, (FileExistsError, NotADirectoryError)) and error.filename:
        return f"{error.filename} is not a folder"
    return error.strerror or str(error)


app = typer.Typer(
    cls=Commands,
    help="Corroborate: build a traceable incident database from news reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Piped output is not cut to 80 columns: tables keep whole titles for grep and less. Every
# user-controlled string printed with markup goes through escape(); emoji codes stay text
# (a path "a:x:b" is not an emoji).
out = Console(highlight=False, soft_wrap=True, emoji=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


class _Notes(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        err.print(escape(record.getMessage()))


def _show_notes() -> None:
    logger = logging.getLogger("corroborate")
    if not any(isinstance(handler, _Notes) for handler in logger.handlers):
        logger.addHandler(_Notes(logging.WARNING))


def _quiet_stdout() -> None:
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (tests capture it)
        pass

DbOption = Annotated[
    str, typer.Option("--db", envvar=DB_ENV, help=f"SQLite database file (default ./{DEFAULT_DB}, or ${DB_ENV}).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
MAX_INT = 2**63 - 1  # SQLite's largest integer: the bound of every count option


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``error: message`` (escaped: it may hold paths and ids the user typed) and return the exit."""
    err.print(f"error: {escape(message)}")
    return typer.Exit(code)


def _manifest(path: str | None) -> Manifest | None:
    """The manifest at ``path``, its unusable rows listed on stderr; one that cannot be used at
    all is a usage error."""
    if path is None:
        return None
    try:
        manifest = load_manifest(path)
    except ManifestError as error:
        raise fail(str(error)) from None
    for problem in manifest.problems:
        err.print(f"warning: manifest row skipped: {escape(problem)}")
    return manifest


def _open(db: str, readonly: bool = False) -> Corpus:
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta[DB_KEY] = db
    try:
        return Corpus(db, readonly=readonly)
    except StoreError as error:
        raise fail(str(error)) from None


class StageProgress(Observer):
    """Progress bars for a run's extraction and assembly stages, on stderr; ``before`` is called
    when the first stage starts (to close the reading bar)."""

    def __init__(self, quiet: bool, before=lambda: None):
        self.quiet, self.before, self.bar, self.task = quiet, before, None, None

    def stage(self, name: str, total: int) -> None:
        self.before()
        self.close()
        if total and not self.quiet:
            self.bar = Progress(
                TextColumn(name), BarColumn(), TextColumn("{task.completed}/{task.total} documents"),
                TimeRemainingColumn(), console=err, transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task(name, total=total)

    def advance(self, name: str) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _resolve(corpus: Corpus, quiet: bool):
    run = corpus.resolve_iter()
    with StageProgress(quiet) as progress:
        progress.stage("assembling incidents", run.pending())
        for _ in run:
            progress.advance("assembling incidents")
    return run.summary


ROLES = ("claimed", "blamed", "denied", "suspected")

# The incident filters, as `incidents` and `export` (and the HTTP API's parameters) take them.
CountryOption = Annotated[Optional[list[str]], typer.Option(help="Country: an ISO 3166 code or English name (IR, Iran); repeat for several.")]
SinceOption = Annotated[Optional[str], typer.Option(help="Incidents dated on or after this date (undated ones are left out).")]
UntilOption = Annotated[Optional[str], typer.Option(help="Incidents dated on or before this date (undated ones are left out).")]
TypeOption = Annotated[Optional[str], typer.Option("--type", help=f"Incident type: {', '.join(TYPES)}.")]
ActorOption = Annotated[Optional[str], typer.Option(help="An actor id, name or alias, branches included (islamic-state finds ISKP too).")]
RoleOption = Annotated[Optional[str], typer.Option(help=f"With --actor or alone: the actor's role, {', '.join(ROLES)}.")]
MinKilledOption = Annotated[Optional[int], typer.Option("--min-killed", min=0, max=MAX_INT, help="Best killed figure at least this.")]
HasConflictOption = Annotated[
    Optional[bool],
    typer.Option("--has-conflict/--no-conflict", help="Only incidents whose reports contradict (or update) one another, or only those whose reports do not."),
]


def incident_filters(type: str | None, role: str | None, since: str | None, until: str | None, country: list[str] | None):
    """The incident filters `incidents` and `export` share, checked: (country codes or None, since,
    until as ISO dates). Bad values end as a usage error naming the option."""
    if type is not None and type not in TYPES:
        raise typer.BadParameter(f"must be one of {', '.join(TYPES)}", param_hint="--type")
    if role is not None and role not in ROLES:
        raise typer.BadParameter(f"must be one of {', '.join(ROLES)}", param_hint="--role")
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and normalise_published(value) is None:
            raise typer.BadParameter("must be an ISO 8601 date such as 2024-01-03", param_hint=name)
    since, until = (normalise_published(v)[:10] if v else None for v in (since, until))
    try:
        codes = country_codes(country or None)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--country") from None
    return codes, since, until
