"""SQLite store: named migrations, one writer, read-only readers. The only module that writes SQL."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from ..dedup import Overlap
from ..model import Document, InputResult, IngestSummary, Metadata, Status
from .extractions import ExtractionStore
from .incidents import IncidentStore
from .records import RecordStore

MIGRATIONS = "corroborate.store.migrations"
DOCUMENT_COLUMNS = (
    "id", "source", "external_id", "format", "encoding", "url", "title", "outlet", "published",
    "language", "status", "reason", "syndication_group", "ingested_at", "text",
)  # fmt: skip
SUMMARY_COLUMNS = tuple(c for c in DOCUMENT_COLUMNS if c != "text")
# Shortest id prefix accepted where a full 64-character document id is expected.
MIN_ID_PREFIX = 6
# SQLite retries a locked database for BUSY_TIMEOUT_MS; then the store retries again, for as long
# as another process writes (an ingest may hold the write lock for a whole resolution), and says
# so on its logger once the wait passes WAIT_NOTE_AFTER_S.
BUSY_TIMEOUT_MS = 1_000
BUSY_RETRY_S = 0.05
WAIT_NOTE_AFTER_S = 1.0
WAIT_NOTE_EVERY_S = 60.0  # writers taking turns wait again and again: one note a minute is enough
MAX_WRITE_WAIT_S = 24 * 3600  # a writer that holds the lock longer than this is stuck, not busy
SQL_CHUNK = 500  # values per IN (...) list, under SQLite's parameter limit


class StoreError(Exception):
    """The database cannot be opened or used; the message says why."""


# What a failed statement means for the whole database (SQLite's primary result codes). These
# end every further use of the connection, so a batch stops instead of recording each input as
# failed: a bad input is recorded and the batch goes on; a bad database ends it.
FATAL_CODES = {
    11: "is damaged",  # SQLITE_CORRUPT
    26: "is not a SQLite database, or is damaged",  # SQLITE_NOTADB
    13: "cannot grow: the disk is full",  # SQLITE_FULL
    10: "cannot be read or written",  # SQLITE_IOERR
}
SQLITE_BUSY = 5  # another connection holds the lock (the extended BUSY_SNAPSHOT is not this)
log = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _Connection(sqlite3.Connection):
    """A connection that waits for as long as another process writes (noting it on the log once
    the wait is noticeable), and that turns a damaged database into one StoreError, raised again
    on every later statement."""

    path: Path = Path()
    damage: StoreError | None = None
    noted_at: float = float("-inf")  # when the last waiting note was logged

    def execute(self, sql: str, parameters=(), /) -> sqlite3.Cursor:
        if self.damage is not None:
            raise self.damage
        started = time.monotonic()
        while True:
            try:
                return super().execute(sql, parameters)
            except sqlite3.DatabaseError as error:
                if getattr(error, "sqlite_errorcode", None) != SQLITE_BUSY:
                    raise self.fatal(error) or error
                # SQLite has waited BUSY_TIMEOUT_MS (or, switching to WAL, not at all): wait more.
                waited = time.monotonic() - started
                if waited > MAX_WRITE_WAIT_S:
                    raise StoreError(f"{self.path} stayed locked by another process for {waited / 3600:.0f} hours") from error
                if waited >= WAIT_NOTE_AFTER_S and time.monotonic() - self.noted_at > WAIT_NOTE_EVERY_S:
                    log.warning("waiting for another process to finish writing to %s ...", self.path)
                    self.noted_at = time.monotonic()
                time.sleep(BUSY_RETRY_S)

    def executemany(self, sql: str, parameters, /) -> sqlite3.Cursor:
        if self.damage is not None:
            raise self.damage
        try:
            return super().executemany(sql, parameters)
        except sqlite3.DatabaseError as error:
            raise self.fatal(error) or error

    def fatal(self, error: sqlite3.DatabaseError) -> StoreError | None:
        """The StoreError that ``error`` means for the whole database (remembered), or None."""
        problem = FATAL_CODES.get((getattr(error, "sqlite_errorcode", None) or 0) & 0xFF)
        if problem is not None and self.damage is None:
            self.damage = StoreError(f"{self.path} {problem}: {error}")
            self.damage.__cause__ = error
        return self.damage if problem is not None else None


class SQLiteStore(ExtractionStore, IncidentStore, RecordStore):
    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder, not a database file")
        try:
            self.conn = self._connect(readonly)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot {'open' if readonly else 'create or open'} {self.path}: {error}") from error
        except OSError as error:  # its folder cannot be made: under a file, or in /proc or /sys
            why = f"{error.filename} is not a folder" if isinstance(error, (FileExistsError, NotADirectoryError)) else error.strerror
            raise StoreError(f"cannot create {self.path}: {why}") from error
        try:
            if not readonly:
                self._refuse_foreign_database()
                self._refuse_newer_schema()  # before anything is written
                # WAL + NORMAL: a killed process never corrupts or half-writes; only an OS
                # crash may lose the last commits, which a re-run restores.
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.migrate()
            self._check_schema()
        except (sqlite3.DatabaseError, StoreError) as error:
            self.conn.close()
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"cannot open {self.path} as a Corroborate database: {error}") from error

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        if readonly:
            if not self.path.exists():
                raise StoreError(f"no database at {self.path} (run `corroborate ingest` first)")
            uri = "file:" + quote(str(self.path.absolute())) + "?mode=ro"  # quoted: a name may hold "?" or "#"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, factory=_Connection)
            conn.path = self.path
            try:
                conn.execute("PRAGMA schema_version").fetchone()
            except (sqlite3.OperationalError, StoreError):
                conn.close()
                if Path(f"{self.path}-wal").exists():
                    raise
                # A cleanly closed database on a read-only mount: nothing can change under us.
                conn = sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, factory=_Connection)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, factory=_Connection)
        conn.path = self.path
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: other processes may hold locks
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    def _refuse_foreign_database(self) -> None:
        """Never add our tables to another application's database."""
        tables = self._tables()
        if tables and "schema_migrations" not in tables:
            raise StoreError(f"{self.path} is a SQLite database of another application; not touching it")

    def _refuse_newer_schema(self) -> None:
        """A database migrated by a newer Corroborate may hold what this version cannot read, and
        a write by this version could break it for that one: refused, for reads and writes."""
        if "schema_migrations" not in self._tables():
            return
        shipped = {name for name, _ in migrations()}
        unknown = sorted(row[0] for row in self.conn.execute("SELECT name FROM schema_migrations") if row[0] not in shipped)
        if unknown:
            raise StoreError(
                f"{self.path} was written by a newer version of Corroborate (migrations this version does not know: "
                f"{', '.join(unknown)}); upgrade Corroborate to use it"
            )

    def _tables(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def close(self) -> None:
        self.conn.close()

    # -- schema -----------------------------------------------------------------------

    def migrate(self) -> list[str]:
        """Apply the named migrations not yet applied, each in its own transaction. The write lock
        is only taken for a missing one: opening an up-to-date database never waits for a writer."""
        if "schema_migrations" not in self._tables():
            with self.transaction():
                self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
        done = {row[0] for row in self.conn.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in migrations():
            if name in done:
                continue
            with self.transaction():
                # Checked under the write lock: another process may have just applied it.
                if self.conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for statement in _statements(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now()))
            applied.append(name)
        return applied

    def _check_schema(self) -> None:
        """Refuse what this version cannot use: not ours, newer, not yet migrated, tables missing."""
        tables = self._tables()
        if "schema_migrations" not in tables:
            raise StoreError(f"{self.path} is not a Corroborate database")
        self._refuse_newer_schema()
        done = {row[0] for row in self.conn.execute("SELECT name FROM schema_migrations")}
        missing = [name for name, _ in migrations() if name not in done]
        if missing:
            raise StoreError(f"{self.path} needs migrations {missing}: open it once for writing (e.g. ingest)")
        lost = sorted(expected_tables() - tables)
        if lost:
            raise StoreError(
                f"{self.path} is damaged: table(s) {', '.join(lost)} missing, though every migration is recorded "
                "as applied (dropped by another tool?); restore a backup, or ingest into a new database"
            )

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE (waiting while another process writes) ... COMMIT, or ROLLBACK on error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException as error:
            if self.conn.in_transaction:  # SQLite itself rolls back after some errors
                try:
                    self.conn.rollback()
                except sqlite3.Error:
                    if self.conn.damage is None:
                        raise
            fatal = self.conn.fatal(error) if isinstance(error, sqlite3.DatabaseError) else None
            if fatal is not None:
                raise fatal from error
            raise
        self.conn.execute("COMMIT")

    # -- runs and ledger --------------------------------------------------------------

    def start_run(self, command: str) -> int:
        return self.conn.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, now())).lastrowid

    def finish_run(self, summary: IngestSummary) -> None:
        counts = summary.as_dict()
        self.conn.execute(
            "UPDATE runs SET finished_at = ?, seen = ?, ok = ?, duplicate = ?, skipped = ?, failed = ? WHERE id = ?",
            (now(), *(counts[k] for k in ("seen", "ok", "duplicate", "skipped", "failed")), summary.run_id),
        )

    def record(self, run_id: int, result: InputResult) -> None:
        meta = result.meta or Metadata()
        self.conn.execute(
            "INSERT INTO ledger (run_id, source, status, reason, document_id, recorded_at, "
            "title, url, outlet, published, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, result.source, result.status.value, result.reason, result.document_id, now(),
             meta.title, meta.url, meta.outlet, meta.published, result.external_id),
        )  # fmt: skip

    def ledger(self, document_id: str) -> list[dict]:
        rows = self.conn.execute(
            "SELECT run_id, source, status, reason, recorded_at, title, url, outlet, published, external_id "
            "FROM ledger WHERE document_id = ? ORDER BY id",
            (document_id,),
        )
        return [dict(row) for row in rows]

    def runs(self, limit: int = 10) -> list[dict]:
        rows = self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(row) for row in rows]

    # -- documents --------------------------------------------------------------------

    def has_document(self, document_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is not None

    def insert_document(self, doc: Document) -> int:
        values = {c: getattr(doc, c) for c in DOCUMENT_COLUMNS}
        values["status"] = doc.status.value
        values["ingested_at"] = doc.ingested_at or now()
        placeholders = ", ".join("?" for _ in DOCUMENT_COLUMNS)
        cursor = self.conn.execute(
            f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({placeholders})", tuple(values.values())
        )
        return cursor.lastrowid

    def document(self, id_or_prefix: str) -> Document | None:
        """A document by full id or unique prefix; raises StoreError when a prefix is ambiguous."""
        key = id_or_prefix.strip().lower()
        if len(key) < MIN_ID_PREFIX:
            raise StoreError(f"document id prefix {id_or_prefix!r} is too short (at least {MIN_ID_PREFIX} characters)")
        rows = self.conn.execute(
            f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id >= ? AND id < ? LIMIT 2",
            (key, key + "g"),  # ids are lower-case hex, so "g" sorts after every continuation
        ).fetchall()
        if len(rows) > 1:
            raise StoreError(f"document id prefix {id_or_prefix!r} is ambiguous: give more characters")
        return _document(rows[0]) if rows else None

    def documents(
        self,
        *,
        status: str | None = None,
        language: str | None = None,
        outlet: str | None = None,
        group: str | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
        with_text: bool = False,
        limit: int | None = None,
    ) -> Iterator[Document]:
        """Documents in ingest order, filtered; streamed, never loaded all at once."""
        where, params = [], []
        if group is not None:
            where.append("syndication_group >= ? AND syndication_group < ?")
            params += [group.lower(), group.lower() + "g"]  # a prefix, as shown in tables
        for column, value in (("status", status), ("language", language)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if outlet is not None:
            where.append("outlet = ? COLLATE NOCASE")
            params.append(outlet)
        if since is not None:
            # A month or year ("2024-03") ends after every day in it: "~" sorts after "-01".
            where.append("published || '~' >= ?")
            params.append(since)
        if until is not None:
            where.append("substr(published, 1, 10) <= ?")
            params.append(until)
        if search is not None:
            where.append("(title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')")
            escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [f"%{escaped}%"] * 2
        columns = DOCUMENT_COLUMNS if with_text else SUMMARY_COLUMNS
        sql = f"SELECT {', '.join(columns)} FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.conn.execute(sql, params):
            yield _document(row)

    def counts(self) -> dict:
        """Documents by status and language, inputs by ledger status, groups with copies."""
        by_status = dict(self.conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())
        by_language = dict(
            self.conn.execute(
                "SELECT COALESCE(language, '?'), COUNT(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
        )
        ledger = dict(self.conn.execute("SELECT status, COUNT(*) FROM ledger GROUP BY status").fetchall())
        groups = self.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(n), 0) FROM "
            "(SELECT COUNT(*) AS n FROM documents WHERE syndication_group IS NOT NULL "
            "GROUP BY syndication_group HAVING n > 1)"
        ).fetchone()
        return {
            "documents": by_status,
            "languages": by_language,
            "ledger": ledger,
            "syndication_groups_with_copies": groups[0],
            "documents_in_those_groups": groups[1],
            "extractions": self.extraction_counts(),
            **self.incident_counts(),
        }

    # -- syndication ------------------------------------------------------------------

    def postings(self, fingerprints: list[int], limit: int) -> dict[int, list[str]]:
        """Documents indexed under each fingerprint (at most ``limit`` each), in one query per chunk."""
        found: dict[int, list[str]] = {}
        for offset in range(0, len(fingerprints), SQL_CHUNK):
            chunk = fingerprints[offset : offset + SQL_CHUNK]
            rows = self.conn.execute(
                "SELECT f.fingerprint, d.id FROM fingerprints f JOIN documents d ON d.seq = f.document_seq "
                f"WHERE f.fingerprint IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            for fingerprint, document_id in rows:
                documents = found.setdefault(fingerprint, [])
                if len(documents) < limit:
                    documents.append(document_id)
        return found

    def text(self, document_id: str) -> str:
        return self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()[0]

    def add_fingerprints(self, seq: int, fingerprints: Iterable[int]) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO fingerprints (fingerprint, document_seq) VALUES (?, ?)",
            ((fp, seq) for fp in fingerprints),
        )

    def link(self, document_id: str, copies_id: str, overlap: Overlap) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO syndication_links VALUES (?, ?, ?, ?, ?)",
            (document_id, copies_id, overlap.shared, round(overlap.containment, 4), round(overlap.jaccard, 4)),
        )

    def links(self, document_id: str) -> list[dict]:
        rows = self.conn.execute(
            "SELECT document_id, copies_id, shared, containment, jaccard FROM syndication_links "
            "WHERE document_id = ? OR copies_id = ? ORDER BY containment DESC",
            (document_id, document_id),
        )
        return [dict(row) for row in rows]

    def group_of(self, document_id: str) -> str | None:
        row = self.conn.execute("SELECT syndication_group FROM documents WHERE id = ?", (document_id,)).fetchone()
        return row[0] if row else None

    def set_group(self, document_id: str, group: str) -> None:
        self.conn.execute("UPDATE documents SET syndication_group = ? WHERE id = ?", (group, document_id))

    def group_members(self, group: str) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM documents WHERE syndication_group = ? ORDER BY seq", (group,))]


def migrations() -> list[tuple[str, str]]:
    """(name, sql) of every migration shipped with the package, in order."""
    folder = resources.files(MIGRATIONS)
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return [(name.removesuffix(".sql"), folder.joinpath(name).read_text(encoding="utf-8")) for name in names]


@lru_cache(maxsize=1)
def expected_tables() -> frozenset[str]:
    """The tables of a fully migrated database: the shipped migrations replayed in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        for _, sql in migrations():
            for statement in _statements(sql):
                conn.execute(statement)
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return frozenset(row[0] for row in rows) | {"schema_migrations"}
    finally:
        conn.close()


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _document(row: sqlite3.Row) -> Document:
    values = dict(row)
    values["status"] = Status(values["status"])
    values.setdefault("text", "")
    return Document(**values)
