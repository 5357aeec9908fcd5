"""Incidents: per-article assembly, cross-document resolution, consensus and conflicts."""

import json
import shutil

import pytest

import corroborate
from conftest import EXAMPLES
from corroborate.assemble import assemble
from corroborate.consensus import Source, build, classify
from corroborate.resolve import Candidate, Resolver, blocking_keys


def incidents_of(extractor, text, published="2024-05-02"):
    return assemble(extractor.extract(text, published), published, text)


# --------------------------------------------------------------------------- assembly


def test_a_background_paragraph_is_its_own_incident(extractor):
    text = (
        "Gunmen opened fire on a wedding in the town of Tillaberi, Niger, on Tuesday, killing 12 people.\n\n"
        "The attack came two years after a bombing in Niamey killed 30 people in March 2022.\n\n"
        "Officials in Tillaberi said 20 others were wounded."
    )
    found = incidents_of(extractor, text)
    assert [i.main for i in found] == [True, False]
    main, background = found
    assert main.counts["killed"].best == 12 and main.counts["injured"].best == 20
    assert background.counts["killed"].best == 30
    assert background.date["start"].startswith("2022-03")
    assert main.date["start"] == "2024-04-30"


def test_an_attack_named_in_passing_gives_nothing(extractor):
    text = (
        "A suicide bomber killed nine people at a market in Mogadishu, Somalia, on Monday.\n\n"
        "It was the worst attack since the September 11 attacks."
    )
    found = incidents_of(extractor, text)
    assert len(found) == 1 and found[0].counts["killed"].best == 9


def test_a_sentence_about_two_countries_is_read_in_parts(extractor):
    text = (
        "At least 94 people were killed in the Kerman bombing in Iran, and at least 139 died "
        "in the Crocus City Hall attack near Moscow."
    )
    found = incidents_of(extractor, text)
    killed = {(i.location or {}).get("country_code"): i.counts["killed"].best for i in found}
    assert killed == {"IR": 94, "RU": 139}


# --------------------------------------------------------------------------- conflicts and policies


@pytest.mark.parametrize(
    "earlier,later,kind",
    [
        ({"min": 91, "max": 91}, {"min": 94, "max": None}, "contradiction"),  # exactly 91 vs at least 94
        ({"min": 13, "max": 13}, {"min": 15, "max": 15}, "contradiction"),
        ({"min": 101, "max": None}, {"min": 284, "max": 284}, "refinement"),  # more than a hundred vs 284
        ({"min": 60, "max": 60}, {"min": 133, "max": 133, "update": True}, "update"),  # the toll rose to 133
        ({"min": 30, "max": 50}, {"min": 40, "max": 40}, "refinement"),
    ],
)
def test_conflict_classes(earlier, later, kind):
    assert classify(earlier, later) == kind


def _member(extractor, text, published):
    (main, *_) = incidents_of(extractor, text, published)
    return main.as_dict()


@pytest.fixture
def three_reports(extractor):
    texts = {
        "a": ("A bomb killed 12 people at a bus station in Quetta, Pakistan, on Monday.", "2025-03-03", "g1"),
        "b": ("A bomb killed 12 people at a bus station in Quetta, Pakistan, on Monday.", "2025-03-03", "g1"),  # a copy
        "c": ("The death toll from Monday's bombing at a bus station in Quetta, Pakistan, rose to 20.", "2025-03-05", "g2"),
        "d": ("Police said 15 people were killed in the bombing at a bus station in Quetta, Pakistan, on Monday.", "2025-03-04", "g3"),
    }
    sources = {k: Source(k, p, f"outlet-{k}", None, None, g, i, t) for i, (k, (t, p, g)) in enumerate(texts.items())}
    members = [(k, _member(extractor, t, p)) for k, (t, p, _) in texts.items()]
    return members, sources


def test_policies_pick_best_from_independent_sources(three_reports):
    members, sources = three_reports
    figures = {policy: build("inc_x", members, sources, policy)["killed"] for policy in ("conservative", "ucdp", "latest")}
    assert figures["conservative"]["best"] == 12
    assert figures["ucdp"]["best"] == 20  # no figure has more support (a and b: one group): the highest toll
    assert figures["latest"]["best"] == 20
    assert all((f["low"], f["high"]) == (12, 20) for f in figures.values())


