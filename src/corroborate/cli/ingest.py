"""`corroborate ingest`: read inputs into the database, then extract and resolve."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

from ..corpus import DEFAULT_DB
from ..model import Status
from ..read import FORMATS, normalise_published
from .common import DbOption, JsonOption, QuietOption, StageProgress, _manifest, _open, app, err, out

# Problems listed after an ingest; the rest are counted (all of them are in the ledger and --json).
MAX_LISTED_PROBLEMS = 30
MAX_COMMAND_CHARS = 1000  # the command line recorded with each run


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files, folders (recursive), globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    manifest: Annotated[
        Optional[str], typer.Option(help="CSV or JSON file mapping file names to url, title, outlet, published.")
    ] = None,
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (ISO 8601) for inputs that carry none.")
    ] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for inputs that carry none.")] = None,
    fmt: Annotated[
        Optional[str], typer.Option("--format", help=f"Force the input format: {', '.join(FORMATS)}.")
    ] = None,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Only read and store; extract mentions on a later run.")
    ] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Extraction processes (each loads spaCy).")] = 1,
) -> None:
    """Read articles into the database; exact and near copies are recognised; then extract
    mentions (incidents, casualties, dates, places, actors, statements) from every stored
    English document that lacks them.

    Every input gets a ledger row: ok, duplicate, skipped (reason) or failed (reason).
    Exit code 0 when nothing failed, 1 when some inputs failed (the rest are stored).

    Example: corroborate ingest examples/corpus --manifest examples/corpus/manifest.csv
    """
    if fmt is not None and fmt not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if published is not None and normalise_published(published, partial=True) is None:
        raise typer.BadParameter("must be an ISO 8601 date such as 2024-01-03 (or 2024-01, 2024)", param_hint="--published")
    entries = _manifest(manifest)
    corpus = _open(db)
    total = corpus.input_bytes(paths)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[docs]} inputs"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    observer = StageProgress(quiet, before=progress.stop)
    run = corpus.ingest_iter(
        paths,
        manifest=entries,  # loaded: a Manifest passes through load_manifest as it is
        published=normalise_published(published, partial=True),
        outlet=outlet,
        fmt=fmt,
        extract=not no_extract,
        workers=workers,
        progress=lambda n: progress.advance(task, n),
        observer=observer,
        command=" ".join(["ingest", *sys.argv[2:]])[:MAX_COMMAND_CHARS],
    )
    task = progress.add_task("ingest", total=total or None, docs=0)
    problems: list[str] = []
    with progress, observer:
        if as_json:
            sys.stdout.write('{"inputs": [')
        for number, result in enumerate(run):
            progress.update(task, docs=number + 1)
            if as_json:
                sys.stdout.write(("," if number else "") + "\n  " + json.dumps(result.as_dict(), ensure_ascii=False))
            elif result.status in (Status.FAILED, Status.SKIPPED) and len(problems) <= MAX_LISTED_PROBLEMS:
                problems.append(f"{result.status.value:8} {escape(result.source)}  {escape(result.reason or '')}")
    summary = run.summary
    extraction, resolution = summary.extraction, summary.resolution
    if as_json:
        counts = json.dumps(summary.as_dict())[1:-1]
        extracted = "" if extraction is None else f', "extraction": {json.dumps(extraction.__dict__)}'
        resolved = "" if resolution is None else f', "resolution": {json.dumps(resolution.__dict__)}'
        errors = f', "errors": {json.dumps(summary.errors)}' if summary.errors else ""
        sys.stdout.write(f"\n], {counts}{extracted}{resolved}{errors}}}\n")
    else:
        for line in problems[:MAX_LISTED_PROBLEMS]:
            out.print(line)
        hidden = summary.failed + summary.skipped - min(len(problems), MAX_LISTED_PROBLEMS)
        if hidden > 0:
            out.print(f"... and {hidden} more skipped or failed (all are in --json output and the ledger)")
        c = summary.as_dict()
        out.print(
            f"seen {c['seen']} = ok {c['ok']} + duplicate {c['duplicate']} + skipped {c['skipped']} "
            f"+ failed {c['failed']}   (database: {escape(str(corpus.path))})"
        )
        if summary.groups_joined:
            out.print(f"{summary.groups_joined} new document(s) joined an existing syndication group")
        if extraction is not None and (extraction.extracted or extraction.failed):
            out.print(
                f"extracted {extraction.mentions} mentions from {extraction.extracted} document(s)"
                + (f"; extraction failed for {extraction.failed} (see `corroborate status`)" if extraction.failed else "")
            )
        if resolution is not None and resolution.resolved:
            out.print(
                f"resolved the incidents of {resolution.resolved} document(s): {resolution.incidents} incident(s) in the database"
                + ("; resolution was rebuilt from scratch" if resolution.rebuilt else "")
            )
    for error in summary.errors:
        err.print(f"error: a stage stopped on a bug (please report it): {escape(error)}")
    corpus.close()
    raise typer.Exit(1 if summary.failed or summary.errors else 0)


