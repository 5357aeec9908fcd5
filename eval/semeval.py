"""SemEval-2018 Task 5 dev: per-article killed/injured, incident date, city and state vs the Gun Violence Archive.

Each article (``articles.jsonl``, title + content, ``dct`` as publication date) is extracted and
compared with the GVA record of its incident (``incidents.jsonl``):
- killed / injured: ``common.aggregate_counts`` vs ``num_killed`` / ``num_injured``: exact match,
  and "within range" (gold equals the number, or lies in some killed / injured claim's [min, max]);
- date: ``common.incident_date`` vs the GVA date, exactly and within one day; also with its
  second step off (only dates in trigger / casualty sentences, else the publication date), and
  the publication date alone as a baseline;
- city: "any" = the GVA ``city_or_county`` (either name of "Miami (Cutler Bay)", without
  "county") is among the article's place names; "main" = it is the article's main place
  (``common.main_place``). State: the same with the places' admin1 against ``state``.

    .venv/bin/python eval/semeval.py [--limit N] [--no-title]
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import date, datetime, timedelta

from common import (
    BENCH, aggregate_counts, arguments, extract_all, incident_date, limited, load_jsonl,
    main_place, place_key, place_names, ratio, table, write_results,
)  # fmt: skip

DATA = BENCH / "semeval2018t5"


def gold_cities(city_or_county: str) -> set[str]:
    """'Miami (Cutler Bay)' -> {miami, cutler bay}; 'Charlotte (county)' -> {charlotte}."""
    names = re.split(r"[()]", city_or_county)
    return {place_key(n) for n in names if place_key(n)}


def main() -> None:
    extra = "--no-title" in sys.argv
    if extra:
        sys.argv.remove("--no-title")
    args = arguments(__doc__.splitlines()[0], "semeval.json")
    incidents = {i["incident_uri"]: i for i in load_jsonl(DATA / "incidents.jsonl")}
    articles = limited(load_jsonl(DATA / "articles.jsonl"), args.limit)
    texts = [((a["content"] if extra else f"{a['title']}\n\n{a['content']}"), a["dct"]) for a in articles]

    hits: Counter = Counter()
    rows = []
    for article, mentions in zip(articles, extract_all(texts, args.batch_size, args.quiet)):
        gold = incidents[article["incident_id"]]
        counts = aggregate_counts(mentions)
        published = date.fromisoformat(article["dct"][:10]) if article.get("dct") else None
        gold_date = datetime.strptime(gold["date"], "%B %d, %Y").date()
        found = incident_date(mentions, published)
        cities = gold_cities(gold["city_or_county"])
        names = place_names(mentions)
        main_name = main_place(mentions)
        result = {
            "killed": counts.killed == gold["num_killed"],
            "injured": counts.injured == gold["num_injured"],
            "killed_range": counts.within_range("killed", gold["num_killed"]),
            "injured_range": counts.within_range("injured", gold["num_injured"]),
            "date": found == gold_date,
            "date_1": found is not None and abs(found - gold_date) <= timedelta(days=1),
            "date_strict": incident_date(mentions, published, anywhere=False) == gold_date,
            "date_published": published == gold_date,
            "date_published_1": published is not None and abs(published - gold_date) <= timedelta(days=1),
            "city_any": any(k in cities for k, _ in names),
            "city_main": main_name is not None and main_name[0] in cities,
            "state_any": any(a == gold["state"] for _, a in names),
            "state_main": main_name is not None and main_name[1] == gold["state"],
        }
        result["both"] = result["killed"] and result["injured"]
        hits.update(k for k, v in result.items() if v)
        hits["baseline_killed"] += gold["num_killed"] == 0
        hits["baseline_injured"] += gold["num_injured"] == 1
        rows.append({
            "doc_id": article["doc_id"], "incident_id": article["incident_id"],
            "gold": {"killed": gold["num_killed"], "injured": gold["num_injured"], "date": gold_date.isoformat(),
                     "city": gold["city_or_county"], "state": gold["state"]},
            "predicted": {"killed": counts.killed, "injured": counts.injured, "date": found and found.isoformat(),
                          "main_place": main_name and main_name[0], "claims": counts.claims, "chosen": counts.chosen},
            "correct": sorted(k for k, v in result.items() if v),
        })  # fmt: skip

    n = len(articles)
    measures = [
        ("killed, exact", "killed"), ("injured, exact", "injured"), ("killed and injured, exact", "both"),
        ("killed, within range", "killed_range"), ("injured, within range", "injured_range"),
        ("(baseline: killed = 0)", "baseline_killed"), ("(baseline: injured = 1)", "baseline_injured"),
        ("date, exact", "date"), ("date, within 1 day", "date_1"),
        ("(date from trigger/casualty sentences only, exact)", "date_strict"),
        ("(baseline: publication date, exact)", "date_published"), ("(baseline: publication date, ±1 day)", "date_published_1"),
        ("city, among place names", "city_any"), ("city, main place", "city_main"),
        ("state, among places' admin1", "state_any"), ("state, main place's admin1", "state_main"),
    ]  # fmt: skip
    summary = {key: ratio(hits[key], n) for _, key in measures}
    print(f"\nSemEval-2018 Task 5 dev: {n} articles{' (content only, no title)' if extra else ' (title + content)'}")
    print(table([(label, hits[key], summary[key]) for label, key in measures], ["measure", "correct", "accuracy"]))
    write_results(args.out, {"benchmark": "semeval2018t5-dev", "articles": n, "title": not extra,
                             "accuracy": summary, "articles_detail": rows})  # fmt: skip


if __name__ == "__main__":
    main()
