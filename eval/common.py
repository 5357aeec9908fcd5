"""Shared helpers for the benchmark scripts in eval/ (semeval.py, gvdb.py, case2021.py, muc4.py).

- ``prf``: precision, recall and F1 from counts.
- ``load_jsonl`` / ``load_tsv``: read the benchmark files in ../shared/bench (never copied here).
- ``arguments``: the common command line (``--limit N``, ``--batch-size``, ``--out``).
- ``extract_all``: the product's per-document function over (text, published) pairs, with a progress line.
- ``ProductRun``: articles through `corroborate ingest` (as a JSONL feed) into a database, read back.
- ``aggregate_counts``: one article's mentions -> single ``killed`` / ``injured`` numbers.
- ``incident_date``: one article's mentions -> the date of the incident it reports.
- ``place_key`` / ``table`` / ``write_results``: small formatting helpers.

Run from the project root with the project's venv, e.g. ``.venv/bin/python eval/semeval.py --limit 200``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
BENCH = Path(os.environ.get("CORROBORATE_BENCH", EVAL_DIR.parent.parent / "shared" / "bench"))
RESULTS = EVAL_DIR / "results"
PROGRESS_EVERY = 100

from corroborate.assemble import INCIDENT_SENTENCE_TYPES, VIOLENT_TYPES, incident_sentences  # noqa: E402,F401

# --------------------------------------------------------------------------- scoring


def prf(tp: float, n_pred: float, n_gold: float) -> tuple[float, float, float]:
    """Precision, recall, F1; 0.0 where a denominator is 0."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


# --------------------------------------------------------------------------- input


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_tsv(path: str | Path) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def arguments(description: str, default_out: str) -> argparse.Namespace:
    """The command line every script shares: ``--limit N`` runs on the first N items only."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N items (in file order)")
    parser.add_argument("--batch-size", type=int, default=16, help="texts per spaCy batch")
    parser.add_argument("--out", default=str(RESULTS / default_out), help="where to write the JSON results")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser.parse_args()


def limited(items: Sequence, limit: int | None) -> list:
    return list(items) if limit is None else list(items)[: max(0, limit)]


def extract_all(pairs: list[tuple[str, str | None]], batch_size: int = 16, quiet: bool = False) -> Iterator[list]:
    """Mentions of each (text, published) pair, in order, with a progress line every 100 texts:
    the product's per-document function (``corroborate.pipeline.analyse_many``), text normalised
    as ingest stores it."""
    from corroborate.dedup import normalise
    from corroborate.pipeline import analyse_many

    started = time.monotonic()
    total = len(pairs)
    normalised = [(normalise(text), published) for text, published in pairs]
    for done, analysis in enumerate(analyse_many(normalised, batch_size=batch_size), start=1):
        if not quiet and (done % PROGRESS_EVERY == 0 or done == total):
            print(f"  {done}/{total} texts, {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        yield analysis.mentions


class ProductRun:
    """Articles through the product's front door: written as a JSONL feed (id, title, text,
    published, url), ingested by ``Corpus.ingest`` exactly as `corroborate ingest FEED` does, then
    read back from the database. ``documents`` maps each article id to its stored document."""

    def __init__(self, articles: list[dict], db: str | Path, *, workers: int = 1, quiet: bool = False):
        import corroborate

        self.db = Path(db)
        self.feed = self.db.with_suffix(".jsonl")
        write_feed(articles, self.feed)
        self.corpus = corroborate.open(self.db)
        started, self.documents = time.monotonic(), {}
        run = self.corpus.ingest_iter([str(self.feed)], workers=workers, observer=None if quiet else _Progress(started))
        for result in run:
            self.documents[result.external_id] = result.document_id
        self.summary = run.summary
        if self.summary.errors:
            raise RuntimeError(f"the product run stopped: {self.summary.errors}")

    def main_incident(self, article_id: str) -> str | None:
        """The canonical incident the article's main incident resolved to (None: it has none)."""
        document = self.documents.get(article_id)
        for incident in self.corpus.document_incidents(document) if document else []:
            if incident.get("main"):
                return incident["incident_id"]
        return None

    def records(self, policy: str) -> dict[str, dict]:
        return {r.id: r.as_dict() for r in self.corpus.incidents(policy=policy)}


def write_feed(articles: list[dict], path: Path) -> None:
    """Benchmark articles as the JSONL feed `corroborate ingest` reads (one object a line)."""
    with open(path, "w", encoding="utf-8") as feed:
        for a in articles:
            row = {"id": a["id"], "title": a.get("title"), "text": a["text"], "published": a.get("published"), "url": a.get("url")}
            feed.write(json.dumps(row, ensure_ascii=False) + "\n")


