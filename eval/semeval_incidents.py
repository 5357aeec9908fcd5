"""SemEval-2018 Task 5 dev: cross-document merging, scored against the Gun Violence Archive incidents.

The articles go through the product's front door: written as a JSONL feed (title, content,
``dct`` as publication date, uri), ingested by ``Corpus.ingest`` exactly as `corroborate ingest
FEED` does (reading, exact-copy and syndication detection, extraction, assembly, resolution),
then read back from the database. Each article counts as a member of the incident its main
incident resolved to (an article without one stands alone); exact copies are one document.

- B-cubed precision / recall / F1 of the articles grouped into incidents, against ``incident_id``;
- per-incident killed / injured: for each gold incident, the predicted incident holding most of
  its articles (ties: the first); its consensus ``best`` (policy ``--policy``, default the
  product's) against ``num_killed`` / ``num_injured``; a figure no article states counts as 0.
  The same under every policy too (``per_incident_by_policy``).

    .venv/bin/python eval/semeval_incidents.py [--limit N] [--policy ucdp] [--db FILE] [--workers N]
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from common import BENCH, ProductRun, limited, load_jsonl, ratio, table, write_results

from corroborate.consensus import DEFAULT_POLICY, POLICIES
from corroborate.evaluate_reports import bcubed  # one B-cubed for every merging score

DATA = BENCH / "semeval2018t5"


def feed_articles(articles: list[dict]) -> list[dict]:
    """SemEval articles as feed records: the headline apart, as a news feed carries it."""
    return [{"id": a["doc_id"], "title": a["title"], "text": a["content"], "published": a["dct"], "url": a.get("uri")} for a in articles]


def evaluate(articles: list[dict], incidents: dict[str, dict], policy: str = DEFAULT_POLICY, quiet: bool = False,
             db: str | Path | None = None, workers: int = 1) -> dict:  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        run = ProductRun(feed_articles(articles), db or Path(scratch) / "semeval.db", workers=workers, quiet=quiet)
        try:
            return _score(run, articles, incidents, policy)
        finally:
            run.corpus.close()


def _score(run: ProductRun, articles: list[dict], incidents: dict[str, dict], policy: str) -> dict:
    predicted = {a["doc_id"]: run.main_incident(a["doc_id"]) or f"alone:{a['doc_id']}" for a in articles}
    records = run.records(policy)
    gold = {a["doc_id"]: a["incident_id"] for a in articles}
    p, r, f = bcubed(predicted, gold)

    by_gold: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        by_gold[article["incident_id"]].append(article["doc_id"])
    hits: Counter = Counter()
    details = []
    for gold_id, docs in by_gold.items():
        votes = Counter(predicted[d] for d in docs)
        best_id = max(votes, key=lambda k: (votes[k], -docs.index(next(d for d in docs if predicted[d] == k))))
        truth = incidents[gold_id]
        if best_id.startswith("alone:"):
            killed = injured = 0
        else:
            record = records[best_id]
            killed, injured = record["killed"]["best"] or 0, record["injured"]["best"] or 0
        hits["killed"] += killed == truth["num_killed"]
        hits["injured"] += injured == truth["num_injured"]
        details.append({"incident_id": gold_id, "articles": len(docs), "predicted": best_id, "share": votes[best_id] / len(docs),
                        "killed": [killed, truth["num_killed"]], "injured": [injured, truth["num_injured"]]})  # fmt: skip
    n = len(by_gold)
    by_policy = {}  # the same merging, every consensus policy: which best agrees with the GVA record
    for other in POLICIES:
        other_records = records if other == policy else run.records(other)
        agree: Counter = Counter()
        for detail in details:
            record = other_records.get(detail["predicted"], {}) if not detail["predicted"].startswith("alone:") else {}
            for category in ("killed", "injured"):
                agree[category] += ((record.get(category) or {}).get("best") or 0) == detail[category][1]
        by_policy[other] = {"killed": ratio(agree["killed"], n), "injured": ratio(agree["injured"], n)}
    return {
        "articles": len(articles),
        "gold_incidents": n,
        "predicted_incidents": len(set(predicted.values())),
        "documents": len(set(run.documents.values())),
        "policy": policy,
        "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "per_incident": {"killed": ratio(hits["killed"], n), "injured": ratio(hits["injured"], n)},
        "per_incident_by_policy": by_policy,
        "incidents_detail": details,
        "predicted": predicted,
    }


def main() -> None:
    options = {"--policy": DEFAULT_POLICY, "--db": None, "--workers": "1"}
    for name in options:
        if name in sys.argv:
            at = sys.argv.index(name)
            options[name] = sys.argv[at + 1]
            del sys.argv[at : at + 2]
    policy = options["--policy"]
    from common import arguments

    args = arguments(__doc__.splitlines()[0], "semeval_incidents.json")
    incidents = {i["incident_uri"]: i for i in load_jsonl(DATA / "incidents.jsonl")}
    articles = limited(load_jsonl(DATA / "articles.jsonl"), args.limit)
    results = evaluate(articles, incidents, policy, args.quiet, db=options["--db"], workers=int(options["--workers"]))
    b, k = results["bcubed"], results["per_incident"]
    print(f"\nSemEval-2018 Task 5 dev: {results['articles']} articles, {results['gold_incidents']} gold incidents, "
          f"{results['predicted_incidents']} predicted; policy {policy}")  # fmt: skip
    print(table([
        ("B-cubed precision", b["precision"]), ("B-cubed recall", b["recall"]), ("B-cubed F1", b["f1"]),
        ("per-incident killed, exact", k["killed"]), ("per-incident injured, exact", k["injured"]),
    ], ["measure", "value"]))  # fmt: skip
    print(table([(name, v["killed"], v["injured"]) for name, v in results["per_incident_by_policy"].items()], ["policy", "killed", "injured"]))
    write_results(args.out, results)


if __name__ == "__main__":
    main()
