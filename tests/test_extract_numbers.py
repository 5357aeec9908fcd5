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


# Digit strings of any length, with or without thousands commas, decimals or a scale word.
HUGE_DIGITS = st.one_of(
    st.integers(min_value=0, max_value=10**80).map(str),
    st.integers(min_value=0, max_value=10**80).map(lambda n: f"{n:,}"),
    st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n),
    st.tuples(st.integers(min_value=0, max_value=10**60), st.integers(min_value=0, max_value=10**60)).map(lambda t: f"{t[0]}.{t[1]}"),
)
EXTREME_WORDS = st.one_of(HUGE_DIGITS, st.sampled_from("million thousand hundred dozen between and to or at least more than people killed".split()))


@pytest.mark.parametrize("digits", ["9" * 60, "1" * 400, "9" * 320 + ".0", "1." + "5" * 400], ids=["60_digits", "400_digits", "320_digits_point_0", "400_decimals"])
def test_numbers_huge_digit_strings_are_no_count(digits):
    assert parse_quantity([digits, "people"], 0) is None
    assert parse_quantity([digits, "million"], 0) is None
    assert parse_quantity(["between", "5", "and", digits], 0) is None
    assert parse_number(digits) is None
    assert parse_quantity(["5", "to", digits], 0) == parse_quantity(["5"], 0)


@given(st.lists(EXTREME_WORDS, min_size=1, max_size=8), st.integers(min_value=0, max_value=8))
@settings(max_examples=300, deadline=None)
def test_numbers_extreme_values_never_raise_and_stay_bounded(words, start):
    from corroborate.extract.numbers import MAX_COUNT

    quantity = parse_quantity(words, start)
    if quantity is not None:
        assert 0 <= quantity.min <= MAX_COUNT + 1  # "more than 10,000,000" is one more
        assert quantity.max is None or quantity.min <= quantity.max <= 2 * MAX_COUNT
    for word in words:
        value = parse_number(word)
        assert value is None or 0 <= value <= MAX_COUNT