class _Progress:
    """A progress line on stderr every 100 documents of each stage (the Observer of a run)."""

    def __init__(self, started: float):
        self.started, self.done, self.total = started, 0, 0

    def stage(self, name: str, total: int) -> None:
        self.name, self.done, self.total = name, 0, total

    def advance(self, name: str) -> None:
        self.done += 1
        if self.done % PROGRESS_EVERY == 0 or self.done == self.total:
            print(f"  {name}: {self.done}/{self.total} documents, {time.monotonic() - self.started:.0f} s", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- per-article aggregation


@dataclass
class Counts:
    """One article's killed / injured numbers and the claims they were chosen from."""

    killed: int = 0
    injured: int = 0
    claims: dict[str, list[tuple[int, int | None]]] = field(default_factory=dict)  # category -> [(min, max)]
    chosen: dict[str, str] = field(default_factory=dict)  # category -> text of the claim used

    def within_range(self, category: str, gold: int) -> bool:
        """Gold equals the chosen number, or lies inside some claim's [min, max] (max None = open)."""
        if getattr(self, category) == gold:
            return True
        return any(lo <= gold and (hi is None or gold <= hi) for lo, hi in self.claims.get(category, []))


def aggregate_counts(mentions) -> Counts:
    """One number per category (killed, injured) for an article that reports one incident: the
    product's own per-document assembly (``corroborate.assemble.document_counts``, whose module
    documentation gives the policy); a category no claim speaks of gives 0."""
    from corroborate.assemble import document_counts

    counts = document_counts(mentions)
    out = Counts()
    for category in ("killed", "injured"):
        found = counts[category]
        out.claims[category] = [] if found is None else [(m.data["min"], m.data["max"]) for m in found.claims]
        if found is not None:
            setattr(out, category, found.best)
            out.chosen[category] = found.chosen.text
    return out


def incident_date(mentions, published: date | None, anywhere: bool = True) -> date | None:
    """The date of the incident an article reports.

    The first day-precision date mention, in text order, that is not after the publication
    date, looked for first in sentences holding an incident trigger or a killed/injured claim,
    then anywhere in the article ("Police said Saturday..." often stands apart from the
    shooting sentence); else the publication date (articles mostly report the day's events).
    ``anywhere=False`` skips the second step.
    """
    casualty_sentences = {m.sentence_start for m in mentions if m.kind == "casualty" and m.data["category"] in ("killed", "injured")}
    relevant = incident_sentences(mentions) | casualty_sentences
    days = [m for m in mentions if m.kind == "date" and m.data.get("precision") == "day"]
    for candidates in ([m for m in days if m.sentence_start in relevant], days if anywhere else []):
        for m in candidates:
            value = date.fromisoformat(m.data["start"])
            if published is None or value <= published:
                return value
    return published


# --------------------------------------------------------------------------- places and strings


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def place_key(name: str | None) -> str:
    """A comparable form of a town or county name: case, accents, "County", "St." folded."""
    if not name:
        return ""
    text = fold(name).lower()
    text = re.sub(r"\b(county|parish|borough|city of|township)\b", " ", text)
    text = re.sub(r"\b(st|ste)\b\.?", "saint", text)
    text = re.sub(r"\bft\b\.?", "fort", text)
    text = re.sub(r"\bmt\b\.?", "mount", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def place_names(mentions, only: set[int] | None = None, towns: bool = False) -> list[tuple[str, str | None]]:
    """(key, admin1) of the town/region names of place mentions, optionally only in some sentences.

    Both the words as written and the gazetteer name they were resolved to are keys (a
    facility's town is its resolved name). Countries are left out; with ``towns``, regions too."""
    out = []
    for m in mentions:
        if m.kind != "place" or (only is not None and m.sentence_start not in only):
            continue
        if m.data.get("precision") in (("country", "admin1") if towns else ("country",)):
            continue
        admin1 = m.data.get("admin1")
        if not m.data.get("facility"):
            out.append((place_key(m.text), admin1))
        if m.data.get("name"):
            out.append((place_key(m.data["name"]), admin1))
    return [(k, a) for k, a in out if k]


def main_place(mentions) -> tuple[str, str | None] | None:
    """The most mentioned town of the incident sentences (else of the article); ties: the first."""
    relevant = incident_sentences(mentions) | {m.sentence_start for m in mentions if m.kind == "casualty"}
    for names in (place_names(mentions, relevant, towns=True), place_names(mentions, towns=True)):
        if names:
            counts: dict[str, int] = {}
            for key, _ in names:
                counts[key] = counts.get(key, 0) + 1
            best = max(counts.values())
            return next((k, a) for k, a in names if counts[k] == best)
    return None


# --------------------------------------------------------------------------- output


def table(rows: Iterable[Sequence], headers: Sequence[str]) -> str:
    rows = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_results(path: str | Path, results: dict) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = RESULTS / ".gitignore"
    if path.parent == RESULTS and not ignore.exists():
        ignore.write_text("*\n!.gitignore\n", encoding="utf-8")
    path.write_text(json.dumps(results, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results written to {path}", file=sys.stderr)
