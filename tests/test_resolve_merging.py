"""Resolution of reports of one attack across outlets and days: tolls that move, dates that are
relative, missing or guessed, place words at different levels (facility, town, region), and
what must stay apart. The reports are invented; each is what resolution compares of one."""

import pytest

from corroborate.compare import one_letter_apart, same_facility, same_place_name
from corroborate.resolve import Candidate, Resolver


def report(doc, day=None, *, towns=(), country="UZ", admin1="Samarqand", kind="bombing", killed=None, actors=(),
           names=(), basis="publication", main=True, dated_article=True, reference_year=2025):  # fmt: skip
    """One article's incident: ``towns`` as (name, lat, lon, population) or a name alone."""
    places = []
    for t in towns:
        name, lat, lon, population = (t, None, None, None) if isinstance(t, str) else t
        places.append({"keys": sorted({name, *name.split(" / ")}), "lat": lat, "lon": lon, "population": population})
    date = {"start": day, "end": day, "precision": "day", "basis": basis} if day else None
    return Candidate(
        doc, 0, kind, date, country, admin1, places, frozenset(actors), frozenset(names), killed, reference_year,
        main, False, dated_article,
    )  # fmt: skip


SAMARKAND = ("samarkand", 39.65, 66.96, 550_000)
URGUT = ("urgut", 39.40, 67.24, 60_000)  # 36 km away, the same province
PAYARIQ = ("payariq", 39.78, 66.88, 20_000)  # 16 km away: "near Samarkand"
BUKHARA = ("bukhara", 39.77, 64.42, 280_000)


def test_resolve_merges_reports_over_several_days_with_moving_tolls():
    resolver = Resolver()
    first = resolver.add(report("a", "2025-02-09", towns=[SAMARKAND], killed=3))
    # the next day the toll is 14, the day after 27 ("the toll has risen to 27"); one outlet, a
    # wire text with no publication date and no date of its own, says 22 and names the group
    assert resolver.add(report("b", "2025-02-09", towns=[SAMARKAND], killed=14, actors=("front-x",))) == first
    assert resolver.add(report("c", "2025-02-11", towns=[SAMARKAND], killed=27, basis="published")) == first
    undated = report("d", towns=[SAMARKAND], killed=22, actors=("front-x",), dated_article=False, reference_year=None)
    assert resolver.add(undated) == first
    # a first report of "one dead" is not a toll that disagrees
    assert resolver.add(report("e", "2025-02-09", towns=[SAMARKAND], killed=1)) == first


def test_resolve_merges_place_words_at_different_levels():
    resolver = Resolver()
    hall = ("registan concert hall", 39.65, 66.97, None)
    first = resolver.add(report("a", "2025-02-09", towns=[hall, SAMARKAND], kind="armed_assault", killed=40))
    # the facility written another way, in a report that places it nowhere else
    other_spelling = report("b", "2025-02-10", towns=["registon concert hall"], country=None, admin1=None, kind="armed_assault")
    assert resolver.add(other_spelling) == first
    # "gunmen near Samarkand": a town of another name 16 km away, the same day
    assert resolver.add(report("c", "2025-02-09", towns=[PAYARIQ], kind="armed_assault", killed=41)) == first
    # "in Samarqand province" only, an attack of the same kind by the group another report named
    resolver.add(report("d", "2025-02-09", towns=[SAMARKAND], kind="armed_assault", actors=("front-x",)))
    region = report("e", towns=(), kind="armed_assault", actors=("front-x",), dated_article=False, reference_year=None)
    assert resolver.add(region) == first


