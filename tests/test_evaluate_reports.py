"""Whole-report scoring (corroborate.evaluate_reports, `corroborate eval --reports`): articles go
through ingest, the scores read what the database holds."""

import json

import pytest

from corroborate.evaluate_reports import bcubed, figure_matches, score, unmet

from conftest import write

FIRST = """Gunmen kill 12 at a market in Maiduguri

Gunmen stormed a crowded market in Maiduguri, Nigeria, on Monday, killing 12 people and wounding 20,
police said. No group has claimed responsibility for the attack.
"""
UPDATE = """Maiduguri market attack toll climbs to 15

The number of people killed when gunmen stormed a market in Maiduguri, Nigeria, on Monday has risen
to 15, officials said on Tuesday. Another 20 people were wounded in the attack.
"""
NEGATIVE = """Council approves new budget for city parks

The city council voted on Tuesday to approve a new budget for the maintenance of public parks and
playgrounds. The plan adds two new gardeners and a summer programme for children.
"""


def gold_row(file, published, key="maiduguri", killed=12, negative=False):
    if negative:
        return {"file": file, "published": published, "negative": True, "incidents": []}
    incident = {"key": key, "role": "primary", "type": "armed_assault", "date": "2025-03-03", "country": "NG",
                "killed": {"min": killed, "max": killed}, "injured": {"min": 20, "max": 20}, "claimed_by": [], "blamed": []}  # fmt: skip
    return {"file": file, "published": published, "url": f"https://example.org/{file}", "incidents": [incident]}


def test_evaluate_reports_bcubed_counts_every_item_once():
    assert bcubed({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "x"})[0] == 1.0
    p, r, _ = bcubed({"a": 1, "b": 2}, {"a": "x", "b": "x"})
    assert (p, r) == (1.0, 0.5)


@pytest.mark.parametrize(
    "gold,predicted,qualifier,expected",
    [
        ({"min": 12, "max": 12}, {"low": 12, "high": 12}, "exact", True),
        ({"min": 12, "max": None}, {"low": 13, "high": None}, "more_than", True),  # "more than 12"
        ({"min": 12, "max": None}, {"low": 12, "high": 12}, "exact", False),
        ({"min": None, "max": None}, {"low": 24, "high": 99}, "vague", True),  # "dozens"
        ({"min": None, "max": 200}, {"low": 0, "high": 200}, "up_to", True),
        ({"min": None, "max": 200}, {"low": 180, "high": 199}, "nearly", True),  # "nearly 200"
        ({"min": 100, "max": 100}, {"low": 90, "high": 110}, "about", True),  # "about 100"
        ({"min": 100, "max": 100}, {"low": 90, "high": 110}, "exact", False),
        ({"min": 44, "max": 44}, {"low": 1, "high": 44}, "up_to", True),  # "as many as 44"
        ({"min": 44, "max": 44}, {"low": 1, "high": 45}, "up_to", False),
        (None, None, None, True),
        (None, {"low": 1, "high": 1}, "exact", False),
    ],
)
def test_evaluate_reports_figure_matches(gold, predicted, qualifier, expected):
    assert figure_matches(gold, predicted, qualifier) is expected


def test_evaluate_reports_score_counts_negatives_and_misses():
    rows = [gold_row("a.txt", "2025-03-03"), gold_row("n.txt", "2025-03-04", negative=True)]
    readings = {"a.txt": [], "n.txt": [{"main": True}]}
    result = score(rows, readings, {"conservative": {}})
    assert result["primary_recall"] == 0.0 and result["negatives_with_incidents"] == 1
    assert set(unmet({**result, "incident_killed_best": 0.0})) >= {"primary_recall", "negatives_with_incidents"}


def test_evaluate_reports_score_leaves_other_languages_out():
    foreign = {**gold_row("f.txt", "2025-03-03"), "language": "fr"}
    result = score([gold_row("a.txt", "2025-03-03"), foreign], {"a.txt": [], "f.txt": [{"main": True}]}, {"latest": {}})
    assert result["primary_articles"] == 1 and result["non_english"] == 1
    assert result["non_english_with_incidents"] == ["f.txt"]


def test_cli_eval_reports_through_ingest(cli, tmp_path):
    for name, text in (("first.txt", FIRST), ("update.txt", UPDATE), ("parks.txt", NEGATIVE)):
        write(tmp_path / name, text)
    rows = [gold_row("first.txt", "2025-03-03"), gold_row("update.txt", "2025-03-04", killed=15), gold_row("parks.txt", "2025-03-04", negative=True)]
    gold = write(tmp_path / "reports.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    fields = write(tmp_path / "fields.jsonl", json.dumps({"document": "first.txt", "types": ["armed_assault"]}) + "\n")
    args = ("eval", "--gold", str(fields), "--reports", str(gold), "--root", str(tmp_path), "--bench", "")
    shown = cli(*args, "--json", with_db=False)
    assert shown.exit_code == 0, shown.output
    result = json.loads(shown.stdout)["reports"][str(gold)]
    assert result["primary_articles"] == 2 and result["negatives_with_incidents"] == 0
    assert result["bcubed_precision"] == 1.0
    assert set(result["incident_killed_best_by_policy"]) == {"conservative", "ucdp", "latest"}
    assert result["incident_killed_best_by_policy"]["latest"] == 1.0  # the update's 15
    checked = cli(*args, "--check", "--policy", "conservative", with_db=False)
    assert "main attack found" in checked.stdout and "target" in checked.stdout
    assert checked.exit_code == (1 if unmet(result | {"incident_killed_best": result["incident_killed_best_by_policy"]["conservative"]}) else 0)


def test_cli_eval_reports_missing_article_is_a_clean_error(cli, tmp_path):
    gold = write(tmp_path / "reports.jsonl", json.dumps(gold_row("absent.txt", "2025-03-03")) + "\n")
    fields = write(tmp_path / "fields.jsonl", json.dumps({"document": "absent.txt"}) + "\n")
    result = cli("eval", "--gold", str(fields), "--reports", str(gold), "--root", str(tmp_path), "--bench", "", with_db=False)
    assert result.exit_code == 2 and "absent.txt" in result.stderr
