"""Casualty mentions in terrorism reporting, on hand-written sentences: tolls that move inside a
sentence, stated parts, mixed killed-or-wounded counts, attackers who are not victims."""

import pytest

from corroborate.extract.casualties import find_casualties
from corroborate.extract.numbers import parse_quantity, tokenize


def counts(extractor, text):
    found = [m for m in extractor.extract(text, None) if m.kind == "casualty"]
    return [(m.data["category"], m.data["min"], m.data["max"], m.data["qualifier"], bool(m.data.get("update"))) for m in found]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        # the current figure is the update; the one it moved from is an earlier toll
        ("The death toll rose from 90 to 170 overnight, officials said.", [("killed", 90, 90, "exact", False), ("killed", 170, 170, "exact", True)]),
        ("Officials said the number of dead has now reached 140.", [("killed", 140, 140, "exact", True)]),
        ("The ministry revised the toll down by 100 to 253.", [("killed", 253, 253, "exact", True)]),
        ("The provincial police on Sunday revised down the death toll of last week's market bombing to 71.", [("killed", 71, 71, "exact", True)]),
        ("Death toll of market bombing revised down to 71", [("killed", 71, 71, "exact", True)]),
        ("The number of victims of the bombing in the eastern province has increased to 48, officials said.", [("killed", 48, 48, "exact", True)]),
        ("Death toll in Garissa attack now at 31", [("killed", 31, 31, "exact", False)]),
        (
            "The death toll from the suspected rebel attack on the Kanyabayonga Technical Secondary School in the Lubero district has risen to 38.",
            [("killed", 38, 38, "exact", True)],
        ),
        # stated parts are summed; an open part leaves the sum open
        ("Eleven U.S. soldiers and at least 70 Iraqis were killed in the blast.", [("killed", 81, None, "at_least", False)]),
        ("Five Syrian nationals, one Egyptian citizen, and one Libyan citizen were arrested.", [("arrested", 7, 7, "exact", False)]),
        ("The raid killed at least 12 police officers and three civilians including a teacher.", [("killed", 15, None, "at_least", False)]),
        ("Two men and a woman later died of their injuries.", [("killed", 3, 3, "exact", False)]),
        # ... but a part of a total is not added to it
        ("52 others, 14 of them in critical condition, were injured.", [("injured", 52, 52, "exact", False)]),
        # (the victims who did not die were hurt: tests/test_casualties_reports.py)
        ("Hospital officials said there were 93 victims and 27 died.", [("injured", 66, 66, "exact", False), ("killed", 27, 27, "exact", False)]),
        # killed or wounded together is neither figure
        ("The bombing killed or wounded at least 80 people.", [("casualties", 80, None, "at_least", False)]),
        # the injured who died are dead, not injured
        ("Nine of the critically injured died overnight.", [("killed", 9, 9, "exact", False)]),
        # other ways to say it
        ("27 lives were lost and over 90 others left wounded in the explosion.", [("killed", 27, 27, "exact", False), ("injured", 91, None, "more_than", False)]),
        ("The bombing took 61 lives.", [("killed", 61, 61, "exact", False)]),
        ("More than 30 people have been reported dead and 45 are currently in the hospital.", [("killed", 31, None, "more_than", False), ("injured", 45, 45, "exact", False)]),
        ("31 people—mostly pilgrims—were killed.", [("killed", 31, 31, "exact", False)]),
        ("The insurgents claimed to have executed 40 of the over 150 hostages.", [("killed", 40, 40, "exact", False)]),
        ("The doctors were struggling to treat 140 injured victims.", [("injured", 140, 140, "exact", False)]),
        ("Surgeons at the hospital saved 30 lives that night.", []),
        # a statistic is no toll of the attack
        ("The number of homicide victims in the city this year rose to 19.", []),
        # the attacker as subject is no count of victims
        ("A gunman has killed at least 22 people at a wedding.", [("killed", 22, None, "at_least", False)]),
        ("The gunman who killed numerous worshippers was an extremist.", [("killed", 5, None, "vague", False)]),
    ],
)
def test_extract_casualty_tolls_and_parts(extractor, sentence, expected):
    assert counts(extractor, sentence) == expected


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Three attackers were killed in the shootout with police.", [("perpetrators_killed", 3, 3)]),
        ("Police shot dead two gunmen after a standoff.", [("perpetrators_killed", 2, 2)]),
        ("Lisbon attacker shot dead by police", [("perpetrators_killed", 1, 1)]),
        ("Six people died, including one attacker.", [("killed", 5, 5)]),
        ("Seven people, including two attackers, were killed.", [("killed", 5, 5)]),
        ("Five people have died, including the gunman, and 12 were wounded.", [("killed", 4, 4), ("injured", 12, 12)]),
        ("Two police officers were killed.", [("killed", 2, 2)]),
        ("Two deputies and the gunman are dead.", [("killed", 3, 3)]),  # a mixed sum stays a count of the dead
    ],
)
def test_extract_casualty_attackers_are_not_victims(extractor, sentence, expected):
    assert [c[:3] for c in counts(extractor, sentence)] == expected


def test_extract_casualty_superseded_figure_is_marked():
    words = tokenize("the toll rose from 90 to 170")
    pos = ["DET", "NOUN", "VERB", "ADP", "NUM", "ADP", "NUM"]
    earlier, current = find_casualties(words, pos)
    assert (earlier.quantity.min, earlier.superseded, earlier.update) == (90, True, False)
    assert (current.quantity.min, current.superseded, current.update) == (170, False, True)


def test_numbers_sum_with_an_open_part_is_open():
    words = tokenize("11 and at least 70")
    total = parse_quantity(words, 0).plus(parse_quantity(words, 2))
    assert (total.min, total.max, total.qualifier) == (81, None, "at_least")


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("First reports from the clinic spoke of 17 dead and 40 injured.", [(17, True), (40, True)]),
        ("Initial reports from the clinic spoke of 17 dead and 40 injured.", [(17, True), (40, True)]),
        ("Earlier, 23 deaths were reported.", [(23, True)]),
        ("At least 31 people were killed initially, the governor said.", [(31, True)]),
        ("A raid earlier this month killed 6 people.", [(6, False)]),
        ("The army initially said four were killed, but later said nine people were killed.", [(4, True), (9, False)]),
    ],
)
def test_extract_casualty_earlier_reports_are_superseded(nlp, sentence, expected):
    doc = nlp(sentence)
    claims = find_casualties([t.lower_ for t in doc], [t.pos_ for t in doc])
    assert [(c.quantity.min, c.superseded) for c in claims] == expected
