import pytest

from corroborate import dedup

from conftest import article


def test_dedup_normalise_is_stable_and_idempotent():
    messy = "  Blast\u200b in  Kerman\r\n\r\n\r\n\tkilled 91 \x07people.  \n"
    clean = dedup.normalise(messy)
    assert clean == "Blast in Kerman\n\nkilled 91 people."
    assert dedup.normalise(clean) == clean


def test_dedup_content_id_ignores_layout_not_words():
    a = dedup.content_id(dedup.normalise("Twin blasts killed 91.\n\n\nOfficials said."))
    b = dedup.content_id(dedup.normalise("Twin  blasts killed 91.\r\n\r\nOfficials said.  "))
    c = dedup.content_id(dedup.normalise("Twin blasts killed 94.\n\nOfficials said."))
    assert a == b != c
    assert len(a) == 64


def test_dedup_shingles_are_signed_64_bit():
    values = dedup.shingles(article("alpha"))
    assert values and all(-(2**63) <= v < 2**63 for v in values)


def test_dedup_distinct_articles_are_not_copies():
    found = dedup.overlap(dedup.shingles(article("alpha")), dedup.shingles(article("beta")))
    assert not found.is_copy


def test_dedup_light_edits_are_a_near_copy():
    original = article("kerman")
    edited = "Republished from the wire.\n\n" + original.replace("police", "ISIS-K").replace("said", "stated", 1)
    found = dedup.overlap(dedup.shingles(edited), dedup.shingles(original))
    assert found.is_copy and found.containment > 0.6


def test_dedup_partial_copy_of_a_longer_text_is_a_copy():
    long_text = article("long", sentences=40)
    passage = "\n\n".join(long_text.split("\n\n")[3:8])  # five paragraphs of twenty
    short = article("fresh", sentences=6) + "\n\n" + passage
    found = dedup.overlap(dedup.shingles(short), dedup.shingles(long_text))
    assert found.jaccard < 0.3  # low similarity as whole documents...
    assert found.is_copy  # ...but a large share of the short one is copied


@pytest.mark.parametrize("text", ["", "one", "two words", "Blast."])
def test_dedup_short_texts_do_not_break_shingling(text):
    assert len(dedup.shingles(text)) <= 1
