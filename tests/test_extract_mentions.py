"""Extraction on hand-written sentences: casualties, triggers, statements, places, actors, people."""

from datetime import date

import pytest

from corroborate.extract.actors import registry


def mentions(extractor, text, published=None, kind=None):
    found = extractor.extract(text, published)
    return [m for m in found if kind is None or m.kind == kind]


def counts(extractor, text, published=None):
    return [
        (m.data["category"], m.data["min"], m.data["max"], m.data["qualifier"])
        for m in mentions(extractor, text, published, "casualty")
    ]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("The car bomb killed 37 shoppers and wounded more than a hundred bystanders.", [("killed", 37, 37, "exact"), ("injured", 101, None, "more_than")]),
        ("At least 52 were killed and 170 others, including several police officers, hurt.", [("killed", 52, None, "at_least"), ("injured", 170, 170, "exact")]),
        ("A gunman fatally shot one worshipper and injured three others.", [("killed", 1, 1, "exact"), ("injured", 3, 3, "exact")]),
        ("The attack claimed the lives of 13 people and wounded 40 others.", [("killed", 13, 13, "exact"), ("injured", 40, 40, "exact")]),
        ("The militants attacked the hall, killing and wounding hundreds.", [("casualties", 200, 999, "vague")]),
        ("The death toll rose to 133 on Sunday.", [("killed", 133, 133, "exact")]),
        ("The death toll from the weekend blasts in the northern city has risen to 41.", [("killed", 41, 41, "exact")]),
        ("A man was shot in the chest and later died at a hospital.", [("killed", 1, 1, "exact")]),
        ("The gunman shot three people to death and seriously injured a fourth.", [("killed", 3, 3, "exact"), ("injured", 1, 1, "exact")]),
        ("Police arrested nine men on terrorism charges.", [("arrested", 9, 9, "exact")]),
        ("A 12-year-old and three others were shot outside the shop.", [("injured", 4, 4, "exact")]),
        ("The hospital reported 41 dead, 80 wounded.", [("killed", 41, 41, "exact"), ("injured", 80, 80, "exact")]),
        ("Ninety-one people died in the blast.", [("killed", 91, 91, "exact")]),
        ("A policeman was killed and two civilians were hurt.", [("killed", 1, 1, "exact"), ("injured", 2, 2, "exact")]),
        ("Dozens were wounded in the explosion.", [("injured", 24, 99, "vague")]),
        ("About 60 people are missing after the attack.", [("missing", 54, 66, "about")]),
        ("Up to 40 villagers were killed in the raid.", [("killed", 1, 40, "up_to")]),
        # one person, named by a bare noun, an age, a pronoun or "one of"
        ("Dayton toddler dies after a gun goes off at home", [("killed", 1, 1, "exact")]),
        ("Deputies said a woman was found dead in the kitchen.", [("killed", 1, 1, "exact")]),
        ("Investigators said one of their clients was killed.", [("killed", 1, 1, "exact")]),
        ("Neighbours heard shots and he was pronounced dead at the scene.", [("killed", 1, 1, "exact")]),
        ("A man was arrested over the fatal shooting of 19-year-old Dana Price.", [("arrested", 1, 1, "exact"), ("killed", 1, 1, "exact")]),
        ("Another student, also 17, was wounded in the arm.", [("injured", 1, 1, "exact")]),
        ("A deputy sheriff was in critical condition on Friday.", [("injured", 1, 1, "exact")]),
        ("A woman struck by gunfire near the depot died Sunday.", [("killed", 1, 1, "exact")]),
        ("Six shot, two fatally, outside a bowling alley", [("injured", 6, 6, "exact"), ("killed", 2, 2, "exact")]),
        ("Officers are investigating a triple shooting on Elm Street.", [("injured", 3, 3, "exact")]),
        ("Deputies are investigating a murder-suicide in Lake County.", [("killed", 2, 2, "exact")]),
        ("Sheriff's office investigating deadly shooting near Elm Creek", [("killed", 1, None, "at_least")]),
        ("A hunting accident took the life of a Benton farmer.", [("killed", 1, 1, "exact")]),
        ("Student at Hillcrest High dies after shooting", [("killed", 1, 1, "exact")]),
        ("One man dead, another injured after gunfire on Oak Avenue", [("killed", 1, 1, "exact"), ("injured", 1, 1, "exact")]),
        # people coordinated with the first count
        ("Two men are accused of shooting a 7-year-old and her 33-year-old father.", [("injured", 2, 2, "exact")]),
        ("The blast went off in a courtyard, injuring a mother and her two teenage sons.", [("injured", 3, 3, "exact")]),
        ("Charles Dishon and Steve Hall were transported to Union Hospital.", [("injured", 2, 2, "exact")]),
        ("Supervisor Joe Zangaro and Court Officer Ron Kienzle were shot and killed.", [("killed", 2, 2, "exact")]),
        ("Police said he killed two people and 40 others were wounded.", [("killed", 2, 2, "exact"), ("injured", 40, 40, "exact")]),
        ("A gunman who killed five people last week was hospitalized in 2006.", [("killed", 5, 5, "exact")]),
        ("Four people are dead and another in critical condition.", [("killed", 4, 4, "exact"), ("injured", 1, 1, "exact")]),
        ("A 2 year old boy was shot in the hand.", [("injured", 1, 1, "exact")]),
        ("More than a dozen people were wounded.", [("injured", 13, None, "more_than")]),
        ("Another 5-year-old was hurt and Juliet Lynch was killed.", [("injured", 1, 1, "exact"), ("killed", 1, 1, "exact")]),
        ("Gunman Fatally Shoots 3 Musicians in Brooklyn", [("killed", 3, 3, "exact")]),
        # not people, or no one
        ("Gunfire was exchanged, but no one was struck or injured.", []),
        ("Neither the driver nor the other passenger was injured.", []),
        ("The officer fired one shot at the car.", []),
        ("Video shows at least one shot being fired.", []),
        ("Investigators say the victim was shot three times.", [("injured", 1, 1, "exact")]),
        ("Witnesses said eight rounds were shot at the house.", []),
        ("A policeman was killed; an officer shot two attackers.", [("killed", 1, 1, "exact"), ("injured", 2, 2, "exact")]),
        ("Police said three homes were hit by gunfire.", []),
        # a spelled-out age is an age, not the count, whatever title the name carries
        ("Police are investigating the death of three-year-old Major Smith.", [("killed", 1, 1, "exact")]),
        ("The killing of five-year-old General Lee shocked the town.", [("killed", 1, 1, "exact")]),
        ("Four-year-old Private Jones was injured in the blast.", [("injured", 1, 1, "exact")]),
        ("A gunman shot a seven-year-old boy.", [("injured", 1, 1, "exact")]),
    ],
)
def test_extract_casualty_phrasings(extractor, sentence, expected):
    assert counts(extractor, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "The bombers could have killed hundreds.",
        "More than 60 bombs were found in the house.",
        "In 2022, the group grew to 3,000 fighters.",
        "The plotters were planning to kill dozens of people.",
    ],
)
def test_extract_no_casualty_claim_where_none_is_made(extractor, sentence):
    assert counts(extractor, sentence) == []


