"""GVDB dev: per-article victims killed / injured, city and date vs the crowd annotation.

Gold, from the ``Json`` column of ``gvdb/dev.tsv`` (see ``readme_original_format.txt``):
- killed = victims whose ``victim-was`` contains "killed"; injured = victims whose ``victim-was``
  contains "injured" or "hospitalized" but not "killed" (victims with an empty list are not counted);
- city = ``date-and-time.city.value`` (articles where it is empty are left out of the city measure);
- date = ``date-and-time.date`` (always filled).
The articles carry no publication date; where the URL has one (``/2015/12/27/``,
``2015-12-27``) it is used as the published date, otherwise the extractor gets None and only
absolute dates resolve. Date accuracy is reported overall and on the URL-dated articles.
Counts use ``common.aggregate_counts`` (exact match and "within range", as in semeval.py).

    .venv/bin/python eval/gvdb.py [--limit N]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, timedelta

from common import (
    BENCH, aggregate_counts, arguments, extract_all, incident_date, limited, load_tsv,
    main_place, place_key, place_names, ratio, table, write_results,
)  # fmt: skip

DATA = BENCH / "gvdb"
URL_DATE = re.compile(r"(20\d\d)[/-](\d\d?)[/-](\d\d?)(?:[/_.-]|$)")


def gold_of(row: dict) -> dict:
    annotation = json.loads(row["Json"])
    victims = [v.get("victim-was") or [] for v in annotation.get("victim-section", [])]
    when = annotation["date-and-time"]
    year, month, day = (int(x) for x in when["date"].split("-"))
    return {
        "killed": sum("killed" in v for v in victims),
        "injured": sum(("injured" in v or "hospitalized" in v) and "killed" not in v for v in victims),
        "city": (when.get("city") or {}).get("value", "").strip(),
        "date": date(year, month, day),
    }


def url_date(url: str) -> date | None:
    match = URL_DATE.search(url)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "gvdb.json")
    rows = limited(load_tsv(DATA / "dev.tsv"), args.limit)
    published = [url_date(r["Article url"]) for r in rows]
    pairs = [(r["Full text"], p.isoformat() if p else None) for r, p in zip(rows, published)]

    hits: Counter = Counter()
    totals: Counter = Counter()
    detail = []
    for row, pub, mentions in zip(rows, published, extract_all(pairs, args.batch_size, args.quiet)):
        gold = gold_of(row)
        counts = aggregate_counts(mentions)
        found = incident_date(mentions, pub)
        result = {
            "killed": counts.killed == gold["killed"],
            "injured": counts.injured == gold["injured"],
            "killed_range": counts.within_range("killed", gold["killed"]),
            "injured_range": counts.within_range("injured", gold["injured"]),
            "date": found == gold["date"],
            "date_1": found is not None and abs(found - gold["date"]) <= timedelta(days=1),
        }
        result["both"] = result["killed"] and result["injured"]
        totals.update(["all"])
        if pub is not None:
            totals.update(["dated"])
            result["dated_date"] = result["date"]
            result["dated_date_1"] = result["date_1"]
            result["dated_published"] = pub == gold["date"]
        main_name = main_place(mentions)
        if gold["city"]:
            totals.update(["city"])
            key = place_key(gold["city"])
            result["city_any"] = any(k == key for k, _ in place_names(mentions))
            result["city_main"] = main_name is not None and main_name[0] == key
        hits.update(k for k, v in result.items() if v)
        detail.append({
            "article_id": row["Article id"],
            "gold": {**gold, "date": gold["date"].isoformat()},
            "predicted": {"killed": counts.killed, "injured": counts.injured, "date": found and found.isoformat(),
                          "published": pub and pub.isoformat(), "main_place": main_name and main_name[0],
                          "claims": counts.claims, "chosen": counts.chosen},
            "correct": sorted(k for k, v in result.items() if v),
        })  # fmt: skip

    measures = [
        ("killed, exact", "killed", "all"), ("injured, exact", "injured", "all"),
        ("killed and injured, exact", "both", "all"),
        ("killed, within range", "killed_range", "all"), ("injured, within range", "injured_range", "all"),
        ("date, exact", "date", "all"), ("date, within 1 day", "date_1", "all"),
        ("date, exact (URL-dated articles)", "dated_date", "dated"),
        ("date, within 1 day (URL-dated)", "dated_date_1", "dated"),
        ("(baseline: URL date, exact)", "dated_published", "dated"),
        ("city, among place names", "city_any", "city"), ("city, main place", "city_main", "city"),
    ]  # fmt: skip
    summary = {key: ratio(hits[key], totals[base]) for _, key, base in measures}
    print(f"\nGVDB dev: {totals['all']} articles ({totals['dated']} with a date in the URL, {totals['city']} with a gold city)")
    print(table([(label, hits[key], totals[base], summary[key]) for label, key, base in measures], ["measure", "correct", "of", "accuracy"]))
    write_results(args.out, {"benchmark": "gvdb-dev", "articles": totals["all"], "url_dated": totals["dated"],
                             "with_city": totals["city"], "accuracy": summary, "articles_detail": detail})  # fmt: skip


if __name__ == "__main__":
    main()
