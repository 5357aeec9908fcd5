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


def test_extract_store_newer_version_redoes_documents_atomically(stored, db, monkeypatch):
    stored.extract()
    first = next(stored.documents())
    assert stored.mentions(first.id)
    from corroborate.extract import parallel

    monkeypatch.setattr("corroborate.extract.EXTRACTOR_VERSION", "999")
    assert stored.extract_iter().pending() == 2
    monkeypatch.setattr(parallel, "_extract_batch", lambda extractor, batch: [[] for _ in batch])
    stored.extract()
    assert stored.mentions(first.id) == []  # replaced, not appended to
    with sqlite3.connect(db) as conn:
        assert {row[0] for row in conn.execute("SELECT version FROM extractions")} == {"999"}


def test_extract_store_a_failing_document_is_recorded_and_others_go_on(stored, db, monkeypatch):
    from corroborate.extract import parallel

    real = parallel.shared_extractor()

    class Exploding:
        def pipe(self, pairs):
            for text, published in pairs:
                if "14" in text:
                    raise RuntimeError("bad document")
                yield real.extract(text, published)

        def extract(self, text, published=None):
            return next(self.pipe([(text, published)]))

    monkeypatch.setattr(parallel, "shared_extractor", lambda: Exploding())
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


def test_a_document_over_its_time_limit_is_recorded_and_the_others_kept(extractor):
    import time

    from corroborate.extract import parallel

    class Slow:
        """The real extractor, except that one text makes it hang."""

        def pipe(self, pairs):
            for text, published in pairs:
                yield self.extract(text, published)

        def extract(self, text, published=None):
            if "HANG" in text:
                time.sleep(30)
            return extractor.extract(text, published)

    batch = [("a", "Two people were killed.", None), ("b", "HANG here", None), ("c", "Nine were arrested.", None)]
    results = parallel._extract_batch(Slow(), batch, limit=0.5)
    assert results[1].startswith("extract:timeout")
    assert [m["data"]["category"] for m in results[0] if m["kind"] == "casualty"] == ["killed"]
    assert [m["data"]["category"] for m in results[2] if m["kind"] == "casualty"] == ["arrested"]