def test_extract_toll_update_is_marked(extractor):
    (claim,) = mentions(extractor, "The death toll has risen to 133, officials said.", kind="casualty")
    assert claim.data["update"] is True
    assert claim.speaker["text"] == "officials"


def test_extract_casualty_carries_its_speaker_and_span(extractor):
    text = "Gunmen stormed the hotel. At least 12 people were killed, police said."
    (claim,) = mentions(extractor, text, kind="casualty")
    assert text[claim.start : claim.end] == claim.text == "At least 12 people were killed"
    assert claim.speaker["text"] == "police"
    assert text[claim.sentence_start : claim.sentence_end].startswith("At least 12")


def test_extract_according_to_speaker(extractor):
    (claim,) = mentions(extractor, "According to the state news agency IRNA, 41 people were killed.", kind="casualty")
    assert claim.speaker["actor_id"] == "irna"


@pytest.mark.parametrize(
    "sentence,kind,status",
    [
        ("Twin blasts hit the memorial.", "bombing", "executed"),
        ("Gunmen opened fire on the crowd.", "armed_assault", "executed"),
        ("Militants fired rockets from Afghanistan toward Uzbekistan.", "rocket_attack", "executed"),
        ("The men were planning to detonate a bomb at the stadium.", "bombing", "planned"),
        ("Police foiled a plot to bomb the concert.", "plot", "foiled"),
        ("A man rammed his car into the market crowd.", "vehicle_attack", "executed"),
        ("An assailant stabbed two people at the station.", "stabbing", "executed"),
        ("An airstrike hit the camp.", "airstrike", "executed"),
        ("Attackers took hostages at the school.", "hostage_taking", "executed"),
        ("The governor was assassinated.", "assassination", "executed"),
        ("Arsonists torched the church.", "arson", "executed"),
        ("Police arrested nine suspects.", "arrest", "executed"),
    ],
)
def test_extract_incident_types_and_status(extractor, sentence, kind, status):
    found = {(m.data["type"], m.data["status"]) for m in mentions(extractor, sentence, kind="incident")}
    assert (kind, status) in found


