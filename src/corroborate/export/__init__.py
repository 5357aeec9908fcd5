"""Exports: the database's incidents as JSON, CSV, Parquet, STIX 2.1, GeoJSON and GraphML, streamed.

One entry point, :func:`write`, serves the CLI (`corroborate export`) and the HTTP API alike. Every
format reads incidents the same way: ``store.query_incidents(query)`` (filters are SQL) then
``store.records`` (consensus as resolution stored it); nothing here computes consensus or filters
rows. Formats are written row by row, so memory stays flat however many incidents there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from ..model import DEFAULT_POLICY, POLICIES, IncidentQuery

if TYPE_CHECKING:
    from ..corpus import Corpus


@dataclass(frozen=True)
class Format:
    """An export format: its media type, file suffix, whether it needs a binary stream, and the
    tables it can write (``incidents`` is every format's default)."""

    name: str
    media_type: str
    suffix: str
    binary: bool
    tables: tuple[str, ...]


TABLES = ("incidents", "claims", "actors", "documents")
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/json", ".json", False, ("incidents",)),
        Format("csv", "text/csv; charset=utf-8", ".csv", False, TABLES),
        Format("parquet", "application/vnd.apache.parquet", ".parquet", True, TABLES),
        Format("stix", "application/stix+json;version=2.1", ".stix.json", False, ("incidents",)),
        Format("geojson", "application/geo+json", ".geojson", False, ("incidents",)),
        Format("graphml", "application/graphml+xml", ".graphml", False, ("incidents",)),
    )
}


class ExportError(ValueError):
    """An export that cannot be written as asked (unknown format, table or policy); says why."""


def check(fmt: str, table: str = "incidents", policy: str = DEFAULT_POLICY) -> Format:
    """The format, once ``fmt``, ``table`` and ``policy`` are known to fit together; ExportError otherwise."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    if table not in spec.tables:
        raise ExportError(f"format {fmt} writes the table(s) {', '.join(spec.tables)}, not {table!r} (csv and parquet write {', '.join(TABLES)})")
    if policy not in POLICIES:
        raise ExportError(f"unknown policy {policy!r}: use one of {', '.join(POLICIES)}")
    return spec


def write(
    fmt: str, corpus: Corpus, stream: IO, query: IncidentQuery | None = None, policy: str = DEFAULT_POLICY, table: str = "incidents"
) -> dict:
    """Write the incidents ``query`` selects (all when None) in format ``fmt`` to ``stream`` (a
    binary stream for formats whose ``FORMATS[fmt].binary``, text otherwise); return the counts
    written, e.g. {"incidents": 12, "documents": 30}. ``table`` picks a long table for csv and
    parquet. ``query.policy`` is replaced by ``policy`` so filters and figures agree."""
    check(fmt, table, policy)
    query = IncidentQuery(policy=policy) if query is None else _with_policy(query, policy)
    if fmt == "json":
        from .jsondoc import write_json

        return write_json(corpus, stream, query, policy)
    if fmt in ("csv", "parquet"):
        from .tables import write_table

        return write_table(fmt, corpus, stream, query, policy, table)
    if fmt == "stix":
        from .stix import write_stix

        return write_stix(corpus, stream, query, policy)
    if fmt == "geojson":
        from .geojson import write_geojson

        return write_geojson(corpus, stream, query, policy)
    from .graphml import write_graphml

    return write_graphml(corpus, stream, query, policy)


def _with_policy(query: IncidentQuery, policy: str) -> IncidentQuery:
    from dataclasses import replace

    return replace(query, policy=policy)


def actor_entries(actor_ids: set[str], everything: bool = False) -> list[dict]:
    """Registry entries of the named actors and their parents (with ``everything``, of every
    registered actor too); ``country:XX`` ids as the country's government (kind "country"); ids
    the registry lacks are left out. Resolution stores them in the actors table."""
    from ..extract.actors import registry
    from ..extract.gazetteer import gazetteer

    actors = registry().actors
    wanted, entries = set(actor_ids) | (set(actors) if everything else set()), {}
    while wanted:
        actor_id = wanted.pop()
        if actor_id in entries:
            continue
        if actor_id.startswith("country:"):
            place = gazetteer().country(actor_id.split(":", 1)[1])
            if place is not None:
                entries[actor_id] = {"id": actor_id, "name": place.name, "aliases": [], "parent": None, "kind": "country"}
            continue
        actor = actors.get(actor_id)
        if actor is None:
            continue
        entries[actor_id] = actor.as_dict()
        if actor.parent:
            wanted.add(actor.parent)
    return [entries[k] for k in sorted(entries)]
