"""CSV and Parquet: one row per incident (GTD/ACLED-like columns, best/low/high), or a long table
(claims, actors, documents) so nothing is flattened away. Rows are written as they are read;
Parquet in row groups of ``PARQUET_BATCH``. docs/exports.md says how each column is derived."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice
from typing import IO

from ..model import Incident, IncidentQuery
from ..store.exports import all_document_rows
from .read import Batch, batches, country, perpetrator, unfiltered

PARQUET_BATCH = 5_000
# (column, Arrow type) per table; CSV writes the same columns, unknown values as empty cells.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "incidents": (
        ("incident_id", "string"), ("event_date", "string"), ("date_precision", "string"), ("country", "string"),
        ("iso3", "string"), ("admin1", "string"), ("location", "string"), ("latitude", "float64"), ("longitude", "float64"),
        ("geo_precision", "string"), ("event_type", "string"), ("perpetrator", "string"), ("perpetrator_uncertain", "bool"),
        ("claimed", "bool"), ("fatalities_low", "int64"), ("fatalities_best", "int64"), ("fatalities_high", "int64"),
        ("injured_low", "int64"), ("injured_best", "int64"), ("injured_high", "int64"), ("n_sources", "int64"),
        ("n_independent_sources", "int64"), ("conflicts", "string"),
    ),
    "claims": (
        ("incident_id", "string"), ("field", "string"), ("min", "int64"), ("max", "int64"), ("qualifier", "string"),
        ("update", "bool"), ("actor_id", "string"), ("actor", "string"), ("role", "string"), ("by", "string"),
        ("text", "string"), ("quote", "string"), ("start", "int64"), ("end", "int64"), ("speaker", "string"),
        ("speaker_actor_id", "string"), ("outlet", "string"), ("published", "string"), ("document", "string"),
        ("independent_group", "string"),
    ),
    "actors": (
        ("incident_id", "string"), ("actor_id", "string"), ("actor", "string"), ("kind", "string"), ("parent_id", "string"),
        ("aliases", "string"), ("role", "string"), ("by", "string"), ("n_statements", "int64"),
    ),
    "documents": (
        ("incident_id", "string"), ("document_id", "string"), ("title", "string"), ("outlet", "string"), ("url", "string"),
        ("published", "string"), ("language", "string"), ("status", "string"), ("syndication_group", "string"),
        ("source", "string"),
    ),
}  # fmt: skip


def incident_row(incident: Incident, batch: Batch) -> tuple:
    date, place = incident.date, incident.location
    name, iso3 = country(place.country_code if place else None)
    where = None
    if place:
        parts = list(dict.fromkeys(p for p in (place.facility, place.name) if p))
        where = ", ".join(parts) or None
    who, uncertain, claimed = perpetrator(incident, batch.actors)
    conflicts = ";".join(dict.fromkeys(f"{c.field}:{c.kind}" for c in incident.conflicts)) or None
    k, i = incident.killed, incident.injured
    return (
        incident.id, date.start if date else None, date.precision if date else None, name, iso3,
        place.admin1 if place else None, where, place.latitude if place else None, place.longitude if place else None,
        place.precision if place else None, incident.type, who, uncertain, claimed, k.low, k.best, k.high, i.low, i.best, i.high,
        len(incident.documents), incident.independent_sources, conflicts,
    )  # fmt: skip


def _group(batch: Batch, document_id: str) -> str:
    row = batch.documents.get(document_id) or {}
    return row.get("syndication_group") or document_id


def claim_rows(incident: Incident, batch: Batch) -> Iterator[tuple]:
    for field, estimate in (("killed", incident.killed), ("injured", incident.injured), ("arrested", incident.arrested)):
        for c in estimate.claims:
            yield (incident.id, field, c.min, c.max, c.qualifier, c.update, None, None, None, None, c.text, c.quote, c.start, c.end,
                   c.speaker, c.speaker_actor, c.outlet, c.published, c.document, _group(batch, c.document))  # fmt: skip
    for a in incident.actors:
        for c in a.claims:
            yield (incident.id, "perpetrator", None, None, None, None, a.actor_id, a.name, a.role, a.by, c.text, c.quote, c.start,
                   c.end, c.speaker, c.speaker_actor, c.outlet, c.published, c.document, _group(batch, c.document))  # fmt: skip
    for p in incident.people:
        for c in p.claims:
            yield (incident.id, "person", None, None, None, None, None, p.name, p.role, None, c.text, c.quote, c.start, c.end,
                   c.speaker, c.speaker_actor, c.outlet, c.published, c.document, _group(batch, c.document))  # fmt: skip


def actor_rows(incident: Incident, batch: Batch) -> Iterator[tuple]:
    for a in incident.actors:
        entry = batch.actors.get(a.actor_id or "") or {}
        yield (incident.id, a.actor_id, entry.get("name") or a.name, entry.get("kind"), entry.get("parent"),
               "; ".join(entry.get("aliases") or []) or None, a.role, a.by, len(a.claims))  # fmt: skip


def document_rows(incident: Incident, batch: Batch) -> Iterator[tuple]:
    for document_id in incident.documents:
        yield _document_row(incident.id, batch.documents.get(document_id) or {"id": document_id})


def _document_row(incident_id: str | None, d: dict) -> tuple:
    return (incident_id, d["id"], d.get("title"), d.get("outlet"), d.get("url"), d.get("published"), d.get("language"),
            d.get("status"), d.get("syndication_group"), d.get("source"))  # fmt: skip


ROWS = {"claims": claim_rows, "actors": actor_rows, "documents": document_rows}


def rows(corpus, query: IncidentQuery, table: str, count: dict) -> Iterator[tuple]:
    """The rows of ``table``, counting incidents and rows into ``count`` as they go."""
    for batch in batches(corpus, query):
        for incident in batch.incidents:
            count["incidents"] += 1
            if table == "incidents":
                count["rows"] += 1
                yield incident_row(incident, batch)
                continue
            for row in ROWS[table](incident, batch):
                count["rows"] += 1
                yield row
    if table == "documents" and unfiltered(query):
        for d in all_document_rows(corpus.store, unreported=True):  # unfiltered: documents reporting no incident too
            count["rows"] += 1
            yield _document_row(None, d)


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_table(fmt: str, corpus, stream: IO, query: IncidentQuery, policy: str, table: str) -> dict:
    count = {"incidents": 0, "rows": 0}
    columns = COLUMNS[table]
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([c for c, _ in columns])
        for row in rows(corpus, query, table, count):
            writer.writerow([_cell(v) for v in row])
        return count
    _write_parquet(stream, columns, rows(corpus, query, table, count))
    return count


def _write_parquet(stream: IO[bytes], columns, source: Iterator[tuple]) -> None:
    """Row groups of PARQUET_BATCH rows; an empty table is a valid file with the schema and no rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, getattr(pa, "bool_" if kind == "bool" else kind)()) for name, kind in columns])
    with pq.ParquetWriter(stream, schema) as writer:
        while chunk := list(islice(source, PARQUET_BATCH)):
            arrays = [pa.array(values, type=field.type) for values, field in zip(zip(*chunk), schema)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
