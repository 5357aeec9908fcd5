"""The SQLite store: WAL, named migrations, refusing foreign databases, concurrent and read-only opens."""

import os
import sqlite3
import subprocess
import sys
import time

import pytest

import corroborate
from corroborate.store import SQLiteStore, StoreError, migrations

from conftest import article, write


def test_store_is_wal_with_named_migrations_applied_once(db):
    SQLiteStore(db).close()
    SQLiteStore(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _ in migrations()]
    assert names[0] == "0001_documents_ledger" and len(set(names)) == len(names)


def test_store_refuses_another_applications_database_untouched(tmp_path):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE documents (x)")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        SQLiteStore(other)
    assert other.read_bytes() == before
    with sqlite3.connect(other) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_store_concurrent_first_opens_do_not_collide(tmp_path):
    db = tmp_path / "race.db"
    code = "import sys, corroborate; corroborate.open(sys.argv[1]).close()"
    processes = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE) for _ in range(8)]
    errors = [p.communicate()[1] for p in processes]
    assert all(p.returncode == 0 for p in processes), errors


def test_store_readonly_open_of_a_database_in_a_readonly_folder(tmp_path, monkeypatch):
    # Root writes anywhere (tests and CI run as root), so a chmod restricts nothing: make SQLite
    # refuse as it does in a read-only folder, where it cannot create the -shm file.
    import sqlite3

    from corroborate.store import sqlite as store_sqlite

    db = tmp_path / "ro" / "c.db"
    with corroborate.open(db) as corpus:
        corpus.ingest([str(write(tmp_path / "a.txt", article("ro")))], extract=False)
    real, opened = sqlite3.connect, []

    class Refusing:  # opens, then fails on the first statement, as SQLite does there
        def execute(self, *args):
            raise sqlite3.OperationalError("unable to open database file")

        def close(self):
            pass

    def connect(target, *args, **kwargs):
        opened.append(str(target))
        if "mode=ro" in str(target) and "immutable=1" not in str(target):
            return Refusing()
        return real(target, *args, **kwargs)

    monkeypatch.setattr(store_sqlite.sqlite3, "connect", connect)
    with corroborate.open(db, readonly=True) as corpus:
        assert len(list(corpus.documents())) == 1
    assert any("immutable=1" in target for target in opened)


def test_store_search_treats_wildcards_literally(corpus, tmp_path):
    write(tmp_path / "a.txt", article("al-Shabaab"))
    corpus.ingest([str(tmp_path)])
    assert len(list(corpus.documents(search="al-Shabaab"))) == 1
    assert list(corpus.documents(search="al_Shabaab")) == []
    assert list(corpus.documents(search="100%")) == []


def test_store_group_filter_accepts_a_prefix(corpus, tmp_path):
    write(tmp_path / "a.txt", article("grouped"))
    corpus.ingest([str(tmp_path)])
    (document,) = corpus.documents()
    assert len(list(corpus.documents(group=document.syndication_group[:8]))) == 1


def test_store_refuses_a_newer_schema_for_reads_and_writes(db):
    SQLiteStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', '2099-01-01')")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer version of Corroborate.*9999_future"):
            SQLiteStore(db, readonly=readonly)
    with sqlite3.connect(db) as conn:  # nothing was applied or recorded
        assert {row[0] for row in conn.execute("SELECT name FROM schema_migrations")} == {n for n, _ in migrations()} | {"9999_future"}
    conn.close()


def test_store_every_shipped_migration_is_known_and_its_tables_expected(db):
    from corroborate.store.sqlite import expected_tables

    SQLiteStore(db).close()
    with sqlite3.connect(db) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    conn.close()
    assert {"documents", "ledger", "incidents", "schema_migrations"} <= expected_tables() <= tables
    SQLiteStore(db, readonly=True).close()  # a database this version migrated is never "newer"


def test_store_opening_an_up_to_date_database_takes_no_write_lock(db):
    SQLiteStore(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        SQLiteStore(db).close()
        assert time.monotonic() - started < 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_store_damage_found_mid_batch_stops_every_later_statement(db, tmp_path):
    with corroborate.open(db) as corpus:
        corpus.ingest([str(write(tmp_path / "a.txt", article("damage")))], extract=False)
    store = SQLiteStore(db)
    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = 11  # SQLITE_CORRUPT, as SQLite sets it
    damage = store.conn.fatal(error)
    assert isinstance(damage, StoreError) and "is damaged" in str(damage)
    with pytest.raises(StoreError, match="is damaged"):
        store.conn.execute("SELECT 1")  # a batch cannot go on recording each input as failed
    store.close()
