from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate.extract.dates import find_dates

PUBLISHED = date(2024, 1, 10)  # a Wednesday


def only(text, published=PUBLISHED):
    (mention,) = find_dates(text, published)
    return mention.value.as_dict() if mention.value else None


@pytest.mark.parametrize(
    "text,start,end,precision",
    [
        ("It happened on January 3, 2024.", "2024-01-03", "2024-01-03", "day"),
        ("It happened on 14 July 2016.", "2016-07-14", "2016-07-14", "day"),
        ("on the evening of January 3", "2024-01-03", "2024-01-03", "day"),
        ("On October 26, gunmen", "2023-10-26", "2023-10-26", "day"),  # later in the year: last year
        ("in July 2023", "2023-07-01", "2023-07-31", "month"),
        ("In early January 2024", "2024-01-01", "2024-01-31", "month"),
        ("in 2022", "2022-01-01", "2022-12-31", "year"),
        ("on Monday evening", "2024-01-08", "2024-01-08", "day"),
        ("on Wednesday", "2024-01-10", "2024-01-10", "day"),
        ("last Wednesday", "2024-01-03", "2024-01-03", "day"),
        ("yesterday", "2024-01-09", "2024-01-09", "day"),
        ("last night", "2024-01-09", "2024-01-09", "day"),
        ("last month", "2023-12-01", "2023-12-31", "month"),
        ("last week", "2024-01-01", "2024-01-07", "week"),
        ("three days ago", "2024-01-07", "2024-01-07", "day"),
        ("on New Year's Eve", "2023-12-31", "2023-12-31", "day"),
        ("In August, a gunman", "2023-08-01", "2023-08-31", "month"),
        ("(Feb. 4, 2014)", "2014-02-04", "2014-02-04", "day"),
    ],
)
def test_dates_resolve_against_publication(text, start, end, precision):
    value = only(text)
    assert (value["start"], value["end"], value["precision"]) == (start, end, precision)


def test_dates_without_publication_use_the_latest_stated_year_and_say_so():
    mentions = {m.text: m.value for m in find_dates("In 2022 and 2024. On January 3 and on Monday.", None)}
    assert mentions["January 3"].start == date(2024, 1, 3) and mentions["January 3"].basis == "document_year"
    assert mentions["Monday"].precision == "year"  # a weekday cannot be placed without the date


def test_dates_without_any_anchor_are_unplaced():
    assert only("It happened last week.", None) is None


@pytest.mark.parametrize("text", ["February 30, 2024", "May I ask", "the 2024 election had 300 seats"])
def test_dates_impossible_or_non_dates(text):
    assert all(m.text != "February 30, 2024" for m in find_dates(text, PUBLISHED))
    assert not any(m.text.startswith("May I") for m in find_dates(text, PUBLISHED))


@given(st.text(max_size=200), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)) | st.none())
@settings(max_examples=300, deadline=None)
def test_dates_arbitrary_text_never_raises(text, published):
    for mention in find_dates(text, published):
        assert 0 <= mention.start < mention.end <= len(text)
        if mention.value:
            assert mention.value.start <= mention.value.end


@given(st.lists(st.sampled_from(["on", "Monday", "January", "3", ",", "2024", "last", "week", "in", "July", "ago", "two", "days", "New Year's Eve", "yesterday", "30", "February"]), max_size=10))
@settings(max_examples=300, deadline=None)
def test_dates_date_like_word_salad_never_raises(words):
    find_dates(" ".join(words), PUBLISHED)
    find_dates(" ".join(words), None)


@pytest.mark.parametrize(
    "text,published",
    [
        ("800000 days ago", PUBLISHED),
        ("-5999999999999 days ago", PUBLISHED),
        ("9999999 months ago", PUBLISHED),
        ("3 days ago", date(1, 1, 2)),
        ("three weeks ago", date(1, 1, 2)),
        ("yesterday", date(1, 1, 1)),
        ("in December", date(1, 1, 1)),
        ("next Monday", date(9999, 12, 31)),
        ("next year", date(9999, 6, 1)),
    ],
)
def test_dates_beyond_the_calendar_give_no_date(text, published):
    assert find_dates(text, published) == []


EXTREME_PUBLISHED = st.one_of(
    st.dates(),  # year 1 to 9999
    st.sampled_from([date.min, date.max, date(1, 1, 2), date(9999, 6, 1), date(9999, 12, 25)]),
)
RELATIVE = st.one_of(
    st.tuples(
        st.one_of(st.integers(min_value=-(10**15), max_value=10**15).map(str), st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n), st.sampled_from(["a", "one", "ten"])),
        st.sampled_from(["day", "days", "week", "weeks", "month", "months", "year", "years"]),
    ).map(lambda t: f"{t[0]} {t[1]} ago"),
    st.sampled_from(["yesterday", "today", "last night", "last week", "last month", "last year", "this year", "next year",
                     "next Monday", "last Sunday", "on Friday", "on January 3", "in December", "on New Year's Eve",
                     "the day before yesterday", "in early January", "on December 31"]),  # fmt: skip
)


@given(st.lists(RELATIVE, min_size=1, max_size=4), EXTREME_PUBLISHED)
@settings(max_examples=300, deadline=None)
def test_dates_extreme_values_and_publication_dates_never_raise(phrases, published):
    text = ", and ".join(phrases)
    for mention in find_dates(text, published):
        assert 0 <= mention.start < mention.end <= len(text)
        if mention.value:
            assert mention.value.start <= mention.value.end
