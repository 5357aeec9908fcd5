"""A database is fed many times: batches ingested by separate processes give the incidents of one run,
and a process killed mid-extraction or mid-resolution leaves a database the next run completes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_module

pytestmark = pytest.mark.slow
MANIFEST = EXAMPLES / "manifest.csv"


def corpus_files() -> list[str]:
    """The sample corpus in the order a one-shot `ingest examples/corpus` reads it."""
    files = []
    for root, dirs, names in os.walk(EXAMPLES):
        dirs.sort()
        files += [str(Path(root) / n) for n in sorted(names) if n != "manifest.csv"]
    return files


def ingest_cli(db: Path, *paths: str) -> None:
    done = run_module("ingest", *paths, "--manifest", str(MANIFEST), "--db", str(db), "--quiet", timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def ingest_api(db: Path, *paths: str) -> None:
    code = (
        "import sys, corroborate\n"
        "with corroborate.open(sys.argv[1]) as corpus:\n"
        "    corpus.ingest(sys.argv[3:], manifest=sys.argv[2])\n"
        "    corpus.extract()\n"
        "    corpus.resolve()\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(db), str(MANIFEST), *paths], capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def exported(db: Path) -> dict:
    done = run_module("export", "--db", str(db), timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def one_shot(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("one") / "one.db"
    done = run_module("ingest", str(EXAMPLES), "--manifest", str(MANIFEST), "--db", str(db), "--quiet", timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return exported(db)


def assert_same_incidents(got: dict, want: dict) -> None:
    assert [d["id"] for d in got["documents"]] == [d["id"] for d in want["documents"]]
    assert len(got["incidents"]) == len(want["incidents"])
    by_id = {i["id"]: i for i in want["incidents"]}
    for incident in got["incidents"]:
        assert incident == by_id[incident["id"]], incident["id"]
    assert got["actors"] == want["actors"]


def test_pipeline_batches_in_separate_processes_equal_one_run(tmp_path, one_shot):
    files = corpus_files()
    db = tmp_path / "batches.db"
    third = len(files) // 3
    ingest_cli(db, *files[:third])
    ingest_api(db, *files[third : 2 * third])  # the Python API, in a process of its own
    ingest_cli(db, *files[2 * third :])
    assert_same_incidents(exported(db), one_shot)


def _rows(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize(
    "stage, probe",
    [
        ("extraction", "SELECT COUNT(*) FROM extractions"),
        ("resolution", "SELECT COUNT(*) FROM assemblies"),
    ],
)
def test_pipeline_sigkill_during_a_stage_then_rerun_completes(tmp_path, one_shot, stage, probe):
    db = tmp_path / f"killed-{stage}.db"
    argv = [sys.executable, "-m", "corroborate", "ingest", str(EXAMPLES), "--manifest", str(MANIFEST), "--db", str(db), "--quiet"]
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while child.poll() is None and time.monotonic() < deadline and _rows(db, probe) < 3:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    ingest_cli(db, str(EXAMPLES))  # the same command again completes the run
    assert_same_incidents(exported(db), one_shot)
