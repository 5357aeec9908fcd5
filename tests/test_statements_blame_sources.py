"""Blame read from whom the attackers acted for, belonged to or got help from, and claims by a
group the parse left without a subject (hand-written sentences, invented facts)."""

import pytest


def statements(extractor, text, kind):
    found = [m for m in extractor.extract(text, "2026-03-02") if m.kind == "statement"]
    return [m for m in found if m.data["type"] == kind]


def targets(extractor, text, kind):
    return sorted({m.data["target"]["actor_id"] or m.data["target"]["text"] for m in statements(extractor, text, kind)})


@pytest.mark.parametrize(
    "sentence,blamed",
    [
        ("Investigators believe the gunmen acted on the orders of Jaish-e-Mohammed.", ["jaish-e-mohammed"]),
        ("Police suspect the bombers acted under the command of Omar Zaidi, a senior LeT commander.", ["lashkar-e-taiba"]),
        ("Police identified the gunmen as members of ISWAP.", ["islamic-state-west-africa"]),
        ("The army said the attackers received weapons from Boko Haram.", ["boko-haram"]),
        ("According to the prosecutor, the bombers got their funding from al-Shabaab.", ["al-shabaab"]),
        ("An intelligence official said the cell had been directed by ISWAP commanders in the forest.", ["islamic-state-west-africa"]),
        ("The minister accused Boko Haram of financing the gunmen through traders in the market.", ["boko-haram"]),
    ],
)
def test_statements_blame_sources(extractor, sentence, blamed):
    assert targets(extractor, sentence, "blame") == blamed


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said the men did not act on the orders of Boko Haram.",
        "Police identified the dead as members of the Hazara community.",
        "Officials said the injured received help from the Red Cross.",
        "Let them decide, the minister said of the talks.",
        "Officials said the rescue was directed by the army commanders.",
        "The governor accused the contractor of financing a new stadium.",
    ],
)
def test_statements_blame_sources_not_blame(extractor, sentence):
    assert targets(extractor, sentence, "blame") == []


def test_statements_claim_by_a_group_named_before_a_subjectless_said(extractor):
    text = ("In a message posted on Telegram on Sunday, the Islamic State (IS) in Sahel Province (ISSP) "
            "said three of the group's fighters stormed the army post.")  # fmt: skip
    assert targets(extractor, text, "claim") in (["islamic-state"], ["islamic-state-sahel"])


def test_statements_own_group_means_the_speaker_only_for_an_armed_group(extractor):
    assert targets(extractor, "Police said the group's fighters stormed the army post.", "claim") == []


@pytest.mark.parametrize(
    "sentence,blamed",
    [
        ("The minister accused India of paying the bomber's handlers through a bank in Dubai.", ["country:IN"]),
        ("Officials have long accused Kabul of sheltering TTP fighters, a charge it denies.", []),
        ("The minister accused Iran of arming the Houthis for years.", []),
    ],
)
def test_statements_blame_for_backing_the_attackers_only(extractor, sentence, blamed):
    assert targets(extractor, sentence, "blame") == blamed


def test_statements_blame_then_named(extractor):
    text = "The junta blamed the massacre on foreign backers of terrorism and named Algeria and Ukraine."
    assert targets(extractor, text, "blame") == ["country:DZ", "country:UA"]
