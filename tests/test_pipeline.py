"""Ingest through the Corpus API: idempotence, the ledger invariant, bad input never harms what is stored."""

import json
import sqlite3

import pytest

import corroborate
from corroborate.model import Status

from conftest import article, write

PNG = b"\x89PNG\r\n\x1a\n" + bytes(300)
FRENCH = (
    "Une explosion a frappé un marché de Kaboul mardi matin, tuant au moins douze personnes et en blessant "
    "des dizaines d'autres, selon les autorités locales. Aucun groupe n'a revendiqué l'attentat pour l'instant."
)


def snapshot(db):
    """Everything stored about documents, for before/after comparisons."""
    with sqlite3.connect(db) as conn:
        docs = conn.execute("SELECT * FROM documents ORDER BY seq").fetchall()
        prints = conn.execute("SELECT * FROM fingerprints ORDER BY 1, 2").fetchall()
        links = conn.execute("SELECT * FROM syndication_links ORDER BY 1, 2").fetchall()
    return docs, prints, links


@pytest.fixture
def good_folder(tmp_path):
    folder = tmp_path / "good"
    for name in ("alpha", "beta", "gamma"):
        write(folder / f"{name}.txt", article(name))
    return folder


def test_pipeline_ingest_twice_changes_nothing_and_reports_duplicates(corpus, db, good_folder):
    first = corpus.ingest([str(good_folder)])
    assert first.as_dict() == {"seen": 3, "ok": 3, "duplicate": 0, "skipped": 0, "failed": 0}
    before = snapshot(db)
    second = corpus.ingest([str(good_folder)])
    assert second.as_dict() == {"seen": 3, "ok": 0, "duplicate": 3, "skipped": 0, "failed": 0}
    assert snapshot(db) == before


def test_pipeline_same_text_from_another_source_is_a_duplicate_with_provenance(corpus, tmp_path):
    text = article("wire")
    write(tmp_path / "outlet1.txt", text)
    write(tmp_path / "outlet2.txt", "  " + text.replace("\n\n", "\n\n\n") + "\n")  # layout differs only
    corpus.ingest([str(tmp_path)])
    (document,) = corpus.documents()
    ledger = corpus.ledger(document.id)
    assert [(row["status"], row["source"].rsplit("/", 1)[1]) for row in ledger] == [
        ("ok", "outlet1.txt"),
        ("duplicate", "outlet2.txt"),
    ]


def test_pipeline_non_english_is_stored_as_skipped_with_language(corpus, tmp_path):
    write(tmp_path / "fr.txt", FRENCH)
    summary = corpus.ingest([str(tmp_path / "fr.txt")])
    assert summary.skipped == 1
    (document,) = corpus.documents()
    assert (document.status, document.language, document.reason) == (Status.SKIPPED, "fr", "language:fr")
    assert document.syndication_group is None


def test_pipeline_cp1251_russian_is_decoded_then_skipped_as_russian(corpus, tmp_path):
    text = "Взрыв произошёл в концертном зале в пятницу вечером, погибли десятки людей, сообщили власти. " * 4
    write(tmp_path / "ru.txt", text.encode("cp1251"))
    corpus.ingest([str(tmp_path)])
    (document,) = corpus.documents(with_text=True)
    assert (document.language, document.reason, document.encoding) == ("ru", "language:ru", "cp1251")
    assert "концертном" in document.text


def test_pipeline_latin1_english_is_ok_and_records_the_decoding(corpus, tmp_path):
    write(tmp_path / "l1.txt", (article("cafe") + " The café near the Place de la Concorde was closed.").encode("latin-1"))
    corpus.ingest([str(tmp_path)])
    (document,) = corpus.documents(with_text=True)
    assert document.status is Status.OK
    assert document.reason.startswith("decoded:") and "café" in document.text


