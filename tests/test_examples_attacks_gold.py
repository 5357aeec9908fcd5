"""The project's own attack reports (examples/attacks) and their gold (eval/gold/attacks.jsonl):
the gold is well formed in the terror_news schema and every quoted text is in its article."""

import json
import re

import pytest

from conftest import ROOT

GOLD = ROOT / "eval" / "gold" / "attacks.jsonl"
ARTICLES = ROOT / "examples" / "attacks"
TYPES = {
    "bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack",
    "vehicle_attack", "stabbing", "airstrike", "plot", "arrest", "other",
}  # fmt: skip
ROW_KEYS = {"file", "url", "published", "published_source", "language", "incidents", "notes"}
INCIDENT_KEYS = {
    "key", "role", "mention_only", "type", "type_acceptable", "date", "date_text", "city", "country",
    "killed", "injured", "perpetrator_groups", "claimed_by", "blamed", "arrests", "arrests_text",
}  # fmt: skip
COUNT_KEYS = {"min", "max", "text", "alternatives"}
# Gold dates: a day, a month, a year, or a month and day without a year (a dateline such as "Jan 10").
DATE = re.compile(r"^(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2})$")
# ISO 3166-1 alpha-2 codes of the countries these articles name as places of attacks.
COUNTRIES = {"AF", "BE", "CO", "DE", "FR", "LB", "ML", "PK", "SO"}


def rows() -> list[dict]:
    with open(GOLD, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def counts(incident: dict):
    for name in ("killed", "injured", "perpetrators_killed"):
        count = incident.get(name)
        if count is not None:
            yield name, count
            yield from ((f"{name} alternative", a) for a in count["alternatives"])


def quoted(text: str, article: str) -> bool:
    """A gold text is in the article, " ... " marking elisions."""
    at = 0
    for part in text.split(" ... "):
        at = article.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def test_examples_attacks_every_article_has_one_gold_line():
    files = sorted(r["file"] for r in rows())
    assert len(files) == len(set(files))
    assert files == sorted(f"examples/attacks/{p.name}" for p in ARTICLES.glob("*.txt"))
    assert 24 <= len(files) <= 30


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["file"].rsplit("/", 1)[-1])
def test_examples_attacks_gold_line_is_well_formed(row):
    article = (ROOT / row["file"]).read_text(encoding="utf-8")
    headline, blank = article.split("\n")[:2]
    assert headline and not blank, "first line the headline, then a blank line"
    assert 150 <= len(article.split()) <= 450
    assert ROW_KEYS <= set(row) and row["language"] == "en"
    assert row["published"] is None or DATE.match(row["published"])
    assert (row["published"] is None) == row["file"].split("/")[-1].startswith("undated_")
    assert row["url"].startswith("https://")
    primaries = [i for i in row["incidents"] if i["role"] == "primary"]
    assert len(primaries) == (0 if row.get("negative") else 1)
    for incident in row["incidents"]:
        assert INCIDENT_KEYS <= set(incident), incident["key"]
        assert incident["role"] in ("primary", "secondary")
        assert incident["type"] in TYPES and incident["type"] in incident["type_acceptable"]
        assert set(incident["type_acceptable"]) <= TYPES
        assert incident["country"] in COUNTRIES
        assert incident["date"] is None or DATE.match(incident["date"])
        for text in (incident["date_text"], incident["arrests_text"]):
            assert text is None or quoted(text, article), text
        assert (incident["arrests"] is None) == (incident["arrests_text"] is None)
        for name, count in counts(incident):
            assert COUNT_KEYS - {"alternatives"} <= set(count), name
            assert quoted(count["text"], article), (name, count["text"])
            if count["min"] is not None and count["max"] is not None:
                assert count["min"] <= count["max"], name
        for blame in incident["blamed"]:
            assert set(blame) == {"by", "target"} and blame["by"] and blame["target"]


def test_examples_attacks_keys_group_several_reports():
    """The set is built of several reports per attack: at least four attacks with three or more."""
    reports: dict[str, int] = {}
    for row in rows():
        for incident in row["incidents"]:
            if incident["role"] == "primary":
                reports[incident["key"]] = reports.get(incident["key"], 0) + 1
    assert sum(n >= 3 for n in reports.values()) >= 4