def test_a_background_recall_gives_no_figure_when_reports_about_the_attack_do(three_reports, extractor):
    members, sources = three_reports
    later = "The bombing at a bus station in Quetta, Pakistan, on March 3 killed 40 people."
    recall = {**_member(extractor, later, "2025-03-10"), "main": False}  # an article about another attack recalls it
    sources["e"] = Source("e", "2025-03-10", "outlet-e", None, None, "g4", 4, later)
    record = build("inc_x", [*members, ("e", recall)], sources, "latest")
    assert record["killed"]["best"] == 20 and record["killed"]["high"] == 20  # not the recall's 40
    assert 40 in {c["min"] for c in record["killed"]["claims"]}  # still listed, traced to its sentence
    alone = build("inc_y", [("e", recall)], sources, "latest")
    assert alone["killed"]["best"] == 40  # the only figure there is


def test_ucdp_ties_other_counts_take_the_median(extractor):
    texts = [
        "A gunman wounded 3 people at a mall in Denver, Colorado, on Monday.",
        "Police said 5 people were wounded when a gunman opened fire at a mall in Denver, Colorado, on Monday.",
        "Nine people were wounded in Monday's shooting at a mall in Denver, Colorado.",
    ]
    sources = {str(i): Source(str(i), "2025-03-04", f"outlet-{i}", None, None, f"g{i}", i, t) for i, t in enumerate(texts)}
    members = [(str(i), _member(extractor, t, "2025-03-04")) for i, t in enumerate(texts)]
    assert build("inc_x", members, sources, "ucdp")["injured"]["best"] == 5


def test_copies_count_once_and_updates_are_classified(three_reports):
    members, sources = three_reports
    record = build("inc_x", members, sources)
    assert record["independent_sources"] == 3 and len(record["documents"]) == 4
    twelve = next(v for v in record["killed"]["values"] if v["min"] == 12)
    assert (len(twelve["documents"]), twelve["independent_sources"]) == (2, 1)
    kinds = {c["kind"] for c in record["conflicts"] if c["field"] == "killed"}
    assert kinds == {"contradiction", "update"}
    assert record["location"]["name"] == "Quetta" and record["date"]["start"] == "2025-03-03"


def test_unknown_policy_is_refused(three_reports):
    members, sources = three_reports
    with pytest.raises(ValueError, match="policy"):
        build("inc_x", members, sources, "highest")


# --------------------------------------------------------------------------- resolution


def _candidate(doc, day, town=None, country="PK", kind="bombing", killed=None, names=()):
    towns = [{"keys": [town], "lat": None, "lon": None}] if town else []
    date = {"start": day, "end": day, "precision": "day", "basis": "stated"} if day else None
    return Candidate(doc, 0, kind, date, country, None, towns, frozenset(), frozenset(names), killed, 2025)


def test_same_town_and_day_merge_other_towns_or_types_do_not():
    resolver = Resolver()
    first = resolver.add(_candidate("a", "2025-03-03", "quetta", killed=12))
    assert resolver.add(_candidate("b", "2025-03-04", "quetta", killed=15)) == first
    assert resolver.add(_candidate("c", "2025-03-03", "peshawar", killed=12)) != first
    assert resolver.add(_candidate("d", "2025-03-03", "quetta", kind="arrest")) != first
    # another country: usually a gazetteer's namesake of the same town; not if the towns are far apart
    assert resolver.add(_candidate("e", "2025-03-03", "quetta", country="AF")) == first
    iran = _candidate("k1", "2024-01-03", "tehran", country="IR")
    iran.towns = [{"keys": ["tehran"], "lat": 35.69, "lon": 51.42}]
    far = _candidate("k2", "2024-01-03", "mashhad", country="IR")
    far.towns = [{"keys": ["mashhad"], "lat": 36.30, "lon": 59.61}]
    assert resolver.add(iran) != resolver.add(far)
    assert resolver.add(_candidate("f", "2025-06-03", "quetta")) != first


