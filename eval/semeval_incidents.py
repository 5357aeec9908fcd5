"""SemEval-2018 Task 5 dev: cross-document merging, scored against the Gun Violence Archive incidents.

Every article (title + content, ``dct`` as publication date) goes through the product's own
steps in memory: extraction, per-article assembly (``corroborate.assemble``), resolution in
file order (``corroborate.resolve``) and consensus (``corroborate.consensus``). Each article
counts as a member of the incident its main incident resolved to (an article whose main
incident could not be assembled stands alone).

- B-cubed precision / recall / F1 of the articles grouped into incidents, against ``incident_id``;
- per-incident killed / injured: for each gold incident, the predicted incident holding most of
  its articles (ties: the first); its consensus ``best`` (policy ``--policy``, default
  conservative) against ``num_killed`` / ``num_injured``; a figure no article states counts as 0.

    .venv/bin/python eval/semeval_incidents.py [--limit N] [--policy ucdp]
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict

from common import BENCH, extract_all, limited, load_jsonl, ratio, table, write_results

DATA = BENCH / "semeval2018t5"


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of item -> cluster maps over the same items."""
    by_predicted, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    p = sum(len(by_predicted[predicted[i]] & by_gold[gold[i]]) / len(by_predicted[predicted[i]]) for i in gold) / len(gold)
    r = sum(len(by_predicted[predicted[i]] & by_gold[gold[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(articles: list[dict], incidents: dict[str, dict], policy: str = "conservative", quiet: bool = False, batch_size: int = 16) -> dict:
    from corroborate.assemble import assemble
    from corroborate.consensus import Source, build
    from corroborate.resolve import Candidate, Resolver

    texts = [(f"{a['title']}\n\n{a['content']}", a["dct"]) for a in articles]
    resolver = Resolver()
    predicted: dict[str, str] = {}
    members: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    sources: dict[str, Source] = {}
    for seq, (article, (text, published), mentions) in enumerate(zip(articles, texts, extract_all(texts, batch_size, quiet))):
        doc = article["doc_id"]
        sources[doc] = Source(doc, published, None, article["title"], article.get("uri"), doc, seq, text)
        predicted[doc] = f"alone:{doc}"
        for incident in assemble(mentions, published, text):
            incident_id = resolver.add(Candidate.from_incident(doc, incident))
            members[incident_id].append((doc, incident.as_dict()))
            if incident.main:
                predicted[doc] = incident_id
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
            record = build(best_id, members[best_id], sources, policy)
            killed, injured = record["killed"]["best"] or 0, record["injured"]["best"] or 0
        hits["killed"] += killed == truth["num_killed"]
        hits["injured"] += injured == truth["num_injured"]
        details.append({"incident_id": gold_id, "articles": len(docs), "predicted": best_id, "share": votes[best_id] / len(docs),
                        "killed": [killed, truth["num_killed"]], "injured": [injured, truth["num_injured"]]})  # fmt: skip
    n = len(by_gold)
    return {
        "articles": len(articles),
        "gold_incidents": n,
        "predicted_incidents": len(set(predicted.values())),
        "comparisons": resolver.comparisons,
        "policy": policy,
        "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        "per_incident": {"killed": ratio(hits["killed"], n), "injured": ratio(hits["injured"], n)},
        "incidents_detail": details,
    }


def main() -> None:
    policy = "conservative"
    if "--policy" in sys.argv:
        at = sys.argv.index("--policy")
        policy = sys.argv[at + 1]
        del sys.argv[at : at + 2]
    from common import arguments

    args = arguments(__doc__.splitlines()[0], "semeval_incidents.json")
    incidents = {i["incident_uri"]: i for i in load_jsonl(DATA / "incidents.jsonl")}
    articles = limited(load_jsonl(DATA / "articles.jsonl"), args.limit)
    results = evaluate(articles, incidents, policy, args.quiet, args.batch_size)
    b, k = results["bcubed"], results["per_incident"]
    print(f"\nSemEval-2018 Task 5 dev: {results['articles']} articles, {results['gold_incidents']} gold incidents, "
          f"{results['predicted_incidents']} predicted; policy {policy}")  # fmt: skip
    print(table([
        ("B-cubed precision", b["precision"]), ("B-cubed recall", b["recall"]), ("B-cubed F1", b["f1"]),
        ("per-incident killed, exact", k["killed"]), ("per-incident injured, exact", k["injured"]),
    ], ["measure", "value"]))  # fmt: skip
    write_results(args.out, results)


if __name__ == "__main__":
    main()