@pytest.mark.parametrize(
    "sentence,kind,speaker,target",
    [
        ("ISIS claimed responsibility for the attack.", "claim", "islamic-state", "islamic-state"),
        ("Responsibility was claimed by al-Shabaab.", "claim", "al-shabaab", "al-shabaab"),
        ("Iran credited the assault to ISIS-K.", "blame", "country:IR", "islamic-state-khorasan"),
        ("The Taliban denied any involvement in the attack.", "denial", "taliban", None),
        ("U.S. officials stated that there was evidence that ISKP carried out the attack.", "blame", None, "islamic-state-khorasan"),
    ],
)
def test_extract_statements_with_speakers(extractor, sentence, kind, speaker, target):
    found = [m for m in mentions(extractor, sentence, kind="statement") if m.data["type"] == kind]
    assert found, [m.data for m in mentions(extractor, sentence, kind="statement")]
    statement = found[0]
    if speaker is not None:
        assert statement.speaker["actor_id"] == speaker
    if target is not None:
        assert statement.data["target"]["actor_id"] == target


def test_a_news_agency_cited_for_an_accusation_is_not_its_target(extractor):
    sentence = "Police detained 14 suspects on Tuesday, accusing them of planning attacks, according to the state-run Anadolu Agency."
    blamed = [m.data["target"] for m in mentions(extractor, sentence, kind="statement") if m.data["type"] == "blame"]
    assert all(t["actor_id"] != "anadolu" for t in blamed), blamed


def test_extract_places_use_context_to_disambiguate(extractor):
    (place,) = mentions(extractor, "Twin blasts struck the Iranian city of Kerman on Wednesday.", kind="place")
    assert (place.data["name"], place.data["country_code"]) == ("Kerman", "IR")
    us = mentions(extractor, "A shooting in Kerman, California, left two people wounded.", kind="place")
    assert ("Kerman", "US") in {(p.data["name"], p.data["country_code"]) for p in us}


def test_extract_facility_keeps_its_name_and_town(extractor):
    found = mentions(extractor, "A gunman entered the Shah Cheragh shrine in Shiraz and opened fire.", kind="place")
    facility = next(p for p in found if p.data["facility"])
    assert facility.data["facility"] == "Shah Cheragh shrine"
    assert (facility.data["name"], facility.data["country_code"]) == ("Shiraz", "IR")


@pytest.mark.parametrize(
    "alias",
    ["ISIS-K", "ISIS–K", "ISKP", "IS-K", "Islamic State – Khorasan Province", "Islamic State Khorasan Province", "Daesh Khorasan"],
)
def test_extract_registry_matches_spelling_variants(alias):
    (found,) = registry().find(f"Officials blamed {alias} for the attack.")
    assert found.actor.id == "islamic-state-khorasan"
    assert found.actor.parent == "islamic-state"


