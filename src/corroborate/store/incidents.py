"""Incident rows: each document's assembled incidents, and what resolution compares of the canonical
incidents (migrations 0004 and 0005). The answers users read are in ``records``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator


class IncidentStore:
    """Mixin of SQLiteStore for the incident tables."""

    conn: sqlite3.Connection

    def pending_assembly(self, version: str) -> list[tuple[str, str | None]]:
        """(id, published) of documents extracted by the current extractor whose assembly is
        missing or of another version, in ingest order."""
        rows = self.conn.execute(
            "SELECT d.id, d.published FROM documents d JOIN extractions e ON e.document_id = d.id "
            "LEFT JOIN assemblies a ON a.document_id = d.id "
            "WHERE e.version = ? AND (a.version IS NULL OR a.version != ?) ORDER BY d.seq",
            (version.split("+")[0], version),
        )
        return [(r[0], r[1]) for r in rows]

    def save_assembly(self, document_id: str, version: str, incidents: list[dict]) -> bool:
        """Replace a document's incidents; True if the ones replaced had been resolved."""
        row = self.conn.execute("SELECT resolved FROM assemblies WHERE document_id = ?", (document_id,)).fetchone()
        self.conn.execute("DELETE FROM document_incidents WHERE document_id = ?", (document_id,))
        self.conn.executemany(
            "INSERT INTO document_incidents (document_id, idx, data) VALUES (?, ?, ?)",
            ((document_id, i["index"], json.dumps(i, ensure_ascii=False)) for i in incidents),
        )
        self.conn.execute("INSERT OR REPLACE INTO assemblies VALUES (?, ?, ?, 0)", (document_id, version, len(incidents)))
        return bool(row and row[0])

    def unresolved(self) -> Iterator[tuple[str, list[dict]]]:
        """(document id, its incidents) of assembled documents not yet resolved, in ingest order."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT a.document_id FROM assemblies a JOIN documents d ON d.id = a.document_id "
            "WHERE a.resolved = 0 ORDER BY d.seq"
        )]  # fmt: skip
        for document_id in ids:
            rows = self.conn.execute("SELECT data FROM document_incidents WHERE document_id = ? ORDER BY idx", (document_id,))
            yield document_id, [json.loads(r[0]) for r in rows]

    def needs_rebuild(self) -> bool:
        """An unresolved document comes before a resolved one in ingest order (it was re-read by
        a newer extractor, or its extraction finished late): resolving it now would give other
        incidents than resolving everything in order, so resolution starts again."""
        row = self.conn.execute(
            "SELECT (SELECT MIN(d.seq) FROM assemblies a JOIN documents d ON d.id = a.document_id WHERE a.resolved = 0) "
            "< (SELECT MAX(d.seq) FROM assemblies a JOIN documents d ON d.id = a.document_id WHERE a.resolved = 1)"
        ).fetchone()
        return bool(row[0])

    def forget_resolution(self) -> None:
        """Drop every canonical incident: the next resolution starts from scratch."""
        self.conn.execute("DELETE FROM resolution_state")
        self.conn.execute("DELETE FROM resolution_blocks")
        self.forget_incident_records()
        self.conn.execute("UPDATE document_incidents SET incident_id = NULL")
        self.conn.execute("UPDATE assemblies SET resolved = 0")

    def set_incident(self, document_id: str, index: int, incident_id: str) -> None:
        self.conn.execute("UPDATE document_incidents SET incident_id = ? WHERE document_id = ? AND idx = ?", (incident_id, document_id, index))

    def mark_resolved(self, document_id: str) -> None:
        self.conn.execute("UPDATE assemblies SET resolved = 1 WHERE document_id = ?", (document_id,))

    def block_posting(self, key: tuple, limit: int) -> list[str]:
        """The incidents most recently filed under a blocking key (at most ``limit``), oldest first."""
        rows = self.conn.execute(
            "SELECT incident_id, MAX(filing) AS last FROM resolution_blocks WHERE key = ? GROUP BY incident_id ORDER BY last DESC LIMIT ?",
            (_block_key(key), limit),
        ).fetchall()
        return [r[0] for r in reversed(rows)]

    def cluster_state(self, incident_id: str) -> dict:
        return json.loads(self.conn.execute("SELECT state FROM resolution_state WHERE incident_id = ?", (incident_id,)).fetchone()[0])

    def incident_count(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM resolution_state").fetchone()[0]

    def next_filing(self) -> int:
        return self.conn.execute("SELECT COALESCE(MAX(filing) + 1, 0) FROM resolution_blocks").fetchone()[0]

    def save_filings(self, filings: Iterable[tuple[tuple, str, int]]) -> None:
        self.conn.executemany("INSERT INTO resolution_blocks (key, incident_id, filing) VALUES (?, ?, ?)", ((_block_key(k), i, n) for k, i, n in filings))

    def save_cluster(self, state: dict) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO resolution_state (incident_id, seq, members, state) VALUES (?, ?, ?, ?)",
            (state["id"], state["order"], state["members"], json.dumps(state, ensure_ascii=False)),
        )

    def incident_members(self, incident_ids: Iterable[str]) -> dict[str, list[tuple[str, dict]]]:
        """incident id -> [(document id, document incident)], documents in ingest order."""
        out: dict[str, list[tuple[str, dict]]] = {}
        ids = list(incident_ids)
        for offset in range(0, len(ids), 500):
            chunk = ids[offset : offset + 500]
            rows = self.conn.execute(
                "SELECT di.incident_id, di.document_id, di.data FROM document_incidents di "
                "JOIN documents d ON d.id = di.document_id "
                f"WHERE di.incident_id IN ({', '.join('?' for _ in chunk)}) ORDER BY d.seq, di.idx",
                chunk,
            )
            for incident_id, document_id, data in rows:
                out.setdefault(incident_id, []).append((document_id, json.loads(data)))
        return out

    def sources(self, document_ids: Iterable[str]) -> list[tuple]:
        """(id, published, outlet, title, url, syndication_group, seq, text) of documents."""
        ids, out = list(document_ids), []
        for offset in range(0, len(ids), 500):
            chunk = ids[offset : offset + 500]
            out += [tuple(r) for r in self.conn.execute(
                "SELECT id, published, outlet, title, url, syndication_group, seq, text FROM documents "
                f"WHERE id IN ({', '.join('?' for _ in chunk)})", chunk,
            )]  # fmt: skip
        return out

    def document_incidents(self, document_id: str) -> list[dict]:
        rows = self.conn.execute("SELECT data, incident_id FROM document_incidents WHERE document_id = ? ORDER BY idx", (document_id,))
        return [{**json.loads(r[0]), "incident_id": r[1]} for r in rows]


def _block_key(key: tuple) -> str:
    return json.dumps(key, ensure_ascii=False, separators=(",", ":"))
