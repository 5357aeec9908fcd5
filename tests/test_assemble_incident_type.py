"""The type of an article's main incident (assemble._type and the means its sentences name) and
which incident is the article's main one. Articles written for these tests (invented facts)."""

import pytest

from corroborate.assemble import assemble
from corroborate.extract.incidents import find_triggers, means_named, unnamed_means


def main_of(extractor, text, published="2026-03-10"):
    found = assemble(extractor.extract(text, published), published, text)
    assert found, "no incident"
    return found[0]


@pytest.mark.parametrize(
    "text,expected",
    [
        # only "attack" as trigger: the means told beside it give the type
        (
            "Armed men invaded a chapel in Tarvel on Sunday morning. At least 12 worshippers died in the attack.",
            "armed_assault",
        ),
        (
            "Villagers said men wielding guns attacked the market in Darvan on Friday, and nine people died.",
            "armed_assault",
        ),
        (
            "A car loaded with explosives was used in the attack on the police post in Darvan on Monday; "
            "seven officers died.",
            "bombing",
        ),
        (
            "A man carrying two knives attacked commuters at the Tarvel ferry terminal on Monday, "
            "leaving three people dead.",
            "stabbing",
        ),
    ],
)
def test_assemble_type_of_a_generic_attack_comes_from_its_means(extractor, text, expected):
    assert main_of(extractor, text).type == expected


def test_assemble_type_stays_other_when_no_means_is_named(extractor):
    text = "Five people died in an attack on a village near Tarvel on Sunday, the governor said."
    assert main_of(extractor, text).type == "other"


def test_assemble_type_a_massacre_is_typed_by_its_means(extractor):
    text = (
        "Police describe the Tarvel festival massacre as an act of terror.\n\n"
        "The driver rammed a pickup into the crowd on Saturday night, killing 11 people. "
        "The massacre shocked the town. He was later shot dead by officers."
    )
    assert main_of(extractor, text).type == "vehicle_attack"


def test_assemble_type_hostages_win_a_tie_with_the_bombs_used(extractor):
    text = (
        "Gunmen stopped a passenger train near Darvan on Tuesday and held its passengers hostage. "
        "The track was blown up before the train halted.\n\n"
        "Troops freed the hostages after a day; 19 passengers were killed."
    )
    assert main_of(extractor, text).type == "hostage_taking"


def test_assemble_main_incident_is_an_attack_told_with_the_place_it_struck(extractor):
    text = (
        "Weeks after the attack on the Grand Arena concert hall in Moscow, commentators still argue "
        "over who ordered it.\n\n"
        "Far away, clashes broke out in the Panjshir valley of Afghanistan last week."
    )
    main = main_of(extractor, text)
    assert main.location["country_code"] == "RU"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gunmen in a pickup threw a petrol bomb at the gate", ["armed_assault", "arson"]),
        ("the device was packed with explosives and nails", ["bombing"]),
        ("he drew a knife", ["stabbing"]),
        ("the minister visited the town", []),
    ],
)
def test_incidents_means_named(text, expected):
    assert means_named(text) == expected


@pytest.mark.parametrize("word,expected", [("massacre", True), ("Massacre", True), ("rammed", False)])
def test_incidents_unnamed_means(word, expected):
    assert unnamed_means(word) is expected


@pytest.mark.parametrize(
    "words,expected",
    [
        # combatants next to the attack word: theirs
        ("militants attacked a checkpoint", "armed_assault"),
        ("the checkpoint was attacked by insurgents", "armed_assault"),
        # a group named far from the attack word says nothing of its means
        ("he posted videos in the hours before the attack in which he said that he had lately joined the militant group", "other"),
    ],
)
def test_incidents_attack_by_combatants_only_when_near(words, expected):
    types = [t.type for t in find_triggers(words.split()) if words.split()[t.start].startswith("attack")]
    assert types == [expected]


@pytest.mark.parametrize(
    "words,expected",
    [
        ("the bomb disposal squad checked the carriages", []),
        ("a bomb exploded near the bomb squad office", ["bombing", "bombing"]),
        ("the rebels blew up the bridge", ["bombing"]),
    ],
)
def test_incidents_no_trigger_inside_a_not_trigger_phrase(words, expected):
    assert [t.type for t in find_triggers(words.split())] == expected


def test_assemble_main_incident_a_placed_attack_yields_to_one_with_victims(extractor):
    text = (
        "Two days after the attack on the airport in Kabul, a bomb exploded at a market in "
        "Jalalabad, Afghanistan, on Monday, killing five people."
    )
    main = main_of(extractor, text)
    assert main.type == "bombing" and main.counts["killed"].best == 5