def test_pipeline_bad_inputs_get_reasons_and_leave_stored_documents_untouched(corpus, db, good_folder, tmp_path):
    corpus.ingest([str(good_folder)])
    before = snapshot(db)
    bad = tmp_path / "bad"
    write(bad / "empty.txt", "")
    write(bad / "image.txt", PNG)
    write(bad / "archive.html", b"PK\x03\x04" + bytes(100))
    write(bad / "scripts.html", "<html><script>var x = 1;</script><style>p {}</style></html>")
    write(bad / "feed.jsonl", '{"text": "' + article("feed").replace("\n", " ") + '"}\n{oops\n')
    with (bad / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    run = corpus.ingest_iter([str(bad), str(tmp_path / "missing.txt")])
    results = {r.source.replace(str(bad) + "/", ""): (r.status.value, r.reason) for r in run}
    assert results == {
        "archive.html": ("failed", "binary:zip"),
        "empty.txt": ("skipped", "empty"),
        "feed.jsonl:1": ("ok", None),
        "feed.jsonl:2": ("failed", results["feed.jsonl:2"][1]),
        "huge.txt": ("failed", "too_large:50.0MB>10MB"),
        "image.txt": ("failed", "binary:png"),
        "scripts.html": ("skipped", "html:no_main_text"),
        str(tmp_path / "missing.txt"): ("failed", "not_found"),
    }
    assert results["feed.jsonl:2"][1].startswith("jsonl:invalid_json")
    assert run.summary.as_dict() == {"seen": 8, "ok": 1, "duplicate": 0, "skipped": 2, "failed": 5}
    docs, prints, links = snapshot(db)
    assert docs[: len(before[0])] == before[0]  # old rows unchanged, one row added after them
    assert len(docs) == len(before[0]) + 1


def test_pipeline_seen_equals_sum_of_outcomes_and_ledger(corpus, db, good_folder, tmp_path):
    write(good_folder / "bad.txt", PNG)
    summary = corpus.ingest([str(good_folder), str(good_folder)])
    counts = summary.as_dict()
    assert counts["seen"] == counts["ok"] + counts["duplicate"] + counts["skipped"] + counts["failed"] == 8
    with sqlite3.connect(db) as conn:
        (ledger_rows,) = conn.execute("SELECT COUNT(*) FROM ledger WHERE run_id = ?", (summary.run_id,)).fetchone()
        run = conn.execute("SELECT seen, ok, duplicate, failed, finished_at FROM runs WHERE id = ?", (summary.run_id,)).fetchone()
    assert ledger_rows == 8
    assert run[:4] == (8, 3, 3, 2) and run[4] is not None


def test_pipeline_a_crashing_stage_fails_one_input_and_names_the_stage(corpus, good_folder, monkeypatch):
    from corroborate import pipeline

    real = pipeline.detect_language

    def explode(text):
        if "beta" in text.split("\n", 1)[0]:
            raise RuntimeError("model exploded")
        return real(text)

    monkeypatch.setattr(pipeline, "detect_language", explode)
    results = {r.source.rsplit("/", 1)[1]: r for r in corpus.ingest_iter([str(good_folder)])}
    assert results["beta.txt"].status is Status.FAILED
    assert results["beta.txt"].reason == "internal:language:RuntimeError:model exploded"
    assert results["alpha.txt"].status is results["gamma.txt"].status is Status.OK
    assert len(list(corpus.documents())) == 2


def test_pipeline_jsonl_external_id_and_metadata_are_stored(corpus, tmp_path):
    record = {"id": 42, "title": "T", "text": article("jsonl"), "url": "https://x.example/1", "published": "2024-01-04T09:00:00Z", "outlet": "Wire"}
    write(tmp_path / "f.jsonl", json.dumps(record) + "\n")
    corpus.ingest([str(tmp_path / "f.jsonl")])
    (document,) = corpus.documents()
    assert (document.external_id, document.url, document.outlet, document.published, document.source) == (
        "42", "https://x.example/1", "Wire", "2024-01-04T09:00:00+00:00", f"{tmp_path}/f.jsonl:1",
    )  # fmt: skip


def test_pipeline_near_and_partial_copies_share_a_group_and_others_do_not(corpus, tmp_path):
    original = article("wire", sentences=12)
    near = "Reprinted with permission.\n\n" + original.replace("police", "officers").rsplit("\n\n", 1)[0]
    long_text = article("long", sentences=40)
    partial = article("intro", sentences=4) + "\n\n" + "\n\n".join(long_text.split("\n\n")[5:10])
    for name, text in [("1-original", original), ("2-near", near), ("3-long", long_text), ("4-partial", partial), ("5-other", article("other"))]:
        write(tmp_path / f"{name}.txt", text)
    corpus.ingest([str(tmp_path)])
    groups = {d.source.rsplit("/", 1)[1][:1]: d.syndication_group for d in corpus.documents()}
    assert groups["1"] == groups["2"]
    assert groups["3"] == groups["4"]
    assert len({groups["1"], groups["3"], groups["5"]}) == 3


def test_pipeline_a_roundup_of_two_stories_joins_its_main_source_and_merges_nothing(corpus, tmp_path):
    a, b = article("first", sentences=16), article("second", sentences=16)
    write(tmp_path / "1.txt", a)
    write(tmp_path / "2.txt", b)
    corpus.ingest([str(tmp_path / "1.txt"), str(tmp_path / "2.txt")])
    first, second = corpus.documents()
    write(tmp_path / "3.txt", a.split("\n\n", 2)[-1] + "\n\n" + b.split("\n\n", 6)[-1])  # more of a than of b
    corpus.ingest([str(tmp_path / "3.txt")])
    roundup = list(corpus.documents())[-1]
    assert roundup.syndication_group == first.id
    assert corpus.document(second.id).syndication_group == second.id  # not merged through the round-up
    assert {link["copies_id"] for link in corpus.syndication(roundup)["links"]} == {first.id, second.id}


def test_pipeline_independent_reports_quoting_one_statement_are_not_copies(corpus, tmp_path):
    statement = (
        "“The attackers entered the building at dawn, opened fire on the guards and detonated explosives "
        "at the main gate, and security forces ended the operation after four hours of fighting,” the ministry said."
    )
    write(tmp_path / "a.txt", article("reporter-one", sentences=3) + "\n\n" + statement)
    write(tmp_path / "b.txt", article("reporter-two", sentences=3) + "\n\n" + statement)
    corpus.ingest([str(tmp_path)])
    assert len({d.syndication_group for d in corpus.documents()}) == 2


def test_pipeline_short_flash_copied_whole_is_a_copy(corpus, tmp_path):
    flash = "Gunmen killed twelve people at a cattle market near Maiduguri on Tuesday, the regional governor said."
    write(tmp_path / "a.txt", flash)
    write(tmp_path / "b.txt", "LAGOS (Wire) - " + flash)
    corpus.ingest([str(tmp_path)])
    assert len({d.syndication_group for d in corpus.documents()}) == 1


def test_pipeline_reopen_sees_everything(db, good_folder):
    with corroborate.open(db) as corpus:
        corpus.ingest([str(good_folder)])
    with corroborate.open(db, readonly=True) as corpus:
        assert len(list(corpus.documents())) == 3


def test_pipeline_much_republished_story_keeps_finding_its_copies(corpus, tmp_path, monkeypatch):
    from corroborate import dedup

    monkeypatch.setattr(dedup, "MAX_FINGERPRINT_POSTINGS", 5)  # reach the boilerplate cap quickly
    source = article("wire", sentences=20)
    paragraphs = source.split("\n\n")[1:]
    write(tmp_path / "000.txt", source)
    for n in range(1, 25):
        kept = [p for i, p in enumerate(paragraphs) if (i + n) % 5]  # a different 80% each time
        write(tmp_path / f"{n:03}.txt", article(f"intro{n}", sentences=2) + "\n\n" + "\n\n".join(kept))
    corpus.ingest([str(tmp_path)])
    assert len({d.syndication_group for d in corpus.documents()}) == 1


def test_pipeline_exact_copy_keeps_its_own_metadata_in_the_ledger(corpus, tmp_path):
    text = article("wire-copy")
    lines = [
        json.dumps({"id": "afp-1", "text": text, "outlet": "AFP", "url": "https://afp.example/1", "published": "2024-03-23"}),
        json.dumps({"id": "lm-9", "text": text, "outlet": "Le Monde", "url": "https://lemonde.example/9", "published": "2024-03-24"}),
    ]
    write(tmp_path / "f.jsonl", "\n".join(lines) + "\n")
    corpus.ingest([str(tmp_path / "f.jsonl")])
    (document,) = corpus.documents()
    ledger = corpus.ledger(document.id)
    assert [(r["status"], r["outlet"], r["published"], r["external_id"]) for r in ledger] == [
        ("ok", "AFP", "2024-03-23", "afp-1"),
        ("duplicate", "Le Monde", "2024-03-24", "lm-9"),
    ]


def test_pipeline_lone_surrogates_and_structured_metadata_are_handled(corpus, tmp_path):
    record = {"text": article("surrogate") + " \ud800 end", "title": {"a": 1}, "url": ["x"]}
    write(tmp_path / "f.jsonl", json.dumps(record) + "\n")
    (result,) = list(corpus.ingest_iter([str(tmp_path / "f.jsonl")]))
    assert result.status is Status.OK
    (document,) = corpus.documents()
    assert document.title is None and document.url is None
