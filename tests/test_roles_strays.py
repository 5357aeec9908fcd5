"""Claims and blame another incident holds move to the main attack unless their sentence dates or
places them with it (roles.attribute_strays), on hand-built mentions."""

import pytest

from corroborate.model import DocIncident, Mention
from corroborate.roles import attribute_strays, incident_actors

MAIN_DATE = {"start": "2026-03-02", "end": "2026-03-02", "precision": "day", "basis": "stated"}
KABUL = {"name": "Kabul", "country_code": "AF", "admin1": "Kabul", "precision": "city"}
HERAT = {"name": "Herat", "country_code": "AF", "admin1": "Herat", "precision": "city"}
MOSCOW = {"name": "Moscow", "country_code": "RU", "admin1": "Moscow", "precision": "city"}


def _incident(index, mentions, location, date=None):
    return DocIncident(index, index == 0, mentions, "bombing", "executed", date, location, {}, incident_actors(mentions), [])


def _blame(sentence):
    data = {"type": "blame", "target": {"text": "TTP", "actor_id": "tehrik-i-taliban-pakistan"}}
    return Mention("statement", sentence + 10, sentence + 16, "blamed", sentence, sentence + 100, data, {"text": "minister", "start": sentence, "end": sentence + 8})


def _date(sentence, start, end):
    data = {"start": start, "end": end, "precision": "week", "basis": "published"}
    return Mention("date", sentence + 20, sentence + 29, "this week", sentence, sentence + 100, data)


def _place(sentence, name, country, precision="city"):
    data = {"name": name, "country_code": country, "admin1": None, "latitude": None, "longitude": None, "precision": precision}
    return Mention("place", sentence + 40, sentence + 40 + len(name), name, sentence, sentence + 100, data)


@pytest.mark.parametrize(
    "extra,moves",
    [
        ([_date(500, "2026-03-01", "2026-03-07")], True),  # "ministers this week blamed the TTP": the speech's week
        ([_date(500, "2026-03-04", "2026-03-04")], True),  # "on Wednesday the minister blamed ...": after the attack
        ([_date(500, "2019-01-01", "2019-12-31")], False),  # "in 2019 the minister blamed ...": an older attack's
        ([_place(500, "Afghanistan", "AF", "country")], True),  # a country both attacks are in
        ([_place(500, "Russia", "RU", "country")], True),  # an aside: "(banned in Russia)"
        ([_place(500, "Herat", "AF")], False),  # the background attack's own city
    ],
)
def test_roles_strays_speech_dates_and_shared_places(extra, moves):
    blame = _blame(500)
    main = _incident(0, [], KABUL, MAIN_DATE)
    other = _incident(1, [blame, *extra], HERAT, MAIN_DATE)
    attribute_strays([main, other], [blame, *extra])
    assert bool(main.actors) is moves
    assert bool(other.actors) is not moves


@pytest.mark.parametrize(
    "place,location,moves",
    [
        (_place(500, "Moscow", "RU"), MOSCOW, False),  # "IS claimed the attack on the hall near Moscow"
        (_place(500, "Kabul", "AF"), HERAT, True),  # the main attack's own city
        (_place(500, "Herat", "AF"), None, True),  # an incident with no place of its own
    ],
)
def test_roles_strays_stay_with_the_incident_their_place_names(place, location, moves):
    blame = _blame(500)
    main = _incident(0, [], KABUL, MAIN_DATE)
    other = _incident(1, [blame, place], location, MAIN_DATE)
    attribute_strays([main, other], [blame, place])
    assert bool(main.actors) is moves


def test_roles_strays_a_place_in_the_speaker_does_not_tie():
    # "Washington believes IS was behind the bombing": Washington speaks, it is not where it happened
    washington = {"name": "Washington", "country_code": "US", "admin1": None, "latitude": None, "longitude": None, "precision": "city"}
    data = {"type": "blame", "target": {"text": "IS", "actor_id": "islamic-state"}}
    blame = Mention("statement", 511, 519, "believes", 500, 600, data, {"text": "Washington", "start": 500, "end": 510})
    place = Mention("place", 500, 510, "Washington", 500, 600, washington)
    main = _incident(0, [], KABUL, MAIN_DATE)
    other = _incident(1, [blame, place], {**washington, "precision": "country"}, None)
    attribute_strays([main, other], [blame, place])
    assert [a["actor_id"] for a in main.actors] == ["islamic-state"]
