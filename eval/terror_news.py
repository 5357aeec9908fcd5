"""terror_news dev set (../shared/bench/terror_news): real reporting of terrorist attacks, scored
through the product's front door.

The articles (texts/*.txt) are ingested with ``Corpus.ingest`` exactly as `corroborate ingest
FILES --manifest M` does, the manifest giving each article's url and publication date (partial
dates as such; a day without a year is left out), then read back from the database: each
article's main incident as assembled (``document_incidents``) and the canonical incident it
resolved to (the export's record). Gold: one record per article (bench README).

- primary: the article's main incident exists with an acceptable type, the gold country, and a
  date interval that meets the gold date (each checked only where gold states it);
- killed / injured (per article): the figure the article's main incident gives equals the gold
  figure (``min``..``max``; "up to N" compares N; vague gold "dozens" needs a vague claim);
- best (per incident): for each gold incident reported as primary, the predicted incident holding
  most of its articles; its ``best`` under ``--policy`` equals the latest article's gold figure;
- B-cubed precision / recall / F1 of articles grouped by their main incident against gold ``key``;
- claimed-by and blamed precision / recall: the groups the main incident names as claiming and as
  blamed against gold ``claimed_by`` and ``blamed[].target`` (names read through the actor
  registry, so "ISIS-K" = "Islamic State Khorasan Province");
- negatives: incidents made from articles gold marks negative (should be 0).

    .venv/bin/python eval/terror_news.py [--part A|B|all] [--policy P] [--db FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from common import BENCH, RESULTS, prf, ratio, table, write_results
from semeval_incidents import bcubed

DATA = BENCH / "terror_news"


def load(part: str) -> list[dict]:
    parts = "AB" if part == "all" else part
    rows = []
    for p in parts:
        with open(DATA / f"gold_{p}.jsonl", encoding="utf-8") as handle:
            rows += [{**json.loads(line), "part": p} for line in handle if line.strip()]
    return rows


def write_manifest(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["file", "url", "published"])
        for row in rows:
            published = row.get("published") or ""
            out.writerow([str(DATA / row["file"]), row.get("url") or "", "" if published.startswith("--") else published])


# --------------------------------------------------------------------------- matching


def group_key(name: str | None) -> str | None:
    """An actor name as the registry knows it (id), else its folded words."""
    if not name:
        return None
    from corroborate.extract.actors import registry

    found = registry().find(name)
    if found and found[0].actor is not None:
        return found[0].actor.id
    words = re.sub(r"\(.*?\)", " ", name.lower())
    return " ".join(re.findall(r"[a-z0-9]+", words)) or None


def gold_interval(value: str | None) -> tuple[date, date] | None:
    if not value or value.startswith("--"):
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = date(*parts)
        return day, day
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        last = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1).toordinal() - 1
        return first, date.fromordinal(last)
    return date(parts[0], 1, 1), date(parts[0], 12, 31)


def date_meets(gold: str | None, predicted: dict | None) -> bool:
    interval = gold_interval(gold)
    if interval is None:
        return True
    if not predicted:
        return False
    start, end = date.fromisoformat(predicted["start"]), date.fromisoformat(predicted["end"])
    return start <= interval[1] and interval[0] <= end


def figure_matches(gold: dict | None, predicted: dict | None, qualifier: str | None) -> bool:
    """An article's figure: gold {min, max} against the product's {low, high}. Gold writes "more
    than N" as min N (the words kept); the product reads it as N + 1 or more: the same figure."""
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    if gold["min"] is None:
        if gold["max"] is not None:
            return predicted["high"] == gold["max"]  # "up to 200"
        return qualifier == "vague"  # "dozens": a vague claim
    low = predicted["low"] - 1 if qualifier == "more_than" and predicted["high"] is None else predicted["low"]
    return low == gold["min"] and predicted["high"] == gold["max"]


# --------------------------------------------------------------------------- scoring


def evaluate(rows: list[dict], policy: str = "conservative", db: str | Path | None = None, quiet: bool = False) -> dict:
    import corroborate

    with tempfile.TemporaryDirectory() as scratch:
        manifest = Path(scratch) / "manifest.csv"
        write_manifest(rows, manifest)
        path = Path(db) if db else Path(scratch) / "terror_news.db"
        with corroborate.open(path) as corpus:
            documents = {}
            run = corpus.ingest_iter([str(DATA / r["file"]) for r in rows], manifest=str(manifest))
            for result in run:
                documents[Path(result.source).name] = result.document_id
            records = {r.id: r.as_dict() for r in corpus.incidents(policy=policy)}
            readings = {name: corpus.document_incidents(doc) if doc else [] for name, doc in documents.items()}
    return score(rows, readings, records)


