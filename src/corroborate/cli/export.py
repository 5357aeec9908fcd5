"""`corroborate export`: the incidents a filter selects, as JSON, CSV, Parquet, STIX 2.1, GeoJSON
or GraphML. A shell over corroborate.export.write; the filters are those of `incidents`."""

from __future__ import annotations

import sys
from contextlib import suppress
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from ..corpus import DEFAULT_DB
from ..export import FORMATS, TABLES, ExportError, check, write
from ..model import DEFAULT_POLICY, POLICIES, IncidentQuery
from .common import (
    MAX_INT,
    ActorOption,
    CountryOption,
    DbOption,
    HasConflictOption,
    MinKilledOption,
    RoleOption,
    SinceOption,
    TypeOption,
    UntilOption,
    app,
    err,
    fail,
    incident_filters,
    _open,
    os_reason,
)

@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help=f"Output format: {', '.join(FORMATS)}.")] = "json",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of standard output.")] = None,
    table: Annotated[
        str, typer.Option("--table", help=f"csv and parquet: {', '.join(TABLES)} (incidents: one row each; the others are long tables).")
    ] = "incidents",
    policy: Annotated[
        str, typer.Option("--policy", help=f"Consensus policy of the best figures: {', '.join(POLICIES)}. Default: {DEFAULT_POLICY}.")
    ] = DEFAULT_POLICY,
    country: CountryOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    type: TypeOption = None,
    actor: ActorOption = None,
    role: RoleOption = None,
    min_killed: MinKilledOption = None,
    has_conflict: HasConflictOption = None,
    limit: Annotated[Optional[int], typer.Option(min=1, max=MAX_INT, help="At most this many incidents.")] = None,
    offset: Annotated[int, typer.Option(min=0, max=MAX_INT, help="Skip this many incidents first.")] = 0,
) -> None:
    """Export the incidents (all, or those the filters select) with every claim traced to its
    source: json (schema/corroborate-export.schema.json), csv and parquet (one row per incident, or
    a long table), stix (a STIX 2.1 bundle), geojson (incidents with coordinates) or graphml.
    docs/exports.md describes each format.

    Example: corroborate export --format csv --country Iran -o iran.csv
    """
    try:
        spec = check(fmt, table, policy)
    except ExportError as error:
        hint = "--format" if fmt not in FORMATS else "--table" if "table" in str(error) else "--policy"
        raise typer.BadParameter(str(error), param_hint=hint) from None
    codes, since, until = incident_filters(type, role, since, until, country)
    query = IncidentQuery(
        policy=policy, countries=None if codes is None else tuple(codes), since=since, until=until, type=type, actor=actor,
        role=role, min_killed=min_killed, has_conflict=has_conflict, limit=limit, offset=offset,
    )  # fmt: skip
    if output is not None and output.is_dir():
        raise fail(f"-o {output} is a folder: give a file name, e.g. -o {output / ('incidents' + spec.suffix)}")
    if output is not None and not output.absolute().parent.is_dir():
        raise fail(f"-o {output}: there is no folder {output.absolute().parent} (create it first)")
    if output is None and spec.binary and sys.stdout.isatty():
        raise fail(f"{fmt} is binary: give a file with -o (e.g. -o incidents{spec.suffix}) or redirect the output")
    corpus = _open(db, readonly=True)
    try:
        count = _write(spec, corpus, output, query, policy, table)
    finally:
        corpus.close()
    if count.get("without_coordinates"):
        err.print(f"note: {count['without_coordinates']} incident(s) without coordinates left out of the GeoJSON")
    if output is not None:
        what = ", ".join(f"{n} {k}" for k, n in count.items() if k != "without_coordinates")
        err.print(f"wrote {what} to {escape(str(output))}")


def _write(spec, corpus, output: Path | None, query: IncidentQuery, policy: str, table: str) -> dict:
    if output is None:
        if spec.binary:
            stream = sys.stdout.buffer
        else:
            stream = sys.stdout
        count = write(spec.name, corpus, stream, query, policy, table)
        stream.flush()
        return count
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("wb") if spec.binary else partial.open("w", encoding="utf-8", newline="") as stream:
            count = write(spec.name, corpus, stream, query, policy, table)
        partial.replace(output)  # a failed export never leaves a truncated file behind
    except BaseException as error:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise fail(f"cannot write {output}: {os_reason(error)}") from None
        raise
    return count
