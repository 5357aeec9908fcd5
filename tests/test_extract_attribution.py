"""Claims of responsibility, blame and people, on hand-written sentences (issue 12)."""

import pytest

from corroborate.model import Mention
from corroborate.roles import incident_actors


def statements(extractor, text, kind=None):
    found = [m for m in extractor.extract(text, "2026-03-02") if m.kind == "statement"]
    return [m for m in found if kind is None or m.data["type"] == kind]


def targets(extractor, text, kind):
    return sorted({m.data["target"]["actor_id"] or m.data["target"]["text"] for m in statements(extractor, text, kind)})


def people(extractor, text):
    return {m.text: m.data["role"] for m in extractor.extract(text, "2026-03-02") if m.kind == "person"}


@pytest.mark.parametrize(
    "sentence,claimant",
    [
        ("Al-Shabaab took responsibility for the hotel siege in a radio broadcast.", "al-shabaab"),
        ("The ambush was claimed by ISWAP on Sunday.", "islamic-state-west-africa"),
        ("A roadside bombing claimed by ISWAP killed nine soldiers near Monguno.", "islamic-state-west-africa"),
        ("The BLA, which has claimed responsibility for the raid, said more attacks would follow.", "balochistan-liberation-army"),
        ("Islamic State made the first claim of responsibility for the truck attack on Saturday.", "islamic-state"),
        ("The TTP claimed to have killed eleven soldiers in the raid on the checkpoint.", "tehrik-i-taliban-pakistan"),
        ("The al-Qaeda affiliate al-Shabaab claimed responsibility for the market bombing.", "al-shabaab"),
        ("The Majeed Brigade of the BLA claimed responsibility for the convoy bombing.", "majeed-brigade"),
        ("In May 2019 a gunman shot three guards at the port, an attack that ISWAP claimed days later.", "islamic-state-west-africa"),
        ("In 2018 a car bomb hit the police college, an attack also claimed by al-Shabaab.", "al-shabaab"),
        ("Al-Qaeda in the Arabian Peninsula claimed the checkpoint bombing on Friday.", "al-qaeda-arabian-peninsula"),
    ],
)
def test_extract_attribution_claims(extractor, sentence, claimant):
    assert targets(extractor, sentence, "claim") == [claimant]
    assert targets(extractor, sentence, "blame") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "No group immediately claimed responsibility for the blast at the bus depot.",
        "Nobody has claimed the shooting outside the consulate.",
        "The militants have yet to claim the attack on the ferry.",
        "Although no group has come forward to claim the bombing, police suspect a local cell.",
        "There was no claim of responsibility for the grenade attack.",
        "The army claimed to have killed 27 insurgents during the operation.",
    ],
)
def test_extract_attribution_no_claim(extractor, sentence):
    assert [m.data["target"] for m in statements(extractor, sentence, "claim") if m.data["target"]] == []


def test_extract_attribution_a_claim_beside_a_negation_stands(extractor):
    sentence = "While ISWAP claimed responsibility for the raid, no evidence has been offered for the link."
    assert targets(extractor, sentence, "claim") == ["islamic-state-west-africa"]


def test_extract_attribution_a_branch_is_the_claimant_not_its_parent(extractor):
    text = ("A Sahel branch of Islamic State claimed responsibility for the ambush on Tuesday. "
            "Islamic State Sahel Province posted the claim on Telegram.")  # fmt: skip
    assert targets(extractor, text, "claim") == ["islamic-state-sahel"]


