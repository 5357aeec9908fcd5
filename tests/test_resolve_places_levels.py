"""Resolution across place words a gazetteer cannot measure (a town it lacks, in the region of
the incident's towns), a toll both reports give, a rare kind of attack in one country, and a
report whose year is only guessed. Invented reports, as resolution compares them."""

import pytest

from corroborate.resolve import Candidate, Resolver, blocking_keys


def report(doc, day=None, *, towns=(), country="KG", admin1="Osh", kind="armed_assault", killed=None, actors=(),
           basis="publication", main=True, dated_article=True, reference_year=2025):  # fmt: skip
    places = []
    for t in towns:
        name, lat, lon = (t, None, None) if isinstance(t, str) else t
        places.append({"keys": [name], "lat": lat, "lon": lon, "population": None})
    date = {"start": day, "end": day, "precision": "day", "basis": basis} if day else None
    return Candidate(
        doc, 0, kind, date, country, admin1, places, frozenset(actors), frozenset(), killed, reference_year, main, False, dated_article,
    )  # fmt: skip


UZGEN = ("uzgen", 40.77, 73.30)
NOOKAT = ("nookat", 40.26, 72.62)  # 80 km from Uzgen, the same region


@pytest.mark.parametrize("kind", ["armed_assault", "other"])
def test_resolve_an_unmeasured_town_in_the_incident_region_joins(kind):
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-02", towns=[UZGEN], killed=12))
    # "gunmen in the region's Kara-Tash valley": a place no gazetteer has, same region, next day
    assert resolver.add(report("b", "2025-06-03", towns=["kara-tash"], kind=kind, killed=13)) == first


def test_resolve_an_unmeasured_town_in_another_region_stays_apart():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-02", towns=[UZGEN], killed=12))
    assert resolver.add(report("b", "2025-06-03", towns=["kara-tash"], admin1="Naryn", killed=3)) != first


def test_resolve_a_toll_both_give_is_evidence_on_days_that_meet():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-02", towns=[UZGEN], killed=17))
    # the same toll the next day, in a report placed only in the country
    assert resolver.add(report("b", "2025-06-03", admin1=None, kind="other", killed=17)) == first
    # a month later the same figure says nothing
    assert resolver.add(report("c", "2025-07-09", admin1=None, kind="other", killed=17)) != first
    # nor on the same day in a town of another name
    assert resolver.add(report("d", "2025-06-02", towns=["kara-tash"], admin1=None, kind="other", killed=17)) != first


def test_resolve_a_small_toll_in_common_is_no_evidence():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-02", towns=[UZGEN], killed=2))
    assert resolver.add(report("b", "2025-06-03", admin1=None, kind="other", killed=2)) != first


def test_resolve_a_rare_attack_near_an_unmeasured_town_of_the_country_joins():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-02", towns=[UZGEN], kind="hostage_taking", actors=("front-x",)))
    assert resolver.add(report("b", "2025-06-02", towns=["kara-tash"], admin1=None, kind="hostage_taking")) == first
    # a bombing is not rare: the same place words say too little
    other = Resolver()
    bombing = other.add(report("a", "2025-06-02", towns=[UZGEN], kind="bombing", actors=("front-x",)))
    assert other.add(report("b", "2025-06-02", towns=["kara-tash"], admin1=None, kind="bombing")) != bombing


def test_resolve_two_attacks_in_one_city_a_year_apart_stay_apart_despite_the_region():
    resolver = Resolver()
    first = resolver.add(report("a", "2024-06-02", towns=[UZGEN], killed=12))
    assert resolver.add(report("b", "2025-06-03", towns=[UZGEN], killed=12)) != first
    assert resolver.add(report("c", "2025-06-03", towns=[NOOKAT], killed=5)) != first


def test_resolve_a_guessed_year_looks_where_undated_reports_look():
    guessed = report("b", "2014-06-01", towns=[UZGEN], basis="document_year", reference_year=2011)
    assert ("t", "uzgen", None) in blocking_keys(guessed, lookup=True)
    stated = report("c", "2025-06-01", towns=[UZGEN])
    assert ("t", "uzgen", None) not in blocking_keys(stated, lookup=True)


def test_resolve_a_report_with_a_guessed_year_joins_the_attack_of_its_day():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-06-01", towns=[UZGEN], killed=12))
    # an article with no publication date whose dateline gave the day and month, the year taken
    # from a background year it mentions
    guessed = report("b", "2019-06-02", towns=[UZGEN], killed=14, basis="document_year", reference_year=2019)
    assert resolver.add(guessed) == first


def test_resolve_an_undated_main_report_is_found_by_a_dated_one_in_its_country():
    resolver = Resolver()
    # an article with no publication date, its year guessed from a background year, placed at the
    # region's capital; then a dated report naming only the village the first named once
    first = resolver.add(report("a", "2023-08-24", towns=[UZGEN], killed=20, actors=("front-x",), basis="document_year", reference_year=2023))
    later = report("b", "2025-08-24", towns=["kara-tash"], admin1=None, killed=26, actors=("front-x",))
    assert ("u", "KG") in blocking_keys(later, lookup=True)
    assert resolver.add(later) == first
    # a dated report is not filed there: another dated report finds it only by its own blocks
    assert ("u", "KG") not in blocking_keys(later)