def test_blocking_keeps_far_dates_apart_but_finds_a_victim_by_name():
    keys = set(blocking_keys(_candidate("a", "2025-03-03", "quetta")))
    assert not keys & set(blocking_keys(_candidate("b", "2025-09-03")))
    resolver = Resolver()
    first = resolver.add(_candidate("a", "2025-03-03", "gary", country="US", kind="armed_assault", names=("pitts", "wainwright")))
    trial = _candidate("b", "2025-11-20", "gary", country="US", kind="armed_assault", names=("pitts", "wainwright"))
    assert resolver.add(trial) == first  # a trial months later: the town and two names outweigh the date


def test_shootings_a_week_apart_in_one_city_do_not_chain():
    resolver = Resolver()
    first = resolver.add(_candidate("a", "2025-02-05", "chicago", country="US", kind="armed_assault", names=("guglielmi",)))
    # a follow-up report six days later joins; the next week's shooting meets it but not the first date
    assert resolver.add(_candidate("b", "2025-02-11", "chicago", country="US", kind="armed_assault", names=("guglielmi",))) == first
    later = _candidate("c", "2025-02-16", "chicago", country="US", kind="armed_assault", names=("guglielmi",))
    assert resolver.add(later) != first


def test_a_nearby_town_of_another_name_counts_less_than_the_same_town():
    def report(doc, name, lat, lon, country="US"):
        c = _candidate(doc, "2025-03-03", name, country=country, kind="armed_assault")
        c.towns = [{"keys": [name], "lat": lat, "lon": lon}]
        return c

    resolver = Resolver()
    first = resolver.add(report("a", "garfield", 30.19, -97.55))
    # the country disagrees (-1), the date meets (+1): the same town's name (+2) carries it ...
    assert resolver.add(report("b", "garfield", 30.19, -97.55, country="MX")) == first
    # ... a town of another name 17 km away (+1) does not: a suburb, or a neighbourhood a gazetteer misplaced
    assert resolver.add(report("c", "manor", 30.34, -97.56, country="MX")) != first
    # with the country agreeing, it does
    assert resolver.add(report("d", "manor", 30.34, -97.56)) == first


def _us_report(doc, day, town="memphis", population=650_000, killed=None, wounded_only=False, names=(), main=True):
    c = _candidate(doc, day, town, country="US", kind="armed_assault", killed=killed, names=names)
    c.towns[0]["population"] = population
    c.main, c.wounded_only = main, wounded_only
    return c


def test_a_report_days_later_needs_more_than_a_big_citys_name():
    resolver = Resolver()
    first = resolver.add(_us_report("a", "2025-03-03", "houston", population=2_300_000, names=("reyes",)))
    # the next day: the city (+1 for a city of millions) and the date (+1) carry it
    assert resolver.add(_us_report("b", "2025-03-04", "houston", population=2_300_000)) == first
    # four days later, a follow-up date (+0.5) and the city's name do not: it has several shootings a week ...
    assert resolver.add(_us_report("c", "2025-03-07", "houston", population=2_300_000)) != first
    # ... unless a person is named in both; and in a smaller town (+2) they do
    assert resolver.add(_us_report("d", "2025-03-07", "houston", population=2_300_000, names=("reyes",))) == first
    small = resolver.add(_us_report("e", "2025-03-03", "pontiac", population=60_000))
    assert resolver.add(_us_report("f", "2025-03-07", "pontiac", population=60_000)) == small


def test_a_wounded_only_report_and_a_deadly_incident_need_a_person_in_common():
    resolver = Resolver()
    deadly = resolver.add(_us_report("a", "2025-03-03", killed=1, names=("okafor",)))
    # same town (+2), a follow-up date (+0.5): a report of people wounded, no one killed, loses 1
    assert resolver.add(_us_report("b", "2025-03-05", wounded_only=True)) != deadly
    assert resolver.add(_us_report("c", "2025-03-07")) == deadly
    assert resolver.add(_us_report("d", "2025-03-07", wounded_only=True, names=("okafor",))) == deadly