def test_resolve_keeps_two_bombings_in_one_city_a_year_apart():
    resolver = Resolver()
    earlier = resolver.add(report("a", "2024-03-04", towns=[SAMARKAND], killed=9, actors=("front-x",)))
    later = resolver.add(report("b", "2025-03-02", towns=[SAMARKAND], killed=11, actors=("front-x",)))
    assert later != earlier
    # a report with no date that names the later year is not about the earlier bombing
    resolver2 = Resolver()
    first = resolver2.add(report("a", "2024-03-04", towns=[SAMARKAND], killed=9))
    assert resolver2.add(report("c", towns=[SAMARKAND], dated_article=False, reference_year=2025)) != first
    # nor is a dated report of a bombing in the same province, in another town of it
    assert resolver2.add(report("d", "2024-03-04", towns=[BUKHARA], admin1="Samarqand")) != first


def test_resolve_region_alone_needs_the_same_kind_of_attack():
    resolver = Resolver()
    station = resolver.add(report("a", "2025-02-09", towns=[SAMARKAND], actors=("front-x",)))
    # a hijacking placed only in the province, by the same group: another of its attacks
    hijacking = report("b", towns=(), kind="hostage_taking", actors=("front-x",), dated_article=False, reference_year=None)
    assert resolver.add(hijacking) != station


def test_resolve_an_arrest_report_joins_the_attack_it_follows():
    resolver = Resolver()
    attack = resolver.add(report("a", "2025-02-09", towns=[SAMARKAND], kind="armed_assault", killed=12))
    # "police arrested four members of Front X over Sunday's attack on the church in Samarkand"
    arrest = report("b", "2025-02-09", towns=[SAMARKAND], kind="arrest", basis="stated", actors=("front-x",))
    assert resolver.add(arrest) == attack
    # arrests in the town that day that name no group need more in common: they are often routine
    assert resolver.add(report("d", "2025-02-09", towns=[SAMARKAND], kind="arrest", basis="stated")) != attack
    # an arrest weeks later in another town is not
    assert resolver.add(report("c", "2025-03-20", towns=[BUKHARA], kind="arrest")) != attack


def test_resolve_a_main_report_prefers_the_incident_other_reports_describe():
    resolver = Resolver()
    # an article mentions in passing a bombing in Urgut and a man named there: an incident of its
    # own, the older one
    background = resolver.add(report("a", "2025-02-09", towns=[URGUT], names=("rahimov",), main=False))
    main = resolver.add(report("b", "2025-02-09", towns=[SAMARKAND]))
    assert background != main
    # a report naming both towns and the man fits the mention by one point more, but a main
    # report needs one point more to join a mention: it passes both bars by as much, and goes to
    # the incident a main report describes, not to the older mention
    assert resolver.add(report("c", "2025-02-09", towns=[SAMARKAND, URGUT], names=("rahimov",))) == main


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("sayed al shuhada school", "shuhada school", True),
        ("st francis xavier catholic church", "st francis church", True),
        ("lhubiriha secondary school", "lhubirira school", True),
        ("quetta railway station", "queta station", True),
        ("kabul airport", "kabul university", False),  # two kinds of place in one city
        ("jinnah airport", "karachi airport", False),
        ("christmas market", "breitscheidplatz christmas market", False),  # nothing distinctive on one side
        ("st mary school", "st anne school", False),
        ("north park elementary school", "north riverside school", False),  # a direction names no school
    ],
)
def test_compare_same_facility_written_two_ways(a, b, same):
    assert same_facility(a, b) is same


def test_compare_a_facility_named_after_its_town_is_not_told_by_the_town_word():
    # "North Philadelphia school" in Philadelphia and "Philadelphia school" in Camden: two schools
    assert not same_place_name({"keys": ["philadelphia", "north philadelphia school"]}, {"keys": ["camden", "philadelphia school"]})
    assert same_place_name({"keys": ["kabul", "sayed al shuhada school"]}, {"keys": ["shuhada school"]})


def test_compare_one_letter_apart_only_for_long_words():
    assert one_letter_apart("gishkori", "gashkori")
    assert not one_letter_apart("khan", "khar")
    assert not one_letter_apart("samarkand", "samarqandi")


