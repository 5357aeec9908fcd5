"""`corroborate extract`: print what Corroborate reads in a file, storing nothing."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import Metadata
from ..read import normalise_published
from .common import JsonOption, _manifest, app, err, out

KINDS = ("incident", "casualty", "date", "place", "actor", "person", "statement")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(metavar="FILE", help="Files to read (any format ingest reads), or - for stdin.")],
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
    from ..model import RawDocument
    from ..pipeline import analyse, document_text
    from ..read import read_inputs

    if published is not None and normalise_published(published, partial=True) is None:
        raise typer.BadParameter("must be an ISO 8601 date such as 2024-01-03 (or 2024-01, 2024)", param_hint="--published")
    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: must be one of {', '.join(KINDS)}", param_hint="--kind")
    records = []
    entries = _manifest(manifest)
    for item in read_inputs(paths, manifest=entries, defaults=Metadata(published=normalise_published(published, partial=True))):
        if not isinstance(item, RawDocument):
            err.print(f"{item.status.value}: {escape(item.source)}  {escape(item.reason)}")
            continue
        # what ingest would store and read: the same text, the same per-document function
        analysis = analyse(document_text(item), item.meta.published)
        if analysis.reason:
            err.print(f"failed: {escape(item.source)}  {escape(analysis.reason)}")
            continue
        mentions = [m.as_dict() for m in analysis.mentions if not kind or m.kind in kind]
        records.append({"source": item.source, "published": item.meta.published, "mentions": mentions})
    if as_json:
        out.print_json(json.dumps(records, ensure_ascii=False))
    else:
        for record in records:
            out.print(f"[bold]{escape(record['source'])}[/bold]  published {escape(record['published'] or 'unknown')}")
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
        table.add_row(escape(m["kind"]), f"{m['start']}-{m['end']}", escape(m["text"][:40]), escape(_reading(m)), escape(speaker[:30]))
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


