"""Facility names with an Arabic or Persian particle, and words that end a body's name after its
"of". Sentences written for these tests."""

import pytest

from corroborate.extract.places import find_places


def facilities(nlp, text):
    return {m.facility: m for m in find_places(nlp(text)) if m.facility}


@pytest.mark.parametrize(
    "text,name",
    [
        ("A bomb exploded at the al-Siddiq mosque in Kabul on Friday.", "al-Siddiq mosque"),
        ("Gunmen stormed the Imam ul-Haq school in Herat.", "Imam ul-Haq school"),
        ("Gunmen stormed the Al-Noor Mosque in Herat.", "Al-Noor Mosque"),
    ],
)
def test_places_a_facility_keeps_its_particle(nlp, text, name):
    assert name in facilities(nlp, text)


def test_places_a_description_is_still_no_facility_name(nlp):
    assert facilities(nlp, "A blast hit a Shia mosque in Kabul.") == {}


@pytest.mark.parametrize(
    "text,word,town",
    [
        ("The Federal Court of Justice in Karlsruhe upheld the verdict.", "Justice", "Karlsruhe"),
        ("A spokesman for the Ministry of Justice in Paris said the suspect was charged.", "Justice", "Paris"),
    ],
)
def test_places_a_word_ending_a_body_name_is_no_town(nlp, text, word, town):
    found = {m.text: m for m in find_places(nlp(text))}
    assert word not in found and town in found


def test_places_a_large_place_after_a_body_of_stays(nlp):
    found = {m.text for m in find_places(nlp("Students of the University of Michigan gathered in Ann Arbor."))}
    assert "Michigan" in found


@pytest.mark.parametrize(
    "text,party,place",
    [
        ("Two U.S. officials said the group was behind the bombing in Tripoli.", "U.S.", "Tripoli"),
        ("Afghanistan officials and French investigators met in Bamako after the raid.", "Afghanistan", "Bamako"),
    ],
)
def test_places_a_country_whose_officials_speak_is_a_party(nlp, text, party, place):
    found = {m.text for m in find_places(nlp(text))}
    assert party not in found and place in found


def test_places_a_country_where_it_happened_stays(nlp):
    assert "United States" in {m.text for m in find_places(nlp("A bomb killed four people in the United States on Monday."))}
