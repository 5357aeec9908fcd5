"""The incident commands of `corroborate`: resolve, incidents, show (an incident), conflicts,
timeline (`export` is in cli/export.py). Shells over Corpus; no logic of their own."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..consensus import DEFAULT_POLICY, POLICIES, timeline
from ..corpus import DEFAULT_DB, NotFound
from ..store import StoreError
from .common import (
    MAX_INT,
    ActorOption,
    CountryOption,
    DbOption,
    HasConflictOption,
    JsonOption,
    MinKilledOption,
    QuietOption,
    RoleOption,
    SinceOption,
    TypeOption,
    UntilOption,
    app,
    err,
    incident_filters,
    _open,
    out,
    _resolve,
)

PolicyOption = Annotated[
    str,
    typer.Option(
        "--policy",
        help="Consensus policy for killed/injured/arrested: conservative (lowest credible figure), "
        "ucdp (the figure most independent sources give; ties: the highest killed, the median of other counts), latest (most recent report). "
        f"Default: {DEFAULT_POLICY}.",
    ),
]


KINDS = ("contradiction", "refinement", "update")
FIELDS = ("killed", "injured", "arrested", "date", "location", "perpetrator")


def _check_policy(policy: str) -> None:
    if policy not in POLICIES:
        raise typer.BadParameter(f"must be one of {', '.join(POLICIES)}", param_hint="--policy")


def _figure(count: dict) -> str:
    if count["best"] is None:
        return "-"
    if count["low"] == count["high"] == count["best"]:
        return str(count["best"])
    return f"{count['best']} ({count['low']}-{count['high']})"


def _place(location: dict | None) -> str:
    if not location:
        return ""
    parts = [location.get("facility"), location.get("name"), location.get("country_code")]
    seen, out_parts = set(), []
    for part in parts:
        if part and part.lower() not in seen:
            seen.add(part.lower())
            out_parts.append(part)
    return ", ".join(out_parts)


def _actors(record: dict) -> str:
    named = []
    for actor in record["actors"]:
        label = f"{actor['name']} ({actor['role']})"
        if label not in named:
            named.append(label)
    return "; ".join(named[:3]) + (" ..." if len(named) > 3 else "")


@app.command()
def resolve(db: DbOption = DEFAULT_DB, quiet: QuietOption = False) -> None:
    """Assemble each extracted document's incidents and resolve them into canonical incidents
    (ingest does this itself; run it after upgrading Corroborate).

    Example: corroborate resolve
    """
    corpus = _open(db)
    summary = _resolve(corpus, quiet)
    corpus.close()
    out.print(
        f"assembled {summary.assembled} document(s), resolved {summary.resolved}: {summary.incidents} incident(s)"
        + ("; rebuilt from scratch" if summary.rebuilt else "")
    )


@app.command()
def incidents(
    db: DbOption = DEFAULT_DB,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    type: TypeOption = None,
    actor: ActorOption = None,
    role: RoleOption = None,
    min_killed: MinKilledOption = None,
    has_conflict: HasConflictOption = None,
    policy: PolicyOption = DEFAULT_POLICY,
    limit: Annotated[Optional[int], typer.Option(min=1, max=MAX_INT, help="At most this many.")] = None,
    offset: Annotated[int, typer.Option(min=0, max=MAX_INT, help="Skip this many first (pages: --limit 50 --offset 50).")] = 0,
    as_json: JsonOption = False,
) -> None:
    """List canonical incidents in the order they were first reported: date, place, type, killed
    best (low-high), injured, actors, and how many articles and independent sources report each.

    Example: corroborate incidents --country Iran --min-killed 10
    """
    _check_policy(policy)
    codes, since, until = incident_filters(type, role, since, until, country)
    corpus = _open(db, readonly=True)
    records = corpus.incidents(
        policy=policy, country=codes, since=since, until=until, type=type, actor=actor, role=role, min_killed=min_killed,
        has_conflict=has_conflict, limit=limit, offset=offset,
    )  # fmt: skip
    undated = corpus.count_undated() if since or until else 0
    if undated:
        err.print(f"note: {undated} undated incident(s) left out by --since/--until")
    if actor and not corpus.actor_named(actor):
        err.print(f"note: no actor id, name or alias is {escape(actor)!r} in this database (matched exactly, case aside; see the actors table)")
    if as_json:
        sys.stdout.write("[")
        for number, incident in enumerate(records):
            sys.stdout.write(("," if number else "") + "\n  " + json.dumps(incident.as_dict(), ensure_ascii=False))
        sys.stdout.write("\n]\n")
        corpus.close()
        return
    table = Table(box=None, expand=True)
    for column in ("id", "date", "place", "type", "killed", "injured"):
        table.add_column(column, no_wrap=True, max_width=34 if column == "place" else None)
    table.add_column("actors", overflow="ellipsis", no_wrap=True, ratio=1, min_width=12)
    table.add_column("sources", justify="right", no_wrap=True)
    shown, starred = 0, False
    for incident in records:
        record = incident.as_dict()
        shown += 1
        when = record["date"]["start"] if record["date"] else ""
        if record["date"] and record["date"]["precision"] == "month":
            when = when[:7]
        elif record["date"] and record["date"]["precision"] == "year":
            when = when[:4]
        if record["date"] and record["date"].get("basis") == "published":
            when += "*"  # no report states the date: its publication date stands in
            starred = True
        table.add_row(
            record["id"], when, escape(_place(record["location"])), record["type"], _figure(record["killed"]),
            _figure(record["injured"]), escape(_actors(record)), f"{len(record['documents'])}/{record['independent_sources']}",
        )  # fmt: skip
    corpus.close()
    out.print(table)
    out.print(f"{shown} incident(s); sources = articles / independent sources (syndication groups); policy {policy}")
    if starred:
        out.print("* no report states the date: the publication date stands in")


def _load_incident(incident_id: str, db: str, policy: str) -> dict:
    _check_policy(policy)
    corpus = _open(db, readonly=True)
    try:
        return corpus.incident(incident_id, policy).as_dict()
    except NotFound as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(1) from None
    except StoreError as error:
        err.print(f"error: {escape(str(error))}")
        raise typer.Exit(2) from None
    finally:
        corpus.close()


def _claim_line(claim: dict) -> str:
    said = f" — {claim['speaker']}" if claim.get("speaker") else ""
    where = ", ".join(x for x in (claim.get("outlet"), (claim.get("published") or "")[:10]) if x) or "undated"
    return f"“{escape(claim['text'])}”{escape(said)}  " + escape(f"[{where}; doc {claim['document'][:10]} @{claim['start']}]")


def show_incident(incident_id: str, db: str, as_json: bool, policy: str) -> None:
    record = _load_incident(incident_id, db, policy)
    if as_json:
        out.print_json(json.dumps(record, ensure_ascii=False))
        return
    conflicted = {c["field"] for c in record["conflicts"]}
    date = record["date"]
    out.print(f"[bold]{record['id']}[/bold]  {record['type']} ({record['status']})")
    out.print(f"{'date':10} " + (f"{date['start']} .. {date['end']} ({date['precision']}, {date['basis']})" if date else "-")
              + ("  [red]conflict[/red]" if "date" in conflicted else ""))  # fmt: skip
    out.print(f"{'place':10} {escape(_place(record['location']))}" + ("  [red]conflict[/red]" if "location" in conflicted else ""))
    out.print(f"{'sources':10} {len(record['documents'])} article(s), {record['independent_sources']} independent; policy {policy}")
    for category in ("killed", "injured", "arrested"):
        count = record[category]
        if not count["claims"]:
            continue
        flag = "  [red]conflict[/red]" if category in conflicted else ""
        out.print(f"\n[bold]{category}[/bold]  best {count['best']}, low {count['low']}, high {count['high']}{flag}")
        for value in count["values"]:
            figure = value["min"] if value["max"] == value["min"] else f"{value['min']}-{value['max'] if value['max'] is not None else ''}"
            out.print(f"  figure {figure}: {len(value['documents'])} article(s), {value['independent_sources']} independent")
        for claim in count["claims"]:
            out.print(f"  - {_claim_line(claim)}")
    if record["actors"]:
        out.print("\n[bold]actors[/bold]")
        for actor in record["actors"]:
            by = f" by {actor['by']}" if actor["by"] else ""
            out.print(f"  {escape(actor['name'])} " + escape(f"[{actor['role']}{by}]"))
            for claim in actor["claims"][:3]:
                out.print(f"    - {_claim_line(claim)}")
    if record["people"]:
        out.print("\n[bold]people[/bold]")
        for person in record["people"]:
            out.print(f"  {escape(person['name'])} ({escape(person['role'] or 'role not stated')})")
    if record["conflicts"]:
        out.print("\n[bold red]conflicts[/bold red]")
        for conflict in record["conflicts"]:
            out.print(f"  [red]{conflict['field']}: {conflict['kind']}[/red]")
            for claim in conflict["claims"]:
                who = escape(f"{claim['actor']} {claim['role']}: ") if "role" in claim else ""
                line = _claim_line(claim) if "text" in claim and "start" in claim and "precision" not in claim else escape(_value(claim))
                out.print(f"    - {who}{line}")
    out.print("\narticles:")
    for document in record["documents"]:
        out.print(f"  {escape(str(document))}")


def _summary(claim: dict) -> str:
    """One claim in a line: "ISKP claimed (Amaq)", "killed 13 (Harmattan Post)", a date or place."""
    source = claim.get("outlet") or claim["document"][:8]
    if "role" in claim:
        return f"{claim['actor']} {claim['role']} ({claim.get('speaker') or source})"
    if "start" in claim and "text" in claim and "precision" not in claim:
        return f"{claim['text']} ({source})"
    return _value(claim)


def _value(claim: dict) -> str:
    if "start" in claim and "precision" in claim:
        return f"{claim['start']}..{claim['end']} ({claim['precision']}) in doc {claim['document'][:10]}"
    return f"{claim.get('text') or claim.get('name')} in doc {claim['document'][:10]}"


@app.command()
def conflicts(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[Optional[str], typer.Option(help=f"{', '.join(KINDS)}.")] = None,
    field: Annotated[Optional[str], typer.Option(help=f"{', '.join(FIELDS)}.")] = None,
    limit: Annotated[Optional[int], typer.Option(min=1, max=MAX_INT, help="At most this many.")] = None,
    offset: Annotated[int, typer.Option(min=0, max=MAX_INT, help="Skip this many first.")] = 0,
    as_json: JsonOption = False,
) -> None:
    """Every disagreement between reports of one incident, classified: contradiction (13 vs 15
    killed), refinement (more than a hundred vs 284), update (the toll rose to 133).

    Example: corroborate conflicts --kind contradiction
    """
    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"must be one of {', '.join(KINDS)}", param_hint="--kind")
    if field is not None and field not in FIELDS:
        raise typer.BadParameter(f"must be one of {', '.join(FIELDS)}", param_hint="--field")
    corpus = _open(db, readonly=True)
    rows = [{**row, "place": _place(row["place"])} for row in corpus.conflicts(kind=kind, field=field, limit=limit, offset=offset)]
    corpus.close()
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(box=None, expand=True)
    for column in ("incident", "place", "field", "kind"):
        table.add_column(column, no_wrap=True, max_width=30 if column == "place" else None)
    table.add_column("claims", overflow="ellipsis", no_wrap=True, ratio=1, min_width=20)
    for row in rows:
        claims = " | ".join(_summary(c) for c in row["claims"])
        table.add_row(row["incident"], escape(row["place"]), row["field"], row["kind"], escape(claims))
    out.print(table)
    out.print(f"{len(rows)} conflict(s)")


@app.command("timeline")
def timeline_command(
    incident_id: Annotated[str, typer.Argument(metavar="INCIDENT_ID", help="Incident id (inc_...) or a unique prefix of it.")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """The figures reported for one incident, in publication order (undated articles first).

    Example: corroborate timeline inc_8e7043
    """
    record = _load_incident(incident_id, db, DEFAULT_POLICY)
    rows = timeline(record)
    if as_json:
        out.print_json(json.dumps(rows, ensure_ascii=False))
        return
    table = Table(box=None, expand=True)
    for column in ("published", "outlet", "document", "category", "figure", "speaker"):
        table.add_column(column, no_wrap=True)
    table.add_column("text", overflow="ellipsis", no_wrap=True, ratio=1, min_width=20)
    for row in rows:
        figure = str(row["min"]) if row["max"] == row["min"] else f"{row['min']}-{row['max'] if row['max'] is not None else ''}"
        if row.get("update"):
            figure += " (update)"
        table.add_row(
            (row["published"] or "undated")[:10], escape(row["outlet"] or "(unknown)"), row["document"][:12], row["category"], figure,
            escape(row["speaker"] or ""), escape(row["text"]),
        )  # fmt: skip
    out.print(table)

