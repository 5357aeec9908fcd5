"""Reads the exports need beyond ``records``: the stored documents' metadata, by id, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .sqlite import SQLiteStore

SQL_CHUNK = 500
DOCUMENT_FIELDS = (
    "id", "source", "external_id", "url", "title", "outlet", "published", "language", "status", "reason", "syndication_group", "ingested_at",
)  # fmt: skip


def document_rows(store: SQLiteStore, document_ids: Iterable[str]) -> dict[str, dict]:
    """{document id: its metadata (DOCUMENT_FIELDS, no text)} for the ids that exist."""
    ids, out = list(dict.fromkeys(document_ids)), {}
    for offset in range(0, len(ids), SQL_CHUNK):
        chunk = ids[offset : offset + SQL_CHUNK]
        rows = store.conn.execute(
            f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(chunk),)
        )
        out.update({r[0]: dict(zip(DOCUMENT_FIELDS, r)) for r in rows})
    return out


def all_document_rows(store: SQLiteStore, unreported: bool = False) -> Iterator[dict]:
    """Every stored document's metadata (with ``unreported``, of those that report no incident),
    in ingest order, streamed."""
    where = " WHERE id NOT IN (SELECT document_id FROM document_incidents WHERE incident_id IS NOT NULL)" if unreported else ""
    for row in store.conn.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents{where} ORDER BY seq"):
        yield dict(zip(DOCUMENT_FIELDS, row))


def documents_of_incidents(store: SQLiteStore, incident_ids: list[str]) -> Iterator[dict]:
    """The metadata of the documents that report any of these incidents, in ingest order, each
    once, streamed (SQLite does the deduplication, not a set in memory)."""
    rows = store.conn.execute(
        f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents WHERE id IN "
        "(SELECT document_id FROM document_incidents WHERE incident_id IN (SELECT value FROM json_each(?))) ORDER BY seq",
        (json.dumps(incident_ids),),
    )
    for row in rows:
        yield dict(zip(DOCUMENT_FIELDS, row))


def incidents_of_documents(store: SQLiteStore, document_ids: Iterable[str]) -> dict[str, list[str]]:
    """{document id: the canonical incidents it reports, main incident first}."""
    ids, out = list(dict.fromkeys(document_ids)), {}
    for offset in range(0, len(ids), SQL_CHUNK):
        chunk = ids[offset : offset + SQL_CHUNK]
        rows = store.conn.execute(
            "SELECT document_id, incident_id FROM document_incidents WHERE incident_id IS NOT NULL "
            "AND document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, idx",
            (json.dumps(chunk),),
        )
        for document_id, incident_id in rows:
            found = out.setdefault(document_id, [])
            if incident_id not in found:
                found.append(incident_id)
    return out


class Seen:
    """The keys an export has already written (shared objects: actors, places, documents), kept in
    a TEMP table of the export's own connection rather than a Python set, so memory stays flat
    however many there are. Works on a read-only connection (the temp database is its own)."""

    _made = 0

    def __init__(self, store: SQLiteStore):
        Seen._made += 1
        self.conn, self.table = store.conn, f"temp.export_seen_{Seen._made}"
        self.conn.execute(f"CREATE TABLE {self.table} (key TEXT PRIMARY KEY) WITHOUT ROWID")

    def new(self, keys: Iterable[str]) -> list[str]:
        """The keys (in order, each once) not seen before; from now on they are seen."""
        wanted, found = list(dict.fromkeys(keys)), set()
        for offset in range(0, len(wanted), SQL_CHUNK):
            chunk = wanted[offset : offset + SQL_CHUNK]
            found |= {r[0] for r in self.conn.execute(f"SELECT key FROM {self.table} WHERE key IN (SELECT value FROM json_each(?))", (json.dumps(chunk),))}
        fresh = [k for k in wanted if k not in found]
        self.conn.executemany(f"INSERT INTO {self.table} (key) VALUES (?)", [(k,) for k in fresh])
        return fresh

    def close(self) -> None:
        self.conn.execute(f"DROP TABLE IF EXISTS {self.table}")
