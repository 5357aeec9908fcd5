"""A dateline's day without a year, in an article with no publication date: what is read against
it keeps its day but says the year is guessed. Sentences written for these tests."""

from datetime import date

import pytest

from corroborate.extract.dates import find_dates


def bases(text, published=None):
    return [(m.text, m.value.start.isoformat() if m.value else None, m.value.basis if m.value else None) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "Bishkek [Kyrgyzstan], June 3 (ANI): Gunmen attacked a market on Sunday. Similar raids took place in 2010 and 2016.",
            ("Sunday", "2016-05-29", "document_year"),
        ),
        ("OSH, June 3 (Reuters) - Gunmen attacked a market on Sunday, police said. The town last saw violence in 2010.", ("Sunday", "2010-05-30", "document_year")),
    ],
)
def test_dates_a_dateline_without_its_year_gives_a_guessed_year(text, expected):
    assert expected in bases(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("OSH, June 3, 2025 (Reuters) - Gunmen attacked a market on Sunday.", ("Sunday", "2025-06-01", "publication")),
        ("OSH, June 3 (Reuters) - Gunmen attacked a market on Sunday.", ("Sunday", "2025-06-01", "publication")),
    ],
)
def test_dates_a_written_year_or_a_publication_date_anchors_as_before(text, expected):
    published = None if "2025" in text else date(2025, 6, 3)
    assert expected in bases(text, published)
