"""Casualty mentions in attack reports, on hand-written sentences: people counted besides others,
questions about a count, a part larger than its whole,
the hurt among all victims, figures an attacking group claims, and modal threats."""

import pytest


def counts(extractor, text):
    found = [m for m in extractor.extract(text, None) if m.kind == "casualty"]
    return [(m.data["category"], m.data["min"], m.data["max"], m.data["qualifier"]) for m in found]


def flags(extractor, text, flag):
    return [bool(m.data.get(flag)) for m in extractor.extract(text, None) if m.kind == "casualty"]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # a question about a count is no count
        ("Medics could not yet say how many people had been injured in the two blasts.", []),
        ("It remains unclear how many were killed.", []),
        # injuries said with "suffering", deaths with "known to be"
        ("Two people are known to be dead, with several more suffering injuries.", [("killed", 2, 2, "exact"), ("injured", 3, 9, "vague")]),
        ("Dozens of villagers were left suffering serious injuries.", [("injured", 24, 99, "vague")]),
        # killed and wounded together is neither figure, vague or not
        ("The bomb ripped through the market, killing and injuring scores of shoppers.", [("casualties", 40, 199, "vague")]),
        ("The shelling killed and wounded 75 people.", [("casualties", 75, 75, "exact")]),
        # a part cannot outnumber its whole: the larger count is the total
        ("Eight policemen, including 19 people, have died in the ambush.", [("killed", 19, 19, "exact")]),
        ("Nineteen people, including eight policemen, have died in the ambush.", [("killed", 19, 19, "exact")]),
        # all victims and the dead among them: the rest were hurt
        ("Clinic staff said there were 93 victims and 27 died.", [("injured", 66, 66, "exact"), ("killed", 27, 27, "exact")]),
        ("Clinic staff said there were about 90 victims and 27 died.", [("killed", 27, 27, "exact")]),
        # officials by their title, and the people named with them
        ("A sticky bomb killed the deputy governor of the northern Balkh province and two of his bodyguards.", [("killed", 3, 3, "exact")]),
        ("A roadside bomb killed the mayor and three of her guards.", [("killed", 4, 4, "exact")]),
        ("Gunmen killed five residents of the village and burned their homes.", [("killed", 5, 5, "exact")]),
        ("Three passers-by were wounded, police said.", [("injured", 3, 3, "exact")]),
        # a headline's bare object of a verb that counts
        ("Car bomb kills deputy governor and two guards in Herat", [("killed", 3, 3, "exact")]),
        ("Blast kills 12 in market", [("killed", 12, 12, "exact")]),
        ("The killed officer was 34.", []),
        # a modal right before the verb: a threat or a possibility, no toll
        ("A bomb in a crowded carriage can kill dozens of travellers.", []),
        ("The kidnappers said they will kill 20 captives unless paid.", []),
        ("Officers can confirm that five people were killed.", [("killed", 5, 5, "exact")]),
    ],
)
def test_casualties_reports_counts(extractor, sentence, expected):
    assert counts(extractor, sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Another 6 pupils were rushed to a clinic in critical condition.", [True]),
        ("Another two guards were wounded.", [True]),
        ("Six pupils were wounded.", [False]),
    ],
)
def test_casualties_reports_another_count_is_others(extractor, sentence, expected):
    assert flags(extractor, sentence, "others") == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the group's own count of what it did is an alternative to the official toll
        ("The Front claimed responsibility for executing 120 captives.", [True]),
        ("The rebels claimed to have killed 40 of the soldiers.", [True]),
        ("The group boasted of having killed 35 guards.", [True]),
        # ... but a toll in a claim's relative clause, or a figure said by the army, is the toll
        ("The group claimed responsibility for the raid that killed 20.", [False]),
        ("The army said its troops killed 20 fighters.", [False]),
    ],
)
def test_casualties_reports_attackers_boast_is_superseded(extractor, sentence, expected):
    assert flags(extractor, sentence, "superseded") == expected
