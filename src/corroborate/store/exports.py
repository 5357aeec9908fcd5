"""Reads the exports need beyond ``records``: the stored documents' metadata, by id, in batches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from .sqlite import SQLiteStore

SQL_CHUNK = 500
DOCUMENT_FIELDS = ("id", "title", "outlet", "url", "published", "language", "status", "syndication_group", "source", "ingested_at")


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


def all_document_rows(store: SQLiteStore) -> Iterator[dict]:
    """Every stored document's metadata, in ingest order, streamed."""
    for row in store.conn.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY seq"):
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
