"""Extraction results are stored per extractor version, atomically per document, and resumable."""

import sqlite3

import pytest

from corroborate.extract import EXTRACTOR_VERSION

from conftest import write

STORY = (
    "Gunmen stormed a hotel in Mogadishu on Friday, killing at least 12 people, police said.\n\n"
    "Al-Shabaab claimed responsibility for the attack."
)


@pytest.fixture
def stored(corpus, tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY.replace("12", "14").replace("Friday", "Saturday"))
    corpus.ingest([str(tmp_path)], published="2024-03-16", extract=False)
    return corpus


def test_extract_store_saves_mentions_for_every_ok_document(stored, db):
    summary = stored.extract()
    assert (summary.extracted, summary.failed) == (2, 0)
    first = next(stored.documents())
    casualties = stored.mentions(first.id, ["casualty"])
    assert [(m["data"]["min"], m["speaker"]["text"]) for m in casualties] == [(12, "police")]
    text = stored.document(first.id).text
    assert all(text[m["start"] : m["end"]] == m["text"] for m in stored.mentions(first.id))
    assert stored.extract().extracted == 0  # nothing pending any more


class _Silent:
    """An extractor that finds nothing."""

    def pipe(self, pairs):
        for _ in pairs:
            yield []


class _Exploding:
    """An extractor that fails on the document with 14 dead and finds nothing in the others."""

    def pipe(self, pairs):
        for text, _ in pairs:
            if "14" in text:
                raise RuntimeError("bad document")
            yield []


def silent_extractor():
    return _Silent()


def exploding_extractor():
    return _Exploding()


@pytest.fixture
def extractor_factory(monkeypatch):
    """Run the extraction workers with another extractor (a worker imports it from this module)."""
    from corroborate.extract import parallel

    used = []

    def use(factory):
        used.append(factory)
        monkeypatch.setattr(parallel, "EXTRACTOR_FACTORY", factory)

    yield use
    for factory in used:
        parallel.shutdown(factory)


def test_extract_store_newer_version_redoes_documents_atomically(stored, db, monkeypatch, extractor_factory):
    stored.extract()
    first = next(stored.documents())
    assert stored.mentions(first.id)
    monkeypatch.setattr("corroborate.extract.EXTRACTOR_VERSION", "999")
    assert stored.extract_iter().pending() == 2
    extractor_factory(silent_extractor)
    stored.extract()
    assert stored.mentions(first.id) == []  # replaced, not appended to
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("SELECT version FROM extractions")} == {"999"}


def test_extract_store_a_failing_document_is_recorded_and_others_go_on(stored, db, extractor_factory):
    extractor_factory(exploding_extractor)
    summary = stored.extract()
    assert (summary.extracted, summary.failed) == (1, 1)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT status, reason FROM extractions ORDER BY status").fetchall()
    assert rows[0][0] == "failed" and "RuntimeError" in rows[0][1] and rows[1][0] == "ok"


@pytest.mark.slow
def test_extract_store_two_workers_give_the_same_mentions(corpus, tmp_path, db):
    for n in range(6):
        write(tmp_path / f"{n}.txt", STORY.replace("12", str(20 + n)))
    corpus.ingest([str(tmp_path)], published="2024-03-16", extract=False)
    corpus.extract(workers=2)
    parallel_mentions = {d.id: corpus.mentions(d.id) for d in corpus.documents()}
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM extractions")
    corpus.extract(workers=1)
    assert {d.id: corpus.mentions(d.id) for d in corpus.documents()} == parallel_mentions
    assert EXTRACTOR_VERSION
