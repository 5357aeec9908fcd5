"""The article's main incident (assemble.assemble): which figures, date and type it takes, and
texts that report no attack at all. Articles written for these tests (invented facts)."""

import pytest

from corroborate.assemble import assemble


def incidents(extractor, text, published="2026-03-10"):
    return assemble(extractor.extract(text, published), published, text)


def main_of(extractor, text, published="2026-03-10"):
    found = incidents(extractor, text, published)
    assert found, "no incident"
    return found[0]


def test_assemble_single_victim_does_not_beat_the_toll(extractor):
    text = (
        "Up to 31 people were killed when gunmen attacked a wedding party in Tarvel on Sunday.\n\n"
        "The police said the groom was shot and killed as he tried to shield the guests."
    )
    killed = main_of(extractor, text).counts["killed"]
    assert (killed.low, killed.high) == (1, 31)


def test_assemble_date_is_the_attack_day_not_the_day_officials_spoke(extractor):
    text = (
        "The toll from a market bombing in Tarvel has risen to 23, hospital officials said on Tuesday.\n\n"
        "The bomber struck the crowded cloth market on Monday afternoon, witnesses said."
    )
    incident = main_of(extractor, text, "2026-03-10")
    assert incident.date["start"] == "2026-03-09"


def test_assemble_file_photo_caption_lends_no_date(extractor):
    text = (
        "Two bombs explode outside the ministry of water in Darvan\n\n"
        "File photo: Police officers at the site of a car bomb near the port of Darvan, April 2, 2024.\n\n"
        "Two car bombs exploded outside the ministry of water in Darvan on Monday, witnesses said."
    )
    incident = main_of(extractor, text, "2026-03-10")
    assert incident.date["start"] == "2026-03-09"


@pytest.mark.parametrize(
    "text,published",
    [
        # an accident: deaths, no attack
        (
            "Minibus falls into a gorge: at least 17 passengers dead\n\n"
            "At least 17 people died when a minibus veered off a mountain road and fell into a gorge "
            "near Tarvel on Sunday, the district officer said.",
            "2026-03-10",
        ),
        # a match report shoots, strikes and attacks
        (
            "Rovers snatch late win\n\nThe striker's first shot hit the crossbar before the break. "
            "After half-time Rovers kept up the attack and the midfielder scored from a free kick. "
            "The goalkeeper saved two penalties in the shoot-out.",
            "2026-03-10",
        ),
        # an anniversary of an old attack
        (
            "Town marks five years since the bombing of its bus station\n\n"
            "Residents on Tuesday marked five years since the bombing of the Tarvel bus station, "
            "which killed 41 people and wounded more than 100.",
            "2026-03-10",
        ),
        # a trial years after the attack
        (
            "A court in Darvan on Tuesday convicted four men over the 2019 shooting at a concert hall "
            "that killed 12 people, seven years ago.",
            "2026-03-10",
        ),
    ],
)
def test_assemble_non_events_make_no_incident(extractor, text, published):
    assert incidents(extractor, text, published) == []


def test_assemble_a_festival_anniversary_is_no_retrospective(extractor):
    text = (
        "Two people were stabbed to death at the town's 300th anniversary fair in Tarvel on Saturday, "
        "police said. The knife attacker fled."
    )
    incident = main_of(extractor, text)
    assert incident.type == "stabbing"


def test_assemble_a_stampede_lends_no_figure(extractor):
    text = (
        "A suicide bomber killed 14 people at a rally in Tarvel on Friday, police said.\n\n"
        "A stampede at the funeral of the town's mayor last year killed 56 people."
    )
    killed = main_of(extractor, text).counts["killed"]
    assert killed.best == 14


@pytest.mark.parametrize(
    "text,kind",
    [
        # the means named with the toll, over a device found in the vehicle
        (
            "A man drove a rented van into a crowd of shoppers in Darvan on Saturday, killing nine people. "
            "Police later found an explosive device in the van.",
            "vehicle_attack",
        ),
        # abductions during a massacre are part of it
        (
            "Rebels set fire to a boarding school in Tarvel on Friday, killing 23 pupils, and shot two guards. "
            "The attackers abducted four students.",
            "arson",
        ),
        # bombs of a foiled plot, nobody hurt
        (
            "Police arrested two men over a foiled plot to bomb a concert hall in Darvan. "
            "Officers found bomb-making material in a flat, prosecutors said.",
            "plot",
        ),
        # arrests made over an attack that killed people are about the attack
        (
            "Police arrested three men on Sunday over the attack on a church in Tarvel that killed 11 worshippers.",
            "other",
        ),
    ],
)
def test_assemble_main_incident_type(extractor, text, kind):
    assert main_of(extractor, text).type == kind


def test_triggers_no_arrest_is_none():
    from corroborate.extract.incidents import find_triggers

    assert find_triggers("police said no arrests had been made".split()) == []
    assert [t.type for t in find_triggers("a truck barrelled through a crowd of revellers".split())] == ["vehicle_attack"]
    assert find_triggers("the driver lost control and the bus crashed into a crowd".split()) == []


def test_assemble_undated_weekday_report_takes_no_dated_background(extractor):
    text = (
        "Two car bombs exploded near the port of Darvan on Saturday, killing at least eleven people.\n\n"
        "On March 3, 2019, a truck bomb at the same port killed 230 people."
    )
    found = incidents(extractor, text, None)
    assert found[0].counts["killed"].best == 11
    assert any(i.counts["killed"] and i.counts["killed"].best == 230 for i in found[1:])


