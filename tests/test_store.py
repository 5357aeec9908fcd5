"""The SQLite store: WAL, named migrations, refusing foreign databases, concurrent and read-only opens."""

import os
import sqlite3
import subprocess
import sys

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


def test_store_readonly_open_of_a_database_in_a_readonly_folder(tmp_path, folder_of_articles=None):
    db = tmp_path / "ro" / "c.db"
    with corroborate.open(db) as corpus:
        corpus.ingest([str(write(tmp_path / "a.txt", article("ro")))])
    os.chmod(db.parent, 0o555)
    try:
        with corroborate.open(db, readonly=True) as corpus:
            assert len(list(corpus.documents())) == 1
    finally:
        os.chmod(db.parent, 0o755)


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
