"""Supervised extraction workers: a document past its time or memory budget is recorded with a
reason, its worker is replaced, and the other documents keep their results and their order.

The workers here run ``pathological_extractor`` (a worker process imports it from this module),
which reads each text as an instruction; budgets are lowered so that each test takes seconds.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest

from corroborate.extract import parallel

MEMORY_CAP_MB = 1500  # a runaway test extractor stops here even if supervision failed


class _Note:
    """A mention as a worker sends it (anything with ``as_dict``): the text it was given."""

    def __init__(self, text: str):
        self.text = text

    def as_dict(self) -> dict:
        end = len(self.text)
        return {"kind": "note", "start": 0, "end": end, "text": self.text, "sentence": [0, end], "data": {"read": self.text}, "speaker": None}


class _Pathological:
    """One mention per ordinary text (its whole text); 'HANG' loops in Python, 'STUCK' loops
    where no alarm reaches it (like C code that never returns), 'BLOAT' allocates memory without
    bound, 'CRASH' kills its own process, 'RAISE' raises."""

    def pipe(self, pairs):
        for text, _published in pairs:
            yield self._one(text)

    def _one(self, text: str) -> list[_Note]:
        if "HANG" in text:
            while True:
                pass
        if "STUCK" in text:
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            while True:
                pass
        if "BLOAT" in text:
            hoard = []
            for _ in range(MEMORY_CAP_MB // 10):
                hoard.append(b"x" * 10 * 2**20)  # written, so resident
                time.sleep(0.005)
            time.sleep(3600)
        if "CRASH" in text:
            os.kill(os.getpid(), signal.SIGSEGV)
        if "RAISE" in text:
            raise ValueError("bad text")
        return [_Note(text)]


def pathological_extractor() -> _Pathological:
    return _Pathological()


@pytest.fixture
def budgets(monkeypatch):
    """Small budgets; this module's workers are stopped after each test."""
    monkeypatch.setattr(parallel, "DOCUMENT_TIME_LIMIT", 1.0)
    monkeypatch.setattr(parallel, "KILL_GRACE", 0.5)
    monkeypatch.setattr(parallel, "DOCUMENT_MEMORY_LIMIT_MB", 150)
    yield
    parallel.shutdown(pathological_extractor)


def run(texts: list[str], **options) -> list[tuple[str, list[dict] | str]]:
    items = [(f"doc{k}", text, "2024-05-01") for k, text in enumerate(texts)]
    return list(parallel.extract_all(items, factory=pathological_extractor, **options))


def readings(results) -> list[str]:
    """What each document gave: the text the extractor read, or the reason it failed."""
    return [result if isinstance(result, str) else result[0]["data"]["read"] for _, result in results]


@pytest.mark.parametrize("bad", ["HANG", "STUCK"])
def test_extract_parallel_a_document_that_never_ends_is_recorded_extract_timeout(budgets, bad):
    texts = ["first", "second", bad, "fourth", "fifth"]
    results = run(texts)
    assert [doc for doc, _ in results] == ["doc0", "doc1", "doc2", "doc3", "doc4"]
    assert readings(results) == ["first", "second", "extract_timeout", "fourth", "fifth"]


def test_extract_parallel_a_document_that_allocates_without_bound_is_recorded_extract_memory(budgets):
    results = run(["first", "BLOAT", "third"])
    assert readings(results) == ["first", "extract_memory", "third"]


def test_extract_parallel_a_crash_or_an_error_costs_only_its_document(budgets):
    results = run(["first", "CRASH", "third", "RAISE", "fifth"])
    assert readings(results) == ["first", "extract_crash:SIGSEGV", "third", "extract:ValueError:bad text", "fifth"]


def test_extract_parallel_several_workers_keep_the_input_order(budgets):
    texts = [f"text {k}" for k in range(12)]
    texts[3], texts[8] = "HANG", "BLOAT"
    expected = list(texts)
    expected[3], expected[8] = "extract_timeout", "extract_memory"
    assert readings(run(texts, workers=2, batch_size=2)) == expected


def test_extract_parallel_a_slow_document_early_does_not_stall_the_run(budgets):
    # Every later document is done while the second one runs out its time: the read-ahead window
    # stays full until the slow one is answered, then everything is yielded at once and the
    # scheduler must read on (it used to stop with "extraction stalled").
    texts = [f"text {k}" for k in range(12)]
    texts[1] = "HANG"
    expected = list(texts)
    expected[1] = "extract_timeout"
    assert readings(run(texts, workers=2, batch_size=2)) == expected


def test_extract_parallel_workers_are_kept_for_the_next_run_and_no_items_start_none(budgets):
    assert run([]) == []
    assert not parallel._idle.get(pathological_extractor)  # nothing to do: no process started
    assert readings(run(["a"])) == ["a"]
    (worker,) = parallel._idle[pathological_extractor]
    assert readings(run(["b", "c"])) == ["b", "c"]
    assert parallel._idle[pathological_extractor] == [worker]  # the same process, loaded once


def test_extract_parallel_a_long_text_gets_a_longer_budget_and_a_batch_of_its_own():
    from corroborate.extract import MAX_EXTRACT_CHARS

    assert parallel.document_budget("x" * MAX_EXTRACT_CHARS) > 10 * parallel.document_budget("a short story")
    items = [("a", "x" * 10, None), ("b", "y" * parallel.BATCH_CHARS, None), ("c", "z", None), ("d", "w", None)]
    assert [[doc for doc, _, _ in batch] for batch in parallel._batches(items, 16)] == [["a"], ["b"], ["c", "d"]]


def test_extract_parallel_ingest_records_the_reason_and_extracts_the_others(corpus, db, tmp_path, budgets, monkeypatch):
    for name, text in [("a.txt", "Five people were killed."), ("b.txt", "HANG on"), ("c.txt", "Two were hurt. BLOAT")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus.ingest([str(tmp_path)], published="2024-05-01", extract=False)
    monkeypatch.setattr(parallel, "EXTRACTOR_FACTORY", pathological_extractor)  # what ingest's Extract stage runs
    summary = corpus.extract()
    assert (summary.extracted, summary.failed) == (1, 2)
    with sqlite3.connect(db) as conn:
        reasons = sorted(row[0] or "" for row in conn.execute("SELECT reason FROM extractions"))
    assert reasons == ["", "extract_memory", "extract_timeout"]