def score(rows: list[dict], readings: dict[str, list[dict]], records: dict[str, dict]) -> dict:
    hits: Counter = Counter()
    totals: Counter = Counter()
    claims = {"claimed": Counter(), "blamed": Counter()}
    predicted_group, gold_group, by_key = {}, {}, defaultdict(list)
    negatives_with_incidents = []
    details = []
    for row in rows:
        name = Path(row["file"]).name
        incidents = readings.get(name, [])
        main = next((i for i in incidents if i.get("main")), None)
        if row.get("negative"):
            if incidents:
                negatives_with_incidents.append(name)
            continue
        gold = next((i for i in row["incidents"] if i["role"] == "primary"), None)
        if gold is None:
            continue
        predicted_group[name] = main["incident_id"] if main else f"alone:{name}"
        gold_group[name] = gold["key"]
        by_key[gold["key"]].append(row)
        totals["primary"] += 1
        found = bool(main) and main["type"] in (gold.get("type_acceptable") or [gold["type"]])
        found = found and (not gold.get("country") or (main["location"] or {}).get("country_code") == gold["country"])
        found = found and date_meets(gold.get("date"), main["date"])
        hits["primary"] += found
        detail = {"file": name, "key": gold["key"], "primary": found, "incident": predicted_group[name]}
        for category in ("killed", "injured"):
            figure = (main or {}).get("counts", {}).get(category)
            qualifier = main["mentions"][figure["chosen"]]["data"].get("qualifier") if figure else None
            ok = figure_matches(gold.get(category), figure, qualifier)
            totals[category] += 1
            hits[category] += ok
            detail[category] = [None if not figure else [figure["low"], figure["high"]], gold.get(category) and [gold[category]["min"], gold[category]["max"]]]
        for role, gold_names in (("claimed", gold.get("claimed_by") or []), ("blamed", [b["target"] for b in gold.get("blamed") or []])):
            want = {group_key(n) for n in gold_names} - {None}
            have = {a["actor_id"] or group_key(a["name"]) for a in (main or {}).get("actors", []) if a["role"] == role} - {None}
            claims[role].update(tp=len(want & have), predicted=len(have), gold=len(want))
        details.append(detail)
    best_hits = best_total = 0
    for key, articles in by_key.items():
        votes = Counter(predicted_group[Path(r["file"]).name] for r in articles)
        chosen = max(votes, key=lambda k: (votes[k], k))
        latest = max(articles, key=lambda r: (r.get("published") or "", r["file"]))
        gold = next(i for i in latest["incidents"] if i["role"] == "primary")
        if not gold.get("killed") or gold["killed"]["min"] is None:
            continue
        best_total += 1
        record = records.get(chosen)
        best_hits += bool(record) and record["killed"]["best"] == gold["killed"]["min"]
    p, r, f = bcubed(predicted_group, gold_group)
    out = {
        "articles": len(rows), "primary_articles": totals["primary"],
        "primary_recall": ratio(hits["primary"], totals["primary"]),
        "killed": ratio(hits["killed"], totals["killed"]), "injured": ratio(hits["injured"], totals["injured"]),
        "incident_killed_best": ratio(best_hits, best_total), "incidents_with_killed": best_total,
        "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "negatives_with_incidents": negatives_with_incidents, "details": details,
    }  # fmt: skip
    for role, c in claims.items():
        precision, recall, _ = prf(c["tp"], c["predicted"], c["gold"])
        out[role] = {"precision": round(precision, 4), "recall": round(recall, 4), "gold": c["gold"], "predicted": c["predicted"]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("A", "B", "all"), default="all")
    parser.add_argument("--policy", default="conservative")
    parser.add_argument("--db", help="keep the database here")
    parser.add_argument("--out", default=str(RESULTS / "terror_news.json"))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"no benchmark at {DATA}")
    parts = ["A", "B"] if args.part == "all" else [args.part]
    results = {}
    for part in parts:
        db = None if not args.db else f"{args.db}.{part}"
        results[part] = evaluate(load(part), args.policy, db, args.quiet)
    rows = []
    for label, key in (("primary incident found (type, date, country)", "primary_recall"), ("killed, the article's figure", "killed"),
                       ("injured, the article's figure", "injured"), ("killed best of the incident = latest article's", "incident_killed_best")):  # fmt: skip
        rows.append((label, *(results[p][key] for p in parts)))
    rows += [("B-cubed " + m, *(results[p]["bcubed"][m] for p in parts)) for m in ("precision", "recall", "f1")]
    rows += [(f"{role} {m}", *(results[p][role][m] for p in parts)) for role in ("claimed", "blamed") for m in ("precision", "recall")]
    rows.append(("incidents from negatives", *(len(results[p]["negatives_with_incidents"]) for p in parts)))
    print(f"\nterror_news dev, policy {args.policy}")
    print(table(rows, ["measure", *(f"part {p}" for p in parts)]))
    write_results(args.out, {"policy": args.policy, "parts": results})


if __name__ == "__main__":
    main()
