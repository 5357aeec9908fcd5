"""The `corroborate` command: parse arguments, call the Corpus, print. No logic of its own."""

from __future__ import annotations

import json
import logging
import sys
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__
from .corpus import DB_ENV, DEFAULT_DB, Corpus
from .model import Metadata, Status
from .read import FORMATS, ManifestError, load_manifest, normalise_published
from .store import StoreError

app = typer.Typer(
    help="Corroborate: build a traceable incident database from news reports.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# Piped output is not cut to 80 columns: tables keep whole titles for grep and less.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# Problems listed after an ingest; the rest are counted (all of them are in the ledger and --json).
MAX_LISTED_PROBLEMS = 30
MAX_COMMAND_CHARS = 1000  # the command line recorded with each run

DbOption = Annotated[
    str, typer.Option("--db", envvar=DB_ENV, help=f"SQLite database file (default ./{DEFAULT_DB}, or ${DB_ENV}).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _open(db: str, readonly: bool = False) -> Corpus:
    try:
        return Corpus(db, readonly=readonly)
    except StoreError as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(2) from None


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


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (recursive), globs, or - for stdin.")],
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
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
    if published is not None and normalise_published(published) is None:
        raise typer.BadParameter("must be an ISO 8601 date such as 2024-01-03", param_hint="--published")
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
    try:
        run = corpus.ingest_iter(
            paths,
            manifest=manifest,
            published=normalise_published(published),
            outlet=outlet,
            fmt=fmt,
            progress=lambda n: progress.advance(task, n),
            command=" ".join(["ingest", *sys.argv[2:]])[:MAX_COMMAND_CHARS],
        )
    except ManifestError as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(2) from None
    task = progress.add_task("ingest", total=total or None, docs=0)
    problems: list[str] = []
    with progress:
        if as_json:
            sys.stdout.write('{"inputs": [')
        for number, result in enumerate(run):
            progress.update(task, docs=number + 1)
            if as_json:
                sys.stdout.write(("," if number else "") + "\n  " + json.dumps(result.as_dict(), ensure_ascii=False))
            elif result.status in (Status.FAILED, Status.SKIPPED) and len(problems) <= MAX_LISTED_PROBLEMS:
                problems.append(f"{result.status.value:8} {escape(result.source)}  {escape(result.reason or '')}")
    summary = run.summary
    extraction = None if no_extract else _extract(corpus, workers, quiet)
    resolution = None if no_extract else _resolve(corpus, quiet)
    if as_json:
        counts = json.dumps(summary.as_dict())[1:-1]
        extracted = "" if extraction is None else f', "extraction": {json.dumps(extraction.__dict__)}'
        resolved = "" if resolution is None else f', "resolution": {json.dumps(resolution.__dict__)}'
        sys.stdout.write(f"\n], {counts}{extracted}{resolved}}}\n")
    else:
        for line in problems[:MAX_LISTED_PROBLEMS]:
            out.print(line)
        hidden = summary.failed + summary.skipped - min(len(problems), MAX_LISTED_PROBLEMS)
        if hidden > 0:
            out.print(f"... and {hidden} more skipped or failed (all are in --json output and the ledger)")
        c = summary.as_dict()
        out.print(
            f"seen {c['seen']} = ok {c['ok']} + duplicate {c['duplicate']} + skipped {c['skipped']} "
            f"+ failed {c['failed']}   (database: {corpus.path})"
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
    corpus.close()
    raise typer.Exit(1 if summary.failed else 0)


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


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files to read (any format ingest reads), or - for stdin.")],
    published: Annotated[
        Optional[str], typer.Option(help="Publication date (ISO 8601) that relative dates resolve against.")
    ] = None,
    manifest: Annotated[Optional[str], typer.Option(help="CSV or JSON manifest with publication dates.")] = None,
    kind: Annotated[
        Optional[list[str]], typer.Option("--kind", help="Only these kinds (repeat): incident, casualty, date, place, actor, person, statement.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Print what Corroborate reads in a file, without storing anything: every mention with its
    kind, text, span and (for casualties and statements) its speaker.

    Example: corroborate extract examples/corpus/2025-03-06_meridian-wire_peshawar-market-blast.txt --kind casualty
    """
    from .dedup import normalise
    from .extract.parallel import shared_extractor
    from .model import RawDocument
    from .read import read_inputs

    if published is not None and normalise_published(published) is None:
        raise typer.BadParameter("must be an ISO 8601 date such as 2024-01-03", param_hint="--published")
    extractor = None
    records = []
    try:
        entries = load_manifest(manifest) if manifest else None
    except ManifestError as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(2) from None
    for item in read_inputs(paths, manifest=entries, defaults=Metadata(published=normalise_published(published))):
        if not isinstance(item, RawDocument):
            err.print(f"{item.status.value}: {escape(item.source)}  {escape(item.reason)}")
            continue
        extractor = extractor or shared_extractor()
        text = normalise(item.text)
        mentions = [m.as_dict() for m in extractor.extract(text, item.meta.published) if not kind or m.kind in kind]
        records.append({"source": item.source, "published": item.meta.published, "mentions": mentions})
    if as_json:
        out.print_json(json.dumps(records, ensure_ascii=False))
    else:
        for record in records:
            out.print(f"[bold]{escape(record['source'])}[/bold]  published {record['published'] or 'unknown'}")
            out.print(_mention_table(record["mentions"]))
    raise typer.Exit(0 if records else 1)


def _mention_table(mentions: list[dict]) -> Table:
    table = Table(box=None, expand=True)
    for column in ("kind", "chars", "text"):
        table.add_column(column, no_wrap=True)
    table.add_column("reading", ratio=1)
    table.add_column("said by", no_wrap=True)
    for m in mentions:
        speaker = m["speaker"]["text"] if m["speaker"] else ""
        table.add_row(m["kind"], f"{m['start']}-{m['end']}", escape(m["text"][:40]), escape(_reading(m)), escape(speaker[:30]))
    return table


def _reading(mention: dict) -> str:
    """One line that says what a mention was read as."""
    d = mention["data"]
    kind = mention["kind"]
    if kind == "casualty":
        high = "" if d["max"] == d["min"] else f"-{d['max'] if d['max'] is not None else ''}"
        return f"{d['category']} {d['min']}{high} ({d['qualifier']}{', update' if d['update'] else ''})"
    if kind == "incident":
        return f"{d['type']} ({d['status']})"
    if kind == "date":
        return d["start"] if d["start"] == d["end"] else f"{d['start']}..{d['end']} ({d['precision']})"
    if kind == "place":
        where = ", ".join(x for x in (d["facility"], d["name"], d["admin1"], d["country_code"]) if x)
        return f"{where} [{d['precision']}]"
    if kind == "actor":
        return f"{d['name']} ({d['kind']})" + ("" if d["registered"] else " unregistered")
    if kind == "person":
        return d["role"] + (f", reported as {d['nationality']}" if d["nationality"] else "")
    if kind == "statement":
        target = d["target"]["text"] if d["target"] else ""
        return f"{d['type']}{': ' + target if target else ''}"
    return ""


@app.command("eval")
def evaluate_command(
    gold: Annotated[
        Optional[list[str]], typer.Option("--gold", help="Gold JSONL files (default: eval/gold/examples.jsonl and seeds.jsonl).")
    ] = None,
    root: Annotated[str, typer.Option(help="Folder that gold document paths are relative to.")] = ".",
    seeds: Annotated[str, typer.Option(help="Folder of the seed articles that seeds/NAME refers to.")] = "../shared/corpus/seeds",
    as_json: JsonOption = False,
) -> None:
    """Precision, recall and F1 of extraction per field against the project's gold files
    (format and scoring rules in eval/README.md).

    Example: corroborate eval
    """
    from pathlib import Path

    from .evaluate import FIELDS, evaluate, gold_texts, load_gold
    from .extract.parallel import shared_extractor

    files = gold or ["eval/gold/examples.jsonl", "eval/gold/seeds.jsonl"]
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        err.print(f"error: no gold file {', '.join(missing)} (run from the project folder, or pass --gold)")
        raise typer.Exit(2)
    reports = {}
    for file in files:
        lines = load_gold(file)
        reports[file] = evaluate(lines, gold_texts(lines, Path(root), Path(seeds)), shared_extractor())
    if as_json:
        out.print_json(json.dumps({file: report.as_dict() for file, report in reports.items()}))
        return
    for file, report in reports.items():
        table = Table("field", "precision", "recall", "F1", "gold", "found", title=f"{file}: {report.documents} documents", box=None)
        for name in FIELDS:
            score = report.fields[name]
            table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}", str(score.tp + score.fn), str(score.tp + score.fp))
        out.print(table)
        if report.missing:
            out.print(f"[yellow]{len(report.missing)} gold documents not found: {escape(', '.join(report.missing[:5]))}[/yellow]")


@app.command()
def status(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Counts of documents by status and language, inputs by outcome, and recent runs.

    Example: corroborate status
    """
    corpus = _open(db, readonly=True)
    report = corpus.status()
    corpus.close()
    if as_json:
        out.print_json(json.dumps(report))
        return
    out.print(f"database  {escape(report['database'])}")
    docs = report["documents"]
    out.print(f"documents {sum(docs.values())}: " + ", ".join(f"{k} {v}" for k, v in sorted(docs.items())))
    out.print("languages " + ", ".join(f"{k} {v}" for k, v in report["languages"].items()))
    out.print("inputs    " + ", ".join(f"{k} {v}" for k, v in sorted(report["ledger"].items())))
    out.print(
        f"syndication: {report['syndication_groups_with_copies']} group(s) with copies, "
        f"holding {report['documents_in_those_groups']} documents"
    )
    for key, value in sorted(report["extractions"].items()):
        version, state = key.split(":")
        out.print(f"extraction v{version} {state}: {value['documents']} documents, {value['mentions']} mentions")
    for run in report["runs"][:5]:
        state = "finished" if run["finished_at"] else "unfinished (interrupted, or still running)"
        counts = (
            f"seen {run['seen']} = ok {run['ok']} + duplicate {run['duplicate']} + skipped {run['skipped']} + failed {run['failed']}"
            if run["finished_at"]
            else ""
        )
        out.print(f"run {run['id']:>4}  {run['started_at']}  {state}  {counts}  {escape(run['command'])}")


@app.command()
def documents(
    db: DbOption = DEFAULT_DB,
    status: Annotated[Optional[str], typer.Option(help="ok or skipped.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Language code, e.g. en, fr.")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name (case-insensitive).")] = None,
    group: Annotated[Optional[str], typer.Option(help="Syndication group id, or its first characters.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Published on or before this date.")] = None,
    search: Annotated[Optional[str], typer.Option(help="Text that the title or body contains.")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, help="At most this many.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored documents, oldest first, with filters.

    Example: corroborate documents --status skipped --json
    """
    if status is not None and status not in ("ok", "skipped"):
        raise typer.BadParameter("must be ok or skipped", param_hint="--status")
    for name, value in (("--since", since), ("--until", until)):
        if value is not None and normalise_published(value) is None:
            raise typer.BadParameter("must be an ISO 8601 date", param_hint=name)
    corpus = _open(db, readonly=True)
    since, until = (normalise_published(v)[:10] if v else None for v in (since, until))
    rows = corpus.documents(
        status=status, language=language, outlet=outlet, group=group, since=since, until=until, search=search, limit=limit
    )
    if as_json:
        sys.stdout.write("[")
        for number, document in enumerate(rows):
            sys.stdout.write(("," if number else "") + "\n  " + json.dumps(document.summary(), ensure_ascii=False))
        sys.stdout.write("\n]\n")
    else:
        table = Table(box=None, expand=True)
        for column in ("id", "published", "outlet", "lang", "status", "group"):
            table.add_column(column, no_wrap=True, max_width=24 if column == "outlet" else None)
        table.add_column("title", no_wrap=True, overflow="ellipsis", ratio=1, min_width=20)
        for document in rows:
            table.add_row(
                document.id[:12],
                (document.published or "")[:10],
                escape(document.outlet or ""),
                document.language or "",
                document.status.value + (f" ({document.reason})" if document.status is Status.SKIPPED else ""),
                (document.syndication_group or "")[:8],
                escape((document.title or document.source)[:70]),
            )
        out.print(table)
    corpus.close()


@app.command()
def show(
    document_id: Annotated[str, typer.Argument(help="Document id or incident id (inc_...), or a unique prefix of it (6+ characters).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave out the article text.")] = False,
    policy: Annotated[str, typer.Option(help="For an incident: consensus policy, conservative, ucdp or latest.")] = "conservative",
) -> None:
    """One document (metadata, ledger, syndication group, text), or one incident when the id
    starts with inc_ (every claim with quote, speaker, outlet and date; conflicts highlighted).

    Example: corroborate show 3fa9c2e1b7    corroborate show inc_8e7043
    """
    if document_id.strip().lower().startswith("inc_"):
        from .cli_incidents import show_incident

        show_incident(document_id, db, as_json, policy)
        return
    corpus = _open(db, readonly=True)
    try:
        document = corpus.document(document_id)
    except StoreError as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(2) from None
    if document is None:
        err.print(f"error: no document with id {escape(document_id)!s}")
        raise typer.Exit(1)
    ledger, syndication = corpus.ledger(document.id), corpus.syndication(document)
    incidents = [
        {"incident_id": i["incident_id"], "main": i["main"], "type": i["type"], "date": i["date"], "location": i["location"]}
        for i in corpus.document_incidents(document.id)
    ]  # fmt: skip
    corpus.close()
    if as_json:
        record = {**document.summary(), "url": document.url, "external_id": document.external_id,
                  "format": document.format, "encoding": document.encoding, "ingested_at": document.ingested_at,
                  "ledger": ledger, "syndication": syndication, "incidents": incidents}  # fmt: skip
        if not no_text:
            record["text"] = document.text
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    for label, value in (
        ("id", document.id), ("title", document.title), ("outlet", document.outlet), ("published", document.published),
        ("url", document.url), ("source", document.source), ("external id", document.external_id),
        ("format", document.format), ("encoding", document.encoding), ("language", document.language),
        ("status", document.status.value), ("reason", document.reason), ("ingested", document.ingested_at),
    ):  # fmt: skip
        if value:
            out.print(f"{label:12} {escape(str(value))}")
    out.print(f"{'group':12} {syndication['group'] or '-'} ({len(syndication['members'])} member(s))")
    for link in syndication["links"]:
        other = link["copies_id"] if link["document_id"] == document.id else link["document_id"]
        verb = "copies" if link["document_id"] == document.id else "copied by"
        out.print(f"{'':12} {verb} {other[:12]}: containment {link['containment']:.2f}, {link['shared']} shared shingles")
    out.print("ledger:")
    for row in ledger:
        said = ", ".join(str(row[k]) for k in ("outlet", "published", "url") if row.get(k))
        out.print(
            f"  run {row['run_id']}  {row['status']:9}  {escape(row['source'])}  {escape(row['reason'] or '')}"
            + (f"  [{escape(said)}]" if said else "")
        )
    if incidents:
        out.print("incidents:")
        for incident in incidents:
            where = (incident["location"] or {}).get("facility") or (incident["location"] or {}).get("name") or ""
            when = (incident["date"] or {}).get("start") or ""
            label = "main" if incident["main"] else "also"
            out.print(f"  {incident['incident_id'] or '(not resolved)'}  {label}  {incident['type']}  {when}  {escape(where)}")
    if not no_text:
        out.print("")
        out.print(escape(document.text))


from . import cli_incidents  # noqa: E402,F401  (registers the incident commands)


def main() -> None:
    # trafilatura and htmldate log every page they cannot use; the ledger already records why.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    app()