def test_extract_registry_has_the_groups_conflict_reporting_needs():
    actors = registry().actors.values()
    assert sum(a.kind == "armed_group" for a in actors) >= 60
    assert all(a.parent is None or a.parent in registry().actors for a in actors)
    for name in ("Boko Haram", "ISWAP", "al-Shabaab", "JNIM", "ADF", "Hamas", "Hezbollah", "Houthis", "PKK", "TTP", "Taliban", "IRNA", "TASS", "Reuters", "AFP", "BBC"):
        assert registry().find(f"Reports named {name} today."), name


def test_extract_registry_acronyms_are_case_sensitive():
    assert registry().find("The ADF attacked a village.")
    assert not registry().find("He said it is what it is.")


def test_extract_unknown_organisations_are_kept_unregistered(extractor):
    found = mentions(extractor, "The Free Valley Liberation Front claimed the bombing in Lyon.", kind="actor")
    assert any(m.data["registered"] is False for m in found)


def test_extract_people_with_roles_and_reported_nationality(extractor):
    text = "Prosecutors said the suspect, Daler Rahimov, a Tajik national, was detained on Friday."
    (person,) = mentions(extractor, text, kind="person")
    assert person.data["role"] == "suspect"
    assert person.data["nationality"] == "Tajik national"


@pytest.mark.parametrize("text", ["", "   ", "!!!", "a" * 5000, "1 2 3 4 5", "<script>alert(1)</script>"])
def test_extract_odd_texts_do_not_break(extractor, text):
    for mention in extractor.extract(text):
        assert 0 <= mention.start <= mention.end <= len(text)


def test_villages_the_gazetteer_lacks_are_kept_by_name_with_the_documents_country(extractor):
    text = (
        "Gunmen raided the village of Tonga Mbeli in northern Mali on Monday. "
        "Residents of Sadakoro village fled toward the town. Malian troops arrived later."
    )
    places = {m.text: m.data for m in mentions(extractor, text, "2024-03-05", "place")}
    assert places["Tonga Mbeli"]["precision"] == "unresolved"
    assert places["Tonga Mbeli"]["country_code"] == "ML"
    assert places["Tonga Mbeli"]["latitude"] is None
    assert places["Sadakoro"]["country_code"] == "ML"
    assert "Tonga" not in places  # a prefix that is a place elsewhere is not the village


def test_a_state_the_article_names_picks_among_namesake_towns(extractor):
    # Springfield, Missouri is the largest Springfield; an article that names Illinois means Illinois's.
    text = "Two men were shot in Springfield on Sunday night. Illinois State Police said both survived."
    towns = [p.data for p in mentions(extractor, text, "2016-05-02", "place") if p.text == "Springfield"]
    assert towns and all(t["admin1"] == "Illinois" for t in towns)
    alone = mentions(extractor, "Two men were shot in Springfield on Sunday night.", "2016-05-02", "place")
    assert [p.data["admin1"] for p in alone] == ["Missouri"]


def test_a_country_name_that_is_a_state_of_the_articles_country(extractor):
    text = "A man was shot in Atlanta on Friday. Georgia authorities said the Atlanta police have a suspect."
    georgia = next(p.data for p in mentions(extractor, text, "2016-05-02", "place") if p.text == "Georgia")
    assert (georgia["precision"], georgia["country_code"]) == ("admin1", "US")
    abroad = mentions(extractor, "Protesters gathered in Tbilisi, the capital of Georgia, on Friday.", kind="place")
    assert next(p.data for p in abroad if p.text == "Georgia")["country_code"] == "GE"


def test_streets_counties_titles_and_month_abbreviations_are_not_towns(extractor):
    text = (
        "Deputies found the victim on Bridlewood Drive in Harris County on Nov. 5, "
        "according to Officer Jose Estrada. Maleki Parker died later; the siblings of Parker are safe."
    )
    places = {m.text: m.data for m in mentions(extractor, text, "2016-11-07", "place")}
    assert "Bridlewood" not in places and "Nov." not in places and "Officer" not in places and "Parker" not in places
    assert places["Harris County"]["precision"] == "unresolved"


