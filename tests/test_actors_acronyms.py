"""Registry acronyms written in mixed case ("LeT", "JeM") match only as written, so the English
words they spell ("let", "Let") are no actor."""

import pytest

from corroborate.extract.actors import registry


@pytest.mark.parametrize(
    "text,found",
    [
        ("a senior LeT commander was named", ["lashkar-e-taiba"]),
        ("JeM fighters crossed the line", ["jaish-e-mohammed"]),
        ("Let the investigators do their work", []),
        ("they would not let the convoy pass", []),
        ("LET US PRAY, the banner read", []),
        ("ISIS and al-Shabaab", ["islamic-state", "al-shabaab"]),
    ],
)
def test_actors_acronyms_mixed_case_match_as_written(text, found):
    assert [m.actor.id for m in registry().find(text)] == found
