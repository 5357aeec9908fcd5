"""A party blamed without a name is kept, with its words, when it describes a body that acts
(an agency, an organisation, the masterminds); a person or a bare "group" is not. The eval's
name matching ignores a leading article and an annotator's bracketed note. Hand-written
sentences, invented facts."""

import pytest

from corroborate.evaluate_reports import group_key


def blamed(extractor, text):
    found = [m for m in extractor.extract(text, "2026-03-02") if m.kind == "statement" and m.data["type"] == "blame"]
    return sorted(m.data["target"]["actor_id"] or m.data["target"]["text"].lower() for m in found)


@pytest.mark.parametrize(
    "sentence,words",
    [
        ("The interior minister blamed a hostile foreign intelligence agency for the blast.", "intelligence agency"),
        ("Police blamed an international criminal network for the bombing at the port.", "network"),
        ("Officials blamed a banned extremist organisation for the shooting.", "organisation"),
    ],
)
def test_statements_unnamed_body_blamed(extractor, sentence, words):
    found = blamed(extractor, sentence)
    assert len(found) == 1 and words in found[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "The interior minister blamed a young man for the blast.",
        "Police blamed the weather for the delay in the rescue.",
    ],
)
def test_statements_unnamed_person_or_thing_not_blamed(extractor, sentence):
    assert blamed(extractor, sentence) == []


@pytest.mark.parametrize(
    "gold,product",
    [
        ("an international terrorist organization", "international terrorist organization"),
        ("their masterminds", "masterminds"),
        ("Pakistan (cross-border support named by officials)", "Pakistan"),
    ],
)
def test_evaluate_reports_group_key_ignores_articles_and_notes(gold, product):
    assert group_key(gold) == group_key(product)
