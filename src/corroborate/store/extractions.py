"""Extraction rows: which extractor version read each document, and the mentions it found."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _pending_sql(version: str) -> tuple[str, tuple]:
    return (
        "SELECT d.id, d.text, d.published FROM documents d LEFT JOIN extractions e ON e.document_id = d.id "
        "WHERE d.status = 'ok' AND (e.version IS NULL OR e.version != ?) ORDER BY d.seq",
        (version,),
    )


class ExtractionStore:
    """Mixin of SQLiteStore for the extraction tables (migration 0002)."""

    conn: sqlite3.Connection

    def pending_extraction(self, version: str) -> Iterator[tuple[str, str, str | None]]:
        """(id, text, published) of ok documents without an extraction of ``version``."""
        sql, params = _pending_sql(version)
        # Read ids first: the cursor must not stay open across the writes that follow.
        ids = [row[0] for row in self.conn.execute(sql.replace("d.id, d.text, d.published", "d.id"), params)]
        for document_id in ids:
            row = self.conn.execute("SELECT id, text, published FROM documents WHERE id = ?", (document_id,)).fetchone()
            yield row[0], row[1], row[2]

    def count_pending_extraction(self, version: str) -> int:
        sql, params = _pending_sql(version)
        return self.conn.execute(f"SELECT COUNT(*) FROM ({sql})", params).fetchone()[0]

    def save_extraction(self, document_id: str, version: str, mentions: list[dict], reason: str | None = None) -> None:
        """Replace a document's mentions with ``mentions``, atomically."""
        with self.transaction():
            self.conn.execute("DELETE FROM mentions WHERE document_id = ?", (document_id,))
            self.conn.executemany(
                "INSERT INTO mentions (document_id, kind, start, end, text, sentence_start, sentence_end, data, speaker) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        document_id, m["kind"], m["start"], m["end"], m["text"], m["sentence"][0], m["sentence"][1],
                        json.dumps(m["data"], ensure_ascii=False),
                        None if m["speaker"] is None else json.dumps(m["speaker"], ensure_ascii=False),
                    )
                    for m in mentions
                ),
            )  # fmt: skip
            self.conn.execute(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                (document_id, version, now(), len(mentions), "failed" if reason else "ok", reason),
            )

    def mentions(self, document_id: str, kinds: Iterable[str] | None = None) -> list[dict]:
        sql = "SELECT kind, start, end, text, sentence_start, sentence_end, data, speaker FROM mentions WHERE document_id = ?"
        params: list = [document_id]
        if kinds:
            kinds = list(kinds)
            sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
            params += kinds
        rows = self.conn.execute(sql + " ORDER BY start, end, kind", params)
        return [
            {"kind": r[0], "start": r[1], "end": r[2], "text": r[3], "sentence": [r[4], r[5]],
             "data": json.loads(r[6]), "speaker": None if r[7] is None else json.loads(r[7])}
            for r in rows
        ]  # fmt: skip

    def extraction(self, document_id: str) -> dict | None:
        row = self.conn.execute("SELECT * FROM extractions WHERE document_id = ?", (document_id,)).fetchone()
        return dict(row) if row else None

    def extraction_counts(self) -> dict:
        rows = self.conn.execute("SELECT version, status, COUNT(*), SUM(mentions) FROM extractions GROUP BY 1, 2")
        return {f"{r[0]}:{r[1]}": {"documents": r[2], "mentions": r[3]} for r in rows}
