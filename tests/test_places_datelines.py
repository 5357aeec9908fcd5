"""Where a report was filed against where the story happened: a dateline gives way to the towns
and regions the body names; areas written with "and" or with a possessive; districts and the
end of a journey. Sentences written for these tests."""

import pytest

from corroborate.extract.places import find_places


def places(nlp, text):
    return {m.text: m for m in find_places(nlp(text))}


@pytest.mark.parametrize(
    "text,dateline,story",
    [
        ("BISHKEK: Gunmen opened fire on a bus near Osh on Monday, killing six passengers.", "BISHKEK", "Osh"),
        ("Mumbai: Militants attacked an army camp in Jammu and Kashmir on Friday, officials said.", "Mumbai", "Jammu and Kashmir"),
    ],
)
def test_places_a_dateline_gives_way_to_the_story_place(nlp, text, dateline, story):
    found = places(nlp, text)
    assert dateline not in found and story in found


@pytest.mark.parametrize(
    "text,dateline",
    [
        ("OSH: A bomb exploded at a bazaar in Osh on Monday, killing six people.", "OSH"),
        ("Karachi: A blast at a fruit market killed four people on Sunday.", "Karachi"),
    ],
)
def test_places_a_dateline_stays_when_the_body_names_no_other_place_or_its_own(nlp, text, dateline):
    assert dateline in places(nlp, text)


def test_places_two_names_joined_by_and_are_one_area(nlp):
    found = places(nlp, "Security forces were put on alert across Jammu and Kashmir after the raid.")
    assert "Jammu" not in found
    assert found["Jammu and Kashmir"].place.kind == "admin1"


def test_places_kashmir_alone_is_its_area(nlp):
    found = places(nlp, "Two soldiers were killed in an ambush in Kashmir on Tuesday.")
    assert found["Kashmir"].place.country_code == "IN" and found["Kashmir"].place.kind == "admin1"


def test_places_a_district_the_gazetteer_lacks_is_kept_by_name(nlp):
    found = places(nlp, "A roadside bomb killed three police officers in the Zarkhel district of Pakistan on Monday.")
    assert "Zarkhel" in found and found["Zarkhel"].place.country_code == "PK"


@pytest.mark.parametrize(
    "text,journey,story",
    [
        ("A bomb went off as passengers waited to travel to Lahore from Quetta on Saturday.", "Lahore", "Quetta"),
        ("The bus was heading to Osh when gunmen stopped it near Uzgen.", "Osh", "Uzgen"),
    ],
)
def test_places_the_end_of_a_journey_is_not_where_it_happened(nlp, text, journey, story):
    found = places(nlp, text)
    assert found[journey].destination and not found[story].destination
