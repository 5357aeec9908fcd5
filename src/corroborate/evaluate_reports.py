"""Scores whole reports against per-article gold in the terror_news schema (the project's
eval/gold/attacks.jsonl and ../shared/bench/terror_news): what `corroborate ingest` makes of each
article, read back from the database.

The articles are ingested with ``Corpus.ingest`` exactly as `corroborate ingest FILES --manifest M`
does, the manifest giving each article's url and publication date (a partial date as such; a day
without a year is left out). Then, per article, its main incident as assembled
(``document_incidents``) and the canonical incident it resolved to (as exported):

- ``primary_recall``: the article's main incident exists with an acceptable type, the gold
  country and a date interval that meets the gold date (each checked only where gold states it);
- ``killed`` / ``injured``: the figure the main incident gives equals the article's current gold
  figure (``min``..``max``; gold "more than N" is min N, the product's N + 1 or more; "up to N"
  compares N; a vague gold "dozens" needs a vague claim);
- ``incident_killed_best[policy]``: per attack reported as primary, the predicted incident holding
  most of its articles has ``best`` killed, under each consensus policy, equal to the latest
  article's gold figure (its "more than N" also as N + 1);
- ``bcubed``: precision, recall and F1 of articles grouped by main incident against gold ``key``;
- ``claimed`` / ``blamed``: the groups the main incident names as claiming and as blamed against
  gold ``claimed_by`` and ``blamed[].target``, names read through the actor registry;
- ``negatives_with_incidents``: articles gold marks negative that yielded any incident (want none).

An article gold marks as not English is left out of these measures: the product records it as
skipped with its reason; ``non_english`` counts them and ``non_english_with_incidents`` lists any
that yielded an incident all the same.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

# Issue 12's targets on the terror_news development set.
TARGETS = {
    "primary_recall": 0.95, "killed": 0.85, "injured": 0.80, "incident_killed_best": 0.85, "bcubed_f1": 0.90,
    "claimed_precision": 0.90, "claimed_recall": 0.90, "blamed_precision": 0.75, "blamed_recall": 0.75,
    "negatives_with_incidents": 0,
}  # fmt: skip
MORE_THAN = re.compile(r"\b(more than|over|above|upwards of|in excess of)\s", re.I)
MEASURES = {
    "primary_recall": "main attack found (type, date, country)",
    "killed": "killed, the article's figure",
    "injured": "injured, the article's figure",
    "incident_killed_best": "killed best of the incident = latest article's",
    "bcubed_precision": "merging B-cubed precision",
    "bcubed_recall": "merging B-cubed recall",
    "bcubed_f1": "merging B-cubed F1",
    "claimed_precision": "claimed-by precision",
    "claimed_recall": "claimed-by recall",
    "blamed_precision": "blamed precision",
    "blamed_recall": "blamed recall",
    "negatives_with_incidents": "incidents from negatives",
    "non_english": "not English: skipped by the product, not scored",
}


def load(path: str | Path) -> list[dict]:
    """Gold lines of a file in the terror_news schema; ValueError names the first bad line."""
    from .evaluate import json_lines

    rows = []
    for number, row in json_lines(path):
        if not isinstance(row, dict) or not isinstance(row.get("file"), str) or not isinstance(row.get("incidents"), list):
            raise ValueError(f'{path}:{number}: not an article with "file" and "incidents"')
        rows.append(row)
    return rows


def write_manifest(rows: list[dict], root: Path, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["file", "url", "published"])
        for row in rows:
            published = row.get("published") or ""
            out.writerow([str(root / row["file"]), row.get("url") or "", "" if published.startswith("--") else published])


def evaluate(rows: list[dict], root: str | Path, db: str | Path | None = None, policy: str | None = None) -> dict:
    """Ingest the gold's articles (paths relative to ``root``) into ``db`` (a scratch database by
    default) and score them; ``policy`` is the one the single ``incident_killed_best`` figure uses."""
    from . import open as open_corpus
    from .consensus import DEFAULT_POLICY, POLICIES

    root = Path(root).resolve()  # the manifest's relative names would be read from its own folder
    missing = [r["file"] for r in rows if not (root / r["file"]).is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} gold articles not found under {root}: {', '.join(missing[:3])}")
    with tempfile.TemporaryDirectory() as scratch:
        manifest = Path(scratch) / "manifest.csv"
        write_manifest(rows, root, manifest)
        with open_corpus(Path(db) if db else Path(scratch) / "reports.db") as corpus:
            documents = {}
            for result in corpus.ingest_iter([str(root / r["file"]) for r in rows], manifest=str(manifest)):
                documents[str(Path(result.source).resolve())] = result.document_id
            readings = {}
            for row in rows:
                document = documents.get(str((root / row["file"]).resolve()))
                readings[row["file"]] = corpus.document_incidents(document) if document else []
            records = {p: {r.id: r.as_dict() for r in corpus.incidents(policy=p)} for p in POLICIES}
    out = score(rows, readings, records)
    policy = policy or DEFAULT_POLICY
    out["incident_killed_best"] = out["incident_killed_best_by_policy"][policy]
    out["policy"] = policy
    return out


# --------------------------------------------------------------------------- matching


def group_key(name: str | None) -> str | None:
    """An actor name as the registry knows it (its id), else its folded words."""
    if not name:
        return None
    from .extract.actors import registry

    found = registry().find(name)
    if found and found[0].actor is not None:
        return found[0].actor.id
    from .countries import country_code

    # An annotator's note in brackets ("Pakistan (cross-border links)") is no part of the name.
    bare = re.sub(r"\s*\(.*?\)", " ", name).strip()
    code = country_code(re.sub(r"^the\s+", "", bare, flags=re.I))
    if code:
        return f"country:{code}"  # a government blamed by its country's name, as the product names it
    words = re.findall(r"[a-z0-9]+", bare.lower())
    while len(words) > 1 and words[0] in _DETERMINERS:
        words = words[1:]  # "an international terrorist organization" = "international terrorist organization"
    return " ".join(words) or None


_DETERMINERS = frozenset("a an the their its his her our some".split())


def gold_interval(value: str | None) -> tuple[date, date] | None:
    if not value or value.startswith("--"):
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts), date(*parts)
    if len(parts) == 2:
        after = date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return date(parts[0], parts[1], 1), date.fromordinal(after.toordinal() - 1)
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
    """An article's figure: gold {min, max} against the product's {low, high} and qualifier. The
    two code the same words differently, and these are the same figure: gold "more than N" (min
    N, open) and the product's N + 1 or more; gold "nearly N" (max N) and the product's range up
    to N - 1; gold "about N" or "as many as N" (N) and the product's range around or up to N."""
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    low, high = predicted["low"], predicted["high"]
    if gold["min"] is None:
        if gold["max"] is not None:  # "up to 200", "nearly 200"
            return high == gold["max"] or (qualifier in ("nearly", "fewer_than") and high == gold["max"] - 1)
        return qualifier == "vague"  # "dozens"
    if gold["min"] == gold["max"]:
        if qualifier == "about":
            return low <= gold["min"] <= high
        if qualifier == "up_to":
            return high == gold["min"]
    if qualifier == "more_than" and high is None:
        low -= 1
    return low == gold["min"] and high == gold["max"]


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of item -> cluster maps over the same items."""
    if not gold:
        return 0.0, 0.0, 0.0
    by_predicted, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_predicted[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    shared = {i: len(by_predicted[predicted[i]] & by_gold[gold[i]]) for i in gold}
    p = sum(shared[i] / len(by_predicted[predicted[i]]) for i in gold) / len(gold)
    r = sum(shared[i] / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float]:
    return (round(tp / predicted, 4) if predicted else 1.0), (round(tp / gold, 4) if gold else 1.0)


# --------------------------------------------------------------------------- scoring


def score(rows: list[dict], readings: dict[str, list[dict]], records: dict[str, dict[str, dict]]) -> dict:
    """``readings``: each gold file's document incidents; ``records``: policy -> incident id -> record."""
    hits: Counter = Counter()
    totals: Counter = Counter()
    roles = {"claimed": Counter(), "blamed": Counter()}
    predicted_group, gold_group, by_key = {}, {}, defaultdict(list)
    negatives, details, foreign, foreign_read = [], [], [], []
    for row in rows:
        name = row["file"]
        incidents = readings.get(name, [])
        main = next((i for i in incidents if i.get("main")), None)
        if row.get("negative"):
            if incidents:
                negatives.append(name)
            continue
        if (row.get("language") or "en") != "en":
            # The product reads English and records any other language as skipped with its reason
            # (PRODUCT.md): such an article is scored by whether it was left alone, not as a miss.
            foreign.append(name)
            if incidents:
                foreign_read.append(name)
            continue
        gold = next((i for i in row["incidents"] if i.get("role") == "primary"), None)
        if gold is None:
            continue
        predicted_group[name] = main["incident_id"] if main else f"alone:{name}"
        gold_group[name] = gold["key"]
        by_key[gold["key"]].append(row)
        detail = {"file": name, "key": gold["key"], "incident": predicted_group[name]}
        detail["primary"] = found = _primary_found(gold, main)
        totals["primary"] += 1
        hits["primary"] += found
        for category in ("killed", "injured"):
            figure = (main or {}).get("counts", {}).get(category)
            qualifier = main["mentions"][figure["chosen"]]["data"].get("qualifier") if figure else None
            ok = figure_matches(gold.get(category), figure, qualifier)
            totals[category] += 1
            hits[category] += ok
            detail[category] = [figure and [figure["low"], figure["high"]], gold.get(category) and [gold[category]["min"], gold[category]["max"]], ok]
        for role, names in (("claimed", gold.get("claimed_by") or []), ("blamed", [b["target"] for b in gold.get("blamed") or []])):
            want = {group_key(n) for n in names} - {None}
            have = {a["actor_id"] or group_key(a["name"]) for a in (main or {}).get("actors", []) if a["role"] == role} - {None}
            roles[role].update(tp=len(want & have), predicted=len(have), gold=len(want))
            detail[role] = [sorted(have), sorted(want)]
        details.append(detail)
    best = _incident_best(by_key, predicted_group, records)
    p, r, f = bcubed(predicted_group, gold_group)
    out = {
        "articles": len(rows), "primary_articles": totals["primary"],
        "primary_recall": _ratio(hits["primary"], totals["primary"]),
        "killed": _ratio(hits["killed"], totals["killed"]), "injured": _ratio(hits["injured"], totals["injured"]),
        "incident_killed_best_by_policy": {policy: _ratio(h, t) for policy, (h, t) in best.items()},
        "incidents_with_killed": next(iter(best.values()), (0, 0))[1],
        "bcubed_precision": round(p, 4), "bcubed_recall": round(r, 4), "bcubed_f1": round(f, 4),
        "negatives_with_incidents": len(negatives), "negatives": negatives,
        "non_english": len(foreign), "non_english_with_incidents": foreign_read, "details": details,
    }  # fmt: skip
    for role, c in roles.items():
        out[f"{role}_precision"], out[f"{role}_recall"] = _prf(c["tp"], c["predicted"], c["gold"])
    return out


