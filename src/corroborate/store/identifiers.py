"""Persistent export ids (migration 0007): a UUIDv4 per exported object, given once and kept.

Ids are read through any connection; missing ones are given through the store's writer in one
short transaction per batch (``INSERT OR IGNORE`` then read back, so two exports racing agree on
one id). A read-only corpus hands the write to a writer opened on the same file for the moment.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable

from datetime import datetime, timezone

from .sqlite import SQLiteStore, StoreError

SQL_CHUNK = 500


class ExportIds:
    """The ids of one export run: looked up in batches, missing ones assigned through a writer."""

    def __init__(self, store: SQLiteStore, writer: Callable[[], SQLiteStore] | None = None):
        self.store = store
        self._writer_factory = writer or (lambda: store if not store.readonly else SQLiteStore(store.path))
        self._writer: SQLiteStore | None = None

    def close(self) -> None:
        if self._writer is not None and self._writer is not self.store:
            self._writer.close()
        self._writer = None

    def ids(self, kind: str, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """{natural key: (uuid, created)} for every key, assigning the ones never exported before."""
        wanted = list(dict.fromkeys(keys))
        found = self._read(self.store, kind, wanted)
        missing = [k for k in wanted if k not in found]
        if missing:
            writer = self._get_writer()
            stamp = _stamp()
            with writer.transaction():
                writer.conn.executemany(
                    "INSERT OR IGNORE INTO export_ids (kind, natural_key, uuid, created) VALUES (?, ?, ?, ?)",
                    [(kind, key, str(uuid.uuid4()), stamp) for key in missing],
                )
            found.update(self._read(writer, kind, missing))
        return found

    def _get_writer(self) -> SQLiteStore:
        if self._writer is None:
            try:
                self._writer = self._writer_factory()
            except StoreError as error:
                raise StoreError(f"cannot store export ids in {self.store.path} (it must be writable once per new object): {error}") from error
        return self._writer

    @staticmethod
    def _read(store: SQLiteStore, kind: str, keys: list[str]) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for offset in range(0, len(keys), SQL_CHUNK):
            chunk = keys[offset : offset + SQL_CHUNK]
            rows = store.conn.execute(
                "SELECT natural_key, uuid, created FROM export_ids WHERE kind = ? AND natural_key IN (SELECT value FROM json_each(?))",
                (kind, json.dumps(chunk)),
            )
            out.update({r[0]: (r[1], r[2]) for r in rows})
        return out


def _stamp() -> str:
    """Now as a STIX timestamp: UTC, to the millisecond, with Z."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
