"""The five seed articles (../shared/corpus/seeds): all stored, exactly one syndication pair."""

import itertools

import corroborate


def test_seeds_ingest_ok_and_only_the_copy_pair_shares_a_group(seeds, db):
    with corroborate.open(db) as corpus:
        summary = corpus.ingest([str(seeds)])
        assert summary.as_dict() == {"seen": 5, "ok": 5, "duplicate": 0, "skipped": 0, "failed": 0}
        group = {d.source.rsplit("/", 1)[1][:3]: d.syndication_group for d in corpus.documents()}
    pairs = {(a, b) for a, b in itertools.combinations(sorted(group), 2) if group[a] == group[b]}
    assert pairs == {("001", "004")}


def test_seeds_reingest_is_a_no_op(seeds, db):
    with corroborate.open(db) as corpus:
        corpus.ingest([str(seeds)])
        again = corpus.ingest([str(seeds)])
    assert (again.ok, again.duplicate) == (0, 5)