@pytest.mark.parametrize(
    "sentence,blamed",
    [
        ("The governor blamed two separatist groups, the BLA and the TTP, for the twin bombings.", ["balochistan-liberation-army", "tehrik-i-taliban-pakistan"]),
        ("The foreign ministry pointed the finger at Sudan and Chad.", ["country:SD", "country:TD"]),
        ("American officials said ISKP carried out the bombing of the shrine.", ["islamic-state-khorasan"]),
        ("The minister said the blast had been planned and carried out by ISWAP.", ["islamic-state-west-africa"]),
        ("The president put the blame squarely on the Taliban.", ["taliban"]),
        ("Police identified al-Shabaab as the group behind the hotel siege.", ["al-shabaab"]),
        ("The massacre, which villagers attribute to JNIM and al-Qaeda groups, went on for hours.", ["al-qaeda", "jnim"]),
        ("The spokesman said the ministry was involved in carrying out attacks in the province.", []),
        ("The commander said ISKP, an affiliate of Islamic State, was behind the mosque attack.", ["islamic-state-khorasan"]),
        ("According to prosecutors, the bombing was planned by the TTP.", ["tehrik-i-taliban-pakistan"]),
        ("The minister blamed the BLA, the oldest of the Baloch separatist groups, for the blast.", ["balochistan-liberation-army"]),
        ("The army blamed ISWAP, which has attacked villagers it accuses of spying for the army.", ["islamic-state-west-africa"]),
    ],
)
def test_extract_attribution_blame_names_each_party(extractor, sentence, blamed):
    assert targets(extractor, sentence, "blame") == blamed


@pytest.mark.parametrize(
    "sentence",
    [
        '"It is a national tragedy," said the governor of the province.',
        "The mayor said it was a failure of the security services.",
        "The police chief said the blast may have been set off by a suicide bomber.",
        "The rebels accused the army of hiding its losses after the ambush.",
        "The minister blamed the police for failing to guard the stadium.",
        "On its website, the outlet deflected blame while writing about ISKP recruiting in the region.",
        "The gunman fled with the Kenyan police launching a manhunt, according to local radio.",
        "Prosecutors said an Uzbek and a Kyrgyz national took part in the plot.",
    ],
)
def test_extract_attribution_no_blame(extractor, sentence):
    assert targets(extractor, sentence, "blame") == []


def test_extract_attribution_a_groups_own_statement_is_its_claim(extractor):
    text = "The checkpoint raid was executed by the Majeed Brigade, the BLA said in a statement."
    assert targets(extractor, text, "blame") == []
    assert "balochistan-liberation-army" in targets(extractor, text, "claim")
    text = "The toll rose to 30 as ISKP said it was behind the attack on the market."
    assert targets(extractor, text, "claim") == ["islamic-state-khorasan"]
    assert targets(extractor, text, "blame") == []
    text = "In a statement on Telegram, ISWAP said its fighters stormed the base."
    assert targets(extractor, text, "claim") == ["islamic-state-west-africa"]
    assert targets(extractor, text, "blame") == []


def test_extract_attribution_an_attack_by_a_group_per_a_speaker_is_blame(extractor):
    text = "The army spokesman said the night attack by ADF rebels left 14 villagers dead."
    assert targets(extractor, text, "blame") == ["allied-democratic-forces"]
    text = "Gunmen from al-Qaeda-linked militias killed 30 herders, officials said."
    assert targets(extractor, text, "blame") == []


def _statement(kind, target_id, speaker_id):
    data = {"type": kind, "target": {"text": target_id, "actor_id": target_id}}
    return Mention("statement", 0, 1, "x", 0, 1, data, {"text": speaker_id, "start": 0, "end": 1, "actor_id": speaker_id})


def test_roles_a_branch_stands_for_its_parent_as_claimant():
    actors = incident_actors([
        _statement("claim", "islamic-state", "islamic-state"),
        _statement("claim", "islamic-state-khorasan", "islamic-state-khorasan"),
        _statement("blame", "islamic-state", "country:US"),
        _statement("blame", "islamic-state-khorasan", "country:US"),
    ])  # fmt: skip
    assert sorted((a["actor_id"], a["role"]) for a in actors) == [
        ("islamic-state", "blamed"), ("islamic-state-khorasan", "blamed"), ("islamic-state-khorasan", "claimed"),
    ]  # fmt: skip