def test_a_dated_background_mention_needs_one_more_point():
    resolver = Resolver()
    first = resolver.add(_us_report("a", "2025-03-03", "gary", population=70_000))
    # the same town (+2) and a follow-up date (+0.5) merge a main report, not a paragraph recalling a shooting
    assert resolver.add(_us_report("b", "2025-03-06", "gary", population=70_000, main=False)) != first
    assert resolver.add(_us_report("c", "2025-03-03", "gary", population=70_000, main=False)) == first  # the same day: +3
    assert resolver.add(_us_report("d", "2025-03-08", "gary", population=70_000)) == first


def test_an_undated_mention_needs_more_than_a_town():
    resolver = Resolver()
    first = resolver.add(_candidate("a", "2025-03-03", "quetta"))
    assert resolver.add(_candidate("b", None, "quetta")) != first
    assert resolver.add(_candidate("c", None, "quetta", names=("khan",))) != first
    resolver.add(_candidate("d", "2025-03-03", "quetta", names=("khan", "baloch")))
    assert resolver.add(_candidate("e", None, "quetta", names=("khan", "baloch"))) == first


def _assignments(db):
    with corroborate.open(db, readonly=True) as corpus:
        rows = corpus.store.conn.execute("SELECT document_id, idx, incident_id FROM document_incidents ORDER BY 1, 2")
        return [tuple(r) for r in rows]


def test_incremental_resolution_equals_resolving_everything_at_once(tmp_path):
    files = sorted(p for p in EXAMPLES.glob("*.txt"))
    assert len(files) >= 20
    everything, halves = tmp_path / "all.db", tmp_path / "halves.db"
    with corroborate.open(everything) as corpus:
        corpus.ingest([str(p) for p in files])  # reads, extracts and resolves, as the CLI does
    with corroborate.open(halves) as corpus:
        for part in (files[: len(files) // 2], files[len(files) // 2 :]):
            summary = corpus.ingest([str(p) for p in part])
            assert summary.resolution.resolved == summary.ok and not summary.resolution.rebuilt
    assert _assignments(everything) == _assignments(halves)
    assert all(incident for _, _, incident in _assignments(everything))
    # an early document read again (a newer assembler) rebuilds: same result, from scratch
    with corroborate.open(halves) as corpus:
        first = next(corpus.documents())
        corpus.store.conn.execute("UPDATE assemblies SET version = 'old' WHERE document_id = ?", (first.id,))
        summary = corpus.resolve()
        stored = sum(1 for _ in corpus.documents(status="ok"))
    assert summary.rebuilt and summary.resolved == stored
    assert _assignments(everything) == _assignments(halves)


def test_an_interrupted_resolution_keeps_the_previous_incidents(tmp_path, monkeypatch):
    db = tmp_path / "x.db"
    files = sorted(EXAMPLES.glob("*.txt"))
    with corroborate.open(db) as corpus:
        corpus.ingest([str(p) for p in files[:5]])
        corpus.extract()
        corpus.resolve()
    before = _assignments(db)
    with corroborate.open(db) as corpus:
        corpus.ingest([str(p) for p in files[5:8]], extract=False)
        corpus.extract()

        def boom(self, c):
            raise KeyboardInterrupt

        monkeypatch.setattr(Resolver, "add", boom)
        with pytest.raises(KeyboardInterrupt):
            corpus.resolve()
        monkeypatch.undo()
    assert [row for row in _assignments(db) if row[2]] == before
    with corroborate.open(db) as corpus:
        assert corpus.resolve().resolved == 3


def test_status_counts_incidents(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt"))[:3]:
        shutil.copy(path, folder)
    cli("ingest", str(folder), "--quiet")
    report = json.loads(cli("status", "--json").stdout)
    assert report["incidents"] >= 1 and report["document_incidents"] >= report["incidents"]


def test_violent_words_in_a_plot_do_not_make_it_an_attack(extractor):
    text = (
        "Prosecutors charged four men on Tuesday with planning to detonate explosives at a concert hall in Leipzig. "
        "Police foiled the plot with raids last month."
    )
    (main, *_) = incidents_of(extractor, text, "2025-04-15")
    assert main.type == "plot" and main.status in ("planned", "foiled")
    (attack, *_) = incidents_of(extractor, "A bomb exploded at a concert hall in Leipzig on Tuesday, killing two people.", "2025-04-15")
    assert (attack.type, attack.status) == ("bombing", "executed")
