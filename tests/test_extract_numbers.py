import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract.numbers import parse_number, parse_quantity, tokenize


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("91", (91, 91, "exact")),
        ("1,200", (1200, 1200, "exact")),
        ("at least 91", (91, None, "at_least")),
        ("over 90", (91, None, "more_than")),
        ("more than a hundred", (101, None, "more_than")),
        ("about 60", (54, 66, "about")),
        ("some 60", (54, 66, "about")),
        ("up to 40", (1, 40, "up_to")),
        ("nearly 100", (90, 99, "nearly")),
        ("fewer than 10", (1, 9, "fewer_than")),
        ("ninety-one", (91, 91, "exact")),
        ("one hundred and five", (105, 105, "exact")),
        ("two thousand five hundred", (2500, 2500, "exact")),
        ("twenty three", (23, 23, "exact")),
        ("a dozen", (10, 14, "about")),
        ("more than a dozen", (13, None, "more_than")),
        ("at least a dozen", (12, None, "at_least")),
        ("nearly a dozen", (10, 11, "nearly")),
        ("about a dozen", (10, 14, "about")),
        ("two dozen", (24, 24, "exact")),
        ("dozens", (24, 99, "vague")),
        ("scores", (40, 199, "vague")),
        ("hundreds", (200, 999, "vague")),
        ("a handful", (2, 6, "vague")),
        ("between 10 and 15", (10, 15, "range")),
        ("10 to 15", (10, 15, "range")),
        ("two or three", (2, 3, "range")),
        ("1.5 million", (1_500_000, 1_500_000, "exact")),
    ],
)
def test_numbers_phrases_become_documented_ranges(phrase, expected):
    quantity = parse_quantity(tokenize(phrase), 0)
    assert (quantity.min, quantity.max, quantity.qualifier) == expected
    assert quantity.end == len(tokenize(phrase))


@pytest.mark.parametrize("phrase", ["the", "people", "over the weekend", "2.5", "at least"])
def test_numbers_non_counts_are_none(phrase):
    assert parse_quantity(tokenize(phrase), 0) is None


def test_numbers_bare_article_is_flagged():
    quantity = parse_quantity(["a", "policeman"], 0)
    assert (quantity.min, quantity.article) == (1, True)


def test_numbers_parse_number_whole_strings_only():
    assert parse_number("ninety-one") == 91
    assert parse_number("1,200") == 1200
    assert parse_number("dozens") is None
    assert parse_number("91 people") is None


WORDS = st.sampled_from(
    "a an one two ten twenty ninety hundred thousand dozen dozens and at least more than about up to "
    "nearly between or - , people 5 91 1,200 2.5 killed the over some few a few".split()
)


@given(st.lists(WORDS, max_size=12), st.integers(min_value=0, max_value=12))
@settings(max_examples=500, deadline=None)
def test_numbers_any_word_sequence_never_raises_and_ranges_are_ordered(words, start):
    quantity = parse_quantity(words, start)
    if quantity is not None:
        assert quantity.min >= 0
        assert quantity.max is None or quantity.max >= quantity.min
        assert start <= quantity.start < quantity.end <= len(words)


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_numbers_arbitrary_text_never_raises(text):
    parse_number(text)
    words = tokenize(text)
    for i in range(len(words)):
        parse_quantity(words, i)