def test_resolve_an_undated_report_in_a_big_city_needs_a_compatible_attack():
    tashkent = ("tashkent", 41.31, 69.28, 2_900_000)
    resolver = Resolver()
    bombing = resolver.add(report("a", "2024-11-09", towns=[tashkent], actors=("front-x",), killed=20))
    # an article with no date at all about a train hijacking from Tashkent by the same group: a
    # city of millions, a group that makes many attacks, a kind of attack no bombing report gives
    hijacking = report("b", towns=[tashkent], kind="hostage_taking", actors=("front-x",), dated_article=False, reference_year=None)
    assert resolver.add(hijacking) != bombing
    # a report of gunmen storming the station, the same day, is the same complex attack
    assert resolver.add(report("c", "2024-11-09", towns=[tashkent, "tashkent railway station"], kind="armed_assault")) == bombing


def test_resolve_a_facility_in_a_big_city_counts_as_much_as_a_town():
    tashkent = ("tashkent", 41.31, 69.28, 2_900_000)
    resolver = Resolver()
    first = resolver.add(report("a", "2025-05-08", towns=[tashkent, "tashkent / amir temur school"]))
    # five days later: a follow-up date (+0.5) and the city's name (+1 for a city of millions) do not merge ...
    assert resolver.add(report("b", "2025-05-13", towns=[tashkent])) != first
    # ... the school, written another way, does (+2)
    assert resolver.add(report("c", "2025-05-13", towns=[tashkent, "tashkent / amir temur girls school"])) == first


def test_resolve_a_day_that_is_only_a_publication_weighs_less_than_a_stated_one():
    tashkent = ("tashkent", 41.31, 69.28, 2_900_000)
    resolver = Resolver()
    first = resolver.add(report("a", "2025-05-08", towns=[tashkent], basis="stated", names=("karimov",)))
    # a report a week later that states no date: dated by its publication, it joins by the name
    assert resolver.add(report("b", "2025-05-14", towns=[tashkent], basis="published", names=("karimov",))) == first
    # a report of the same day in the city of millions: the stated day decides, not the later publication
    assert resolver.add(report("c", "2025-05-08", towns=[tashkent], basis="stated")) == first


def test_resolve_a_rare_kind_of_attack_in_one_city_is_evidence():
    tashkent = ("tashkent", 41.31, 69.28, 2_900_000)
    market = ("tashkent / chorsu bazaar", 41.33, 69.23, None)  # a facility carries no population of its own
    resolver = Resolver()
    truck = resolver.add(report("a", "2025-12-20", towns=[market], kind="vehicle_attack", killed=6))
    # an article with no date: "a truck ploughed into shoppers in Tashkent" joins the truck attack there ...
    assert resolver.add(report("b", towns=[tashkent], kind="vehicle_attack", dated_article=False, reference_year=None)) == truck
    # ... "a bomb exploded in Tashkent" does not: the city's name alone fits any of its bombings
    bombing = resolver.add(report("c", "2025-03-02", towns=[market], killed=3))
    assert bombing != truck
    assert resolver.add(report("d", towns=[tashkent], dated_article=False, reference_year=None)) not in (truck, bombing)


def test_resolve_an_undated_report_joins_an_undated_incident_known_from_background_mentions():
    resolver = Resolver()
    # two articles mention the hall attack in the background, neither with a date; then an undated
    # article about it in that city: nothing tells the two apart in time
    hall = ("registan concert hall", 39.65, 66.97, None)
    first = resolver.add(report("a", towns=[hall, SAMARKAND], kind="armed_assault", killed=40, main=False, dated_article=False))
    about = report("b", towns=[SAMARKAND], kind="other", killed=45, dated_article=False, reference_year=None)
    assert resolver.add(about) == first
    # a dated recall of an attack in the town still needs its extra point against it
    recall = report("c", "2019-05-01", towns=[SAMARKAND], kind="armed_assault", main=False)
    assert resolver.add(recall) != first