def test_assemble_talk_of_attacks_yields_to_the_attack_with_victims(extractor):
    text = (
        "A militant channel claimed that the second suicide bomber was also a foreigner, and warned of "
        "more attacks across the region.\n\n"
        "At least 37 people were killed and 80 wounded in two blasts at a shrine in Tarvel on the evening of March 2."
    )
    main = main_of(extractor, text, "2026-03-10")
    assert main.counts["killed"].best == 37


def test_assemble_victims_counted_also_stay_with_the_attack(extractor):
    text = (
        "Gunmen attacked a church and a police post in Tarvel on Sunday, killing four civilians.\n\n"
        "More than 12 police officers, including the police chief of the town of Ognevka, were also killed."
    )
    found = incidents(extractor, text, "2026-03-10")
    assert len(found) == 1


def test_assemble_a_sentence_years_after_the_bombing_makes_no_incident(extractor):
    text = (
        "A court in Tarvel on Monday sentenced three men to life in prison for the bombing of a "
        "wedding hall in March that killed 19 guests."
    )
    assert incidents(extractor, text, "2026-11-10") == []


def test_assemble_a_bus_crash_next_to_an_old_lorry_crash_is_no_incident(extractor):
    text = (
        "Nine dead as bus rolls down a hillside near Darvan\n\n"
        "Nine people were killed when a bus left the road near Darvan on Tuesday, police said. "
        "The junction has seen several deadly crashes. In 2024 a lorry ploughed into parked cars there, killing six."
    )
    assert incidents(extractor, text, "2026-03-10") == []


def test_assemble_headline_figure_takes_the_body_bound(extractor):
    text = (
        "17 killed in Tarvel market blast\n\n"
        "At least 17 people were killed when a bomb exploded in a market in Tarvel on Monday, police said."
    )
    killed = main_of(extractor, text).counts["killed"]
    assert (killed.low, killed.high) == (17, None)


def test_assemble_where_the_attacker_lived_is_no_place_of_the_attack(extractor):
    text = (
        "A man drove a stolen delivery van into crowds of shoppers in Darvan on Saturday.\n\n"
        "Police on Sunday named the driver, a 39-year-old Tarvel resident, as the only suspect in the attack.\n\n"
        "Eleven people were killed and 30 were injured."
    )
    found = incidents(extractor, text, "2026-03-10")
    assert found[0].counts["killed"].best == 11


def test_assemble_a_credited_caption_steers_no_incident(extractor):
    text = (
        "Mourners carry a coffin at a cemetery in Hollin on March 8, 2026. — AFP\n\n"
        "The toll from the suicide bombing of a bus station in Tarvel on Friday rose to 31 on Sunday.\n\n"
        "Another wounded man died overnight at the main hospital."
    )
    found = incidents(extractor, text, "2026-03-10")
    assert found[0].counts["killed"].best == 31
    assert found[0].date["start"] == "2026-03-06"


def test_assemble_the_lead_before_any_trigger_dates_the_main_incident(extractor):
    text = (
        "It was a black Friday yesterday for the parish of St Anne in Tarvel.\n\n"
        "Gunmen stormed the church during mass and killed at least 20 worshippers."
    )
    assert main_of(extractor, text, "2026-03-07").date["start"] == "2026-03-06"


def test_assemble_arrests_in_a_nearby_town_attach_to_the_attack(extractor):
    text = (
        "A suicide bomber killed 12 people at a bus stand in Peshawar on Monday, police said.\n\n"
        "Counter-terrorism police arrested three suspects in Mardan on Tuesday."
    )
    found = incidents(extractor, text, "2026-03-10")
    assert len(found) == 1
    assert found[0].counts["arrested"].best == 3


def test_assemble_an_attack_named_in_passing_makes_no_incident(extractor):
    text = (
        "Gunmen killed nine people at a checkpoint in Tarvel on Monday, officials said. "
        "Residents recalled the 2004 siege of the school in Darvan."
    )
    assert len(incidents(extractor, text, "2026-03-10")) == 1


def test_triggers_gasoline_bombs_are_fire_not_a_bombing():
    from corroborate.extract.incidents import find_triggers

    kinds = [t.type for t in find_triggers("gunmen with petrol bombs stormed the church".split())]
    assert "bombing" not in kinds and "arson" in kinds


def test_assemble_a_statistic_after_the_one_victim_is_not_the_toll(extractor):
    text = (
        "A 17-year-old boy was shot and killed outside a corner store on Friday night, police said. "
        "So far this year 31 people have been killed in the city."
    )
    assert main_of(extractor, text).counts["killed"].best == 1


def test_assemble_deaths_told_as_no_attack_make_no_incident(extractor):
    text = (
        "A car bomb killed nine people at a checkpoint in Baidoa, Somalia, on Monday.\n\n"
        "More than 2,000 foreign fighters have died in wars abroad since 2015, an analyst said.\n\n"
        "A former militia chief, trained in Kenya, ran the group's finances before he died."
    )
    found = incidents(extractor, text, "2026-05-19")
    assert found[0].counts["killed"].best == 9
    figures = [i.counts["killed"].best for i in found[1:] if i.counts.get("killed")]
    assert 2001 not in figures and 1 not in figures