def test_roles_a_group_is_not_blamed_by_itself():
    actors = incident_actors([_statement("blame", "al-shabaab", "al-shabaab")])
    assert [a for a in actors if a["role"] == "blamed"] == []


@pytest.mark.parametrize(
    "text,name",
    [
        ("By Amina Yusuf and Tomas Berg\n\nA car bomb killed four people in the capital on Monday.", "Amina Yusuf"),
        ("Reporting by Tomas Berg; Editing by Amina Yusuf\n\nThe death toll rose to 12.", "Tomas Berg"),
        ("Preachers of Wahhabism and Salafi teachings were banned from the mosques, the minister said.", "Wahhabism"),
        ("Thousands of Uzbeks work on building sites in the capital, officials said.", "Uzbeks"),
        ("Two men were arrested in Eindhoven on Friday, police said.", "Eindhoven"),
        ("The claim was first reported by Sputnik on Tuesday evening.", "Sputnik"),
    ],
)
def test_extract_attribution_not_people(extractor, text, name):
    assert name not in people(extractor, text)


def test_extract_attribution_people_roles_in_background(extractor):
    text = ("The blast hit a crowd at the memorial for General Rahim Dastani, who was killed in 2019. "
            '"My son did nothing wrong," said his mother, Laila Haidari, after the suspect Omid Haidari was detained.')  # fmt: skip
    found = people(extractor, text)
    assert found.get("Rahim Dastani") not in ("suspect", "mastermind")
    assert found.get("Laila Haidari") not in ("victim", "suspect")


def _actor(actor_id, start, end, sentence=0):
    data = {"actor_id": actor_id, "name": actor_id, "kind": "armed_group", "registered": True}
    return Mention("actor", start, end, actor_id, sentence, 200, data)


def test_roles_groups_named_in_a_list_are_not_suspects():
    # "... groups such as al-Shabaab and ISWAP operate in the region. Police said JNIM fighters ..."
    actors = incident_actors([_actor("al-shabaab", 20, 30), _actor("islamic-state-west-africa", 35, 40), _actor("jnim", 120, 124)])
    assert [a["actor_id"] for a in actors if a["role"] == "suspected"] == ["jnim"]


def test_roles_claims_and_blame_go_with_the_main_incident_unless_their_sentence_dates_them():
    from corroborate.model import DocIncident

    def incident(index, mentions):
        return DocIncident(index, index == 0, mentions, "bombing", "executed", None, None, {}, incident_actors(mentions), [])

    blame = _statement("blame", "al-shabaab", "country:SO")  # "The government blamed al-Shabaab, which often strikes the capital."
    older = Mention("statement", 500, 510, "claimed", 500, 600, {"type": "claim", "target": {"text": "ISWAP", "actor_id": "islamic-state-west-africa"}})
    dated = Mention("date", 505, 515, "in 2019", 500, 600, {"start": "2019-01-01", "end": "2019-12-31", "precision": "year", "basis": "stated"})
    main, background = incident(0, []), incident(1, [blame, older, dated])
    from corroborate.roles import attribute_strays

    attribute_strays([main, background], [blame, older, dated])
    assert [(a["actor_id"], a["role"]) for a in main.actors] == [("al-shabaab", "blamed")]
    assert [(a["actor_id"], a["role"]) for a in background.actors] == [("islamic-state-west-africa", "claimed")]


def test_extract_attribution_a_group_saying_it_did_not_do_it_denies(extractor):
    text = "The Taliban said its fighters had not carried out the attack, and in turn blamed Islamic State."
    assert targets(extractor, text, "claim") == []
    assert targets(extractor, text, "denial") == ["taliban"]


def test_extract_attribution_the_group_means_the_group_named_before(extractor):
    text = ("The BLA has attacked Chinese convoys before. Police said the bombing was the handiwork "
            "of a cell of the banned outfit.")  # fmt: skip
    assert targets(extractor, text, "blame") == ["balochistan-liberation-army"]
