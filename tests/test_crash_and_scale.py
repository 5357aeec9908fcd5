"""A killed ingest leaves a sound database that a re-run completes; big folders stream."""

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import corroborate

from conftest import article, run_module, write


def ledger_rows(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM ledger").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_crash_sigkill_mid_ingest_then_rerun_completes_without_duplicates(tmp_path):
    folder = tmp_path / "many"
    total = 1500
    for n in range(total):
        write(folder / f"{n:05}.txt", article(f"crash{n}", sentences=4))
    db = tmp_path / "crash.db"
    command = [sys.executable, "-m", "corroborate", "ingest", str(folder), "--db", str(db), "--quiet", "--no-extract"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while ledger_rows(db) < 100 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 100 <= stored < total
        # No half-stored document: each has its ledger row, its group, and its fingerprints.
        assert conn.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM ledger l WHERE l.document_id = d.id)").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM documents WHERE syndication_group IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.document_seq = d.seq)").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM runs WHERE finished_at IS NULL").fetchone()[0] == 1

    rerun = run_module("ingest", str(folder), "--db", str(db), "--json", "--quiet", "--no-extract")
    assert rerun.returncode == 0
    report = json.loads(rerun.stdout)
    assert (report["ok"], report["duplicate"], report["failed"]) == (total - stored, stored, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM documents").fetchone() == (total, total)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.slow
def test_scale_folder_of_10000_small_files(tmp_path):
    folder = tmp_path / "tenk"
    for n in range(10_000):
        write(folder / f"d{n // 1000}" / f"{n:05}.txt", f"Report {n}\n\nGunmen attacked checkpoint number {n} on Monday, officials said; {n % 7} people were hurt.")
    db = tmp_path / "tenk.db"
    with corroborate.open(db) as corpus:
        summary = corpus.ingest([str(folder)])
        assert summary.seen == 10_000
        assert summary.ok + summary.duplicate + summary.skipped + summary.failed == 10_000
        assert summary.failed == 0
        assert len(list(corpus.documents(limit=20_000))) == summary.ok
