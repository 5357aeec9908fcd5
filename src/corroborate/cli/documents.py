"""The document commands: status, documents, show (a document, or an incident by its inc_ id)."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..corpus import DEFAULT_DB
from ..model import DEFAULT_POLICY, POLICIES, Status
from ..read import normalise_published
from ..store import StoreError
from .common import MAX_INT, DbOption, JsonOption, _open, app, err, out


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
    out.print("languages " + escape(", ".join(f"{k} {v}" for k, v in report["languages"].items())))
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
    limit: Annotated[Optional[int], typer.Option(min=1, max=MAX_INT, help="At most this many.")] = None,
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
                escape(document.status.value + (f" ({document.reason})" if document.status is Status.SKIPPED else "")),
                (document.syndication_group or "")[:8],
                escape(document.title[:70]) if document.title else f"[dim](no headline) {escape(document.source[-60:])}[/dim]",
            )
        out.print(table)
    corpus.close()


@app.command()
def show(
    document_id: Annotated[str, typer.Argument(metavar="ID", help="Document id or incident id (inc_...), or a unique prefix of it (6+ characters).")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    no_text: Annotated[bool, typer.Option("--no-text", help="Leave out the article text.")] = False,
    policy: Annotated[str, typer.Option(help=f"For an incident: consensus policy, {', '.join(POLICIES)} (default {DEFAULT_POLICY}).")] = DEFAULT_POLICY,
) -> None:
    """One document (metadata, ledger, syndication group, text), or one incident when the id
    starts with inc_ (every claim with quote, speaker, outlet and date; conflicts highlighted).

    Example: corroborate show 3fa9c2e1b7    corroborate show inc_8e7043
    """
    if document_id.strip().lower().startswith("inc_"):
        from .incidents import show_incident

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
            + (f"  {escape(f'[{said}]')}" if said else "")
        )
    if incidents:
        out.print("incidents:")
        for incident in incidents:
            where = (incident["location"] or {}).get("facility") or (incident["location"] or {}).get("name") or ""
            when = (incident["date"] or {}).get("start") or ""
            label = "main" if incident["main"] else "also"
            out.print(escape(f"  {incident['incident_id'] or '(not resolved)'}  {label}  {incident['type']}  {when}  {where}"))
    if not no_text:
        out.print("")
        out.print(escape(document.text))


