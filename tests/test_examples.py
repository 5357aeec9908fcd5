"""The project's own sample corpus (examples/corpus), as the demo ingests it."""

import itertools

import pytest

import corroborate
from corroborate.model import Status

from conftest import EXAMPLES

COPY_PAIR = {"feeds/wire.jsonl:2", "2025-08-16_asia-pulse-daily_kunduz-shrine-attack.txt"}


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with corroborate.open(db) as corpus:
        summary = corpus.ingest([str(EXAMPLES)], manifest=EXAMPLES / "manifest.csv")
        assert summary.failed == 0 and summary.duplicate == 0
        yield list(corpus.documents())


def name(document) -> str:
    return document.source.split("examples/corpus/", 1)[1]


def test_examples_has_at_least_15_articles_in_every_format(documents):
    assert len(documents) >= 15
    assert {d.format for d in documents} == {"txt", "html", "jsonl"}


def test_examples_every_article_has_outlet_date_and_title(documents):
    for document in documents:
        assert document.outlet and document.published and document.title, name(document)


def test_examples_non_english_article_is_skipped_with_its_language(documents):
    skipped = [d for d in documents if d.status is Status.SKIPPED]
    assert [(d.language, d.reason) for d in skipped] == [("fr", "language:fr")]


def test_examples_only_the_republished_copy_shares_a_group(documents):
    shared = {
        frozenset((name(a), name(b)))
        for a, b in itertools.combinations(documents, 2)
        if a.syndication_group and a.syndication_group == b.syndication_group
    }
    assert shared == {frozenset(COPY_PAIR)}


def test_examples_one_incident_is_reported_by_several_outlets(documents):
    peshawar = {d.outlet for d in documents if "Peshawar" in (d.title or "")}
    assert len(peshawar) >= 3