def test_a_town_written_with_its_state_stays_in_that_state(extractor):
    # Greenwood, Minnesota is too small for the gazetteer: better unplaced in Minnesota than in another state.
    (town, *_) = mentions(extractor, "Three people were found dead inside their home in Greenwood, Minn., on Monday.", kind="place")
    assert (town.text, town.data["admin1"], town.data["precision"]) == ("Greenwood", "Minnesota", "unresolved")


def test_where_a_victim_was_taken_is_not_where_the_incident_happened(extractor):
    from corroborate.assemble import assemble

    text = "A man was shot in Elgin on Saturday. He was taken to Stroger Hospital in Chicago, where he died."
    found = extractor.extract(text, "2016-05-02")
    hospital = next(m for m in found if m.kind == "place" and m.data.get("facility"))
    assert hospital.data.get("destination") is True
    main = next(i for i in assemble(found, date(2016, 5, 2), text) if i.main)
    assert main.location["name"] == "Elgin"


@pytest.mark.parametrize(
    "text, town",
    [
        ("Hampton man charged after a shooting at a party", "Hampton"),
        ("Two teens were shot in West Philadelphia on Friday night.", "Philadelphia"),
        ("The Dayton Police Department said a man was shot on Sunday.", "Dayton"),
        ("A teenager was found shot in South Anchorage early Saturday.", "Anchorage"),
    ],
)
def test_towns_named_in_headline_style(extractor, text, town):
    names = {p.data["name"] for p in mentions(extractor, text, "2016-05-02", "place")}
    assert town in names


def test_headline_patterns_do_not_make_towns_of_common_words(extractor):
    text = "One man was shot on the South Side on Sunday, police said."
    assert not [p.text for p in mentions(extractor, text, "2016-05-02", "place") if p.text in ("One", "Side")]


def test_a_name_that_modifies_a_noun_takes_no_role(extractor):
    text = "Austrian authorities cancelled three Taylor Swift concerts in Vienna after arresting a 19-year-old."
    (person,) = mentions(extractor, text, "2024-08-08", "person")
    assert (person.text, person.data["role"]) == ("Taylor Swift", "unknown")


def test_a_denial_by_someone_only_described_names_no_party(extractor):
    text = "A lawyer for the eldest suspect said his client denied planning any attack. The Taliban denied responsibility."
    denials = [m for m in mentions(extractor, text, "2025-04-15", "statement") if m.data["type"] == "denial"]
    assert [d.data["target"] and d.data["target"]["actor_id"] for d in denials] == [None, "taliban"]
    assert denials[0].speaker["text"] == "his client"  # still said, by whom


def test_a_passive_claim_names_its_agent(extractor):
    (claim,) = [m for m in mentions(extractor, "The attack was claimed by al-Shabaab on Monday.", "2025-05-15", "statement")]
    assert claim.data["type"] == "claim" and claim.data["target"]["actor_id"] == "al-shabaab"
    assert claim.speaker["text"] == "al-Shabaab"


def test_a_party_does_not_run_across_a_line_break(extractor):
    text = "Borno village attack: local leaders say 15 killed, point finger at ISWAP\nKONDUGA, Nigeria - Fifteen people died."
    blames = [m for m in mentions(extractor, text, "2025-05-15", "statement") if m.data["type"] == "blame"]
    assert [b.data["target"]["text"] for b in blames] == ["ISWAP"]


@pytest.mark.parametrize(
    "sentence",
    ["A car bomb killed 9,223,372,036,854,775,808 people.", "The blast killed 3 billion people, the statement claimed."],
)
def test_extract_mentions_a_number_too_large_to_be_a_count_gives_no_claim(extractor, sentence):
    assert [m.text for m in extractor.extract(sentence) if m.kind == "casualty"] == []
