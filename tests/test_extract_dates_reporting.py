"""Dates that are not the incident's: when something was said, the report's own dateline or
byline, a file photo's; and the dateline standing in for a missing publication date (issue 12).
Sentences written for these tests."""

from datetime import date

import pytest

from corroborate.extract.dates import find_dates

PUBLISHED = date(2023, 5, 3)  # a Wednesday


def days(text, published=PUBLISHED):
    return {m.text: (m.value.start.isoformat() if m.value else None) for m in find_dates(text, published)}


@pytest.mark.parametrize(
    "text,said",
    [
        ("The toll rose to 40, hospital officials said Tuesday.", "Tuesday"),
        ("The toll rose to 40, officials said on Tuesday.", "Tuesday"),
        ("A driver was hurt, the ambulance chief told Reuters on Tuesday.", "Tuesday"),
        ("The Kabul Times reported on April 30 that the bomber was a teenager.", "April 30"),
        ("The group said in a statement on Monday that it was behind the raid.", "Monday"),
    ],
)
def test_dates_the_day_something_was_said_is_no_event_date(text, said):
    assert said not in days(text)


def test_dates_the_event_day_beside_a_statement_is_kept():
    found = days("The mayor said Monday's blast was the worst in years. The bomb went off on Monday morning.")
    assert found["Monday"] == "2023-05-01" and found["Monday morning"] == "2023-05-01"


def test_dates_a_dateline_date_is_the_reports_and_anchors_its_weekdays():
    text = "HERAT, May 3, 2023 (Wire) - A roadside bomb killed four police officers on Monday.\nThe governor condemned it."
    found = days(text, None)
    assert "May 3, 2023" not in found
    assert found["Monday"] == "2023-05-01"  # placed from the dateline, not left at a year


def test_dates_a_byline_date_is_the_reports():
    text = "Wire Service\n3 May, 2023, 07:15 pm\n\nGunmen attacked a bus on Tuesday, killing six."
    found = days(text, None)
    assert "3 May, 2023" not in found and found["Tuesday"] == "2023-05-02"


def test_dates_a_file_photo_caption_date_is_the_photos():
    text = "File photo: Rescuers at the scene of a truck bomb in Kabul, June 2, 2019.\n\nA blast on Friday killed three."
    found = days(text)
    assert "June 2, 2019" not in found and found["Friday"] == "2023-04-28"


def test_dates_a_headline_date_counts():
    text = "Bomb kills 12 at a market on April 29\n\nThe blast tore through stalls."
    assert days(text)["April 29"] == "2023-04-29"


def test_dates_a_weekday_without_publication_or_dateline_stays_vague():
    (mention,) = find_dates("Gunmen opened fire on Friday.", None)
    assert mention.value is None