def _primary_found(gold: dict, main: dict | None) -> bool:
    if not main or main["type"] not in (gold.get("type_acceptable") or [gold.get("type")]):
        return False
    if gold.get("country") and (main.get("location") or {}).get("country_code") != gold["country"]:
        return False
    return date_meets(gold.get("date"), main.get("date"))


def _incident_best(by_key: dict[str, list[dict]], predicted_group: dict[str, str], records: dict[str, dict[str, dict]]) -> dict:
    """Per policy (hits, total) of incidents whose killed best equals the latest article's figure."""
    out = {policy: [0, 0] for policy in records}
    for articles in by_key.values():
        votes = Counter(predicted_group[r["file"]] for r in articles)
        chosen = max(votes, key=lambda k: (votes[k], k))
        latest = max(articles, key=lambda r: (r.get("published") or "", r["file"]))
        gold = next(i for i in latest["incidents"] if i.get("role") == "primary")
        if not gold.get("killed") or gold["killed"]["min"] is None:
            continue
        accepted = {gold["killed"]["min"]}
        if gold["killed"]["max"] is None and MORE_THAN.search(gold["killed"].get("text") or ""):
            accepted.add(gold["killed"]["min"] + 1)  # gold "more than 40" is min 40; the product's best 41
        for policy, by_id in records.items():
            record = by_id.get(chosen)
            out[policy][0] += bool(record) and record["killed"]["best"] in accepted
            out[policy][1] += 1
    return {policy: tuple(v) for policy, v in out.items()}


def unmet(result: dict, targets: dict = TARGETS) -> dict[str, float]:
    """The targets a result misses: measure -> value."""
    out = {}
    for name, target in targets.items():
        value = result[name]
        if (value > target) if name == "negatives_with_incidents" else (value < target):
            out[name] = value
    return out


def rows_of(results: dict[str, dict], names: Iterable[str] = MEASURES) -> list[tuple]:
    """Table rows: measure, one value per result, the target."""
    table = []
    for name in names:
        target = TARGETS.get(name)
        table.append((MEASURES[name], *(r[name] for r in results.values()), "" if target is None else target))
    return table


__all__ = ["MEASURES", "TARGETS", "bcubed", "evaluate", "load", "rows_of", "score", "unmet"]
