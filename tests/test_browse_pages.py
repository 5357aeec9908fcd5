"""The page data (corroborate.browse) and its store queries, over the sample corpus: what the web
pages and the JSON API both show."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import corroborate
from corroborate import browse
from corroborate.corpus import NotFound
from corroborate.model import INCIDENT_SORTS, IncidentQuery

from test_api_routes import examples_database


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    with corroborate.open(examples_database(tmp_path_factory), readonly=True) as opened:
        yield opened


def test_browse_query_keeps_creation_order_by_default(corpus):
    """IncidentQuery's new fields keep the CLI's listing as it was: creation order."""
    rows = corpus.store.conn.execute("SELECT id FROM incidents ORDER BY seq").fetchall()
    assert corpus.store.query_incidents(IncidentQuery()) == [r[0] for r in rows]
    assert [i.id for i in corpus.incidents()] == [r[0] for r in rows]


@pytest.mark.parametrize("sort", INCIDENT_SORTS)
def test_browse_every_sort_lists_every_incident_once(corpus, sort):
    everything = corpus.store.query_incidents(IncidentQuery())
    listed = corpus.store.query_incidents(IncidentQuery(sort=sort))
    assert sorted(listed) == sorted(everything)


def test_browse_unknown_sort_is_refused(corpus):
    with pytest.raises(ValueError, match="sort"):
        corpus.store.query_incidents(IncidentQuery(sort="shuffle"))


def test_browse_text_search_matches_place_actor_title_and_country(corpus):
    def found(text):
        return set(corpus.store.query_incidents(IncidentQuery(text=text)))

    peshawar = found("peshawar")
    assert peshawar and peshawar == found("PESHAWAR")
    by_place = {i.id for i in corpus.incidents() if i.location and i.location.name == "Peshawar"}
    assert by_place <= peshawar
    named = {i.id for i in corpus.incidents() if any(a.actor_id == "islamic-state-khorasan" for a in i.actors)}
    assert named and named <= found("Khorasan")  # the actor's id (or name) holds the words
    assert found("Pakistan") >= {i.id for i in corpus.incidents(country="PK")}
    assert found("%") == set() and found("Pesh_war") == set()  # literal characters, not wildcards
    assert found("   ") == set(corpus.store.query_incidents(IncidentQuery()))  # blank: no filter


def test_browse_text_combines_with_filters(corpus):
    both = set(corpus.store.query_incidents(IncidentQuery(text="Peshawar", type="bombing")))
    assert both and all(i.type == "bombing" for i in corpus.incidents(ids=both))


def test_browse_incident_list_counts_and_facets_agree(corpus):
    data = browse.incident_list(corpus, IncidentQuery(countries=("PK", "AF")), per_page=3)
    assert len(data["incidents"]) == 3 and data["total"] == sum(1 for _ in corpus.incidents(country=["PK", "AF"]))
    facets = data["facets"]
    assert sum(n for _, _, n in facets["country"]) == data["total"]
    assert {code for code, _, _ in facets["country"]} == {"PK", "AF"}
    assert sum(n for _, _, n in facets["has_conflict"]) == data["total"]
    for actor_id, _, count in facets["actor"]:
        assert count == sum(1 for _ in corpus.incidents(country=["PK", "AF"], actor=actor_id))
    json.dumps(data)  # plain data all the way down
    assert browse.incident_list(corpus, per_page=3, facets=False)["facets"] == {}


@pytest.mark.parametrize("page, per_page", [(0, 10), (1, 0), (1, browse.MAX_PER_PAGE + 1)])
def test_browse_page_out_of_range_is_refused(corpus, page, per_page):
    with pytest.raises(ValueError):
        browse.incident_list(corpus, page=page, per_page=per_page)


def test_browse_incident_row_shows_stored_consensus(corpus):
    incident = next(i for i in corpus.incidents() if i.killed.best is not None and i.actors)
    row = browse.incident_row(incident)
    assert row["killed"] == {"best": incident.killed.best, "low": incident.killed.low, "high": incident.killed.high}
    assert row["n_sources"] == len(incident.documents) and row["n_independent"] == incident.independent_sources
    assert len({(a["id"], a["name"], a["role"]) for a in row["actors"]}) == len(row["actors"])


def test_browse_has_conflict_agrees_with_the_stored_flag(corpus):
    flagged = {i.id for i in corpus.incidents(has_conflict=True)}
    assert {i.id for i in corpus.incidents() if browse.incident_row(i)["has_conflict"]} == flagged


def test_browse_incident_detail_quotes_and_series(corpus):
    incident = max(corpus.incidents(), key=lambda i: len(i.killed.claims))
    data = browse.incident_detail(corpus, incident.id)
    assert len([c for c in data["claims"] if c["category"] == "killed"]) == len(incident.killed.claims)
    for claim in data["claims"]:
        assert claim["quote"][claim["quote_start"] : claim["quote_end"]] == claim["text"]
    assert len(data["series"]["killed"]) == sum(1 for c in incident.killed.claims if c.published)
    assert [d["id"] for d in data["documents"]] == incident.documents
    json.dumps(data)
    with pytest.raises(NotFound):
        browse.incident_detail(corpus, "inc_ffffffffffff")


def test_browse_document_detail_labels_mentions(corpus):
    document = next(corpus.documents(status="ok"))
    data = browse.document_detail(corpus, document.id)
    labels = {m["kind"]: m["label"] for m in data["mentions"]}
    assert {"casualty", "place", "incident"} <= set(labels)
    assert labels["casualty"].split()[0] in ("killed", "injured", "missing", "arrested")
    assert data["incidents"] and all(i["incident_id"] for i in data["incidents"])
    with pytest.raises(NotFound):
        browse.document_detail(corpus, "f" * 64)


def test_browse_mention_label_by_kind():
    assert browse.mention_label({"kind": "casualty", "text": "", "data": {"category": "killed", "min": 94, "max": None}}) == "killed 94-"
    assert browse.mention_label({"kind": "casualty", "text": "", "data": {"category": "injured", "min": 3, "max": 3}}) == "injured 3"
    assert browse.mention_label({"kind": "date", "text": "", "data": {"start": "2024-01-03", "end": "2024-01-03"}}) == "2024-01-03"
    assert browse.mention_label({"kind": "place", "text": "", "data": {"name": "Kerman", "country_code": "IR"}}) == "Kerman, IR"


def test_browse_actor_pages(corpus):
    listed = browse.actor_list(corpus, "khorasan")
    assert "islamic-state-khorasan" in {a["id"] for a in listed["actors"]} and listed["total"] == len(listed["actors"])
    detail = browse.actor_detail(corpus, "islamic-state-khorasan")
    assert detail["incidents"]["total"] == sum(1 for _ in corpus.incidents(actor="islamic-state-khorasan"))
    assert all(row["role"] for row in detail["about"])
    assert all(row["kind"] in ("role", "count") for row in detail["by"])
    with pytest.raises(NotFound):
        browse.actor_detail(corpus, "nobody-at-all")


def test_browse_conflict_list_pages(corpus):
    first = browse.conflict_list(corpus, per_page=2)
    second = browse.conflict_list(corpus, page=2, per_page=2)
    assert first["total"] == len(corpus.conflicts()) and len(first["conflicts"]) == 2
    assert first["conflicts"] != second["conflicts"]


def test_browse_country_name():
    assert browse.country_name("PK") == "Pakistan" and browse.country_name(None) is None and browse.country_name("ZZ") == "ZZ"


def test_browse_query_is_not_mutated(corpus):
    query = IncidentQuery(countries=("PK",))
    browse.incident_list(corpus, query, text="Peshawar", sort="killed_desc", per_page=2)
    assert query == replace(IncidentQuery(), countries=("PK",))


def test_browse_cached_totals_follow_a_change_of_the_database(tmp_path_factory, tmp_path):
    """Totals and facets are remembered between pages, but a commit by another process shows."""
    import shutil
    import sqlite3

    db = tmp_path / "copy.db"
    shutil.copy(examples_database(tmp_path_factory), db)
    with corroborate.open(db, readonly=True) as reader:
        before = browse.incident_list(reader, per_page=1)
        assert browse.incident_list(reader, page=2, per_page=1)["total"] == before["total"]
        with sqlite3.connect(db) as writer:
            writer.execute("DELETE FROM incidents WHERE id = ?", (before["incidents"][0]["id"],))
        after = browse.incident_list(reader, per_page=1)
        assert after["total"] == before["total"] - 1
        assert sum(n for _, _, n in after["facets"]["has_conflict"]) == after["total"]
