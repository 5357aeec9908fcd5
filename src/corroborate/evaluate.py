"""Scores extraction against the project's gold files (eval/gold/*.jsonl; format in eval/README.md).

Each gold line codes one article as document-level sets; the same sets are built from the
extractor's mentions and compared field by field. Counts are summed over documents
(micro-average) into precision, recall and F1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CATEGORIES = ("killed", "injured", "arrested", "missing", "casualties")
FIELDS = ("type", "killed", "injured", "arrested", "date", "country", "place", "actors", "claims-with-speaker", "statements")
# Mentions in sentences with one of these kinds describe an incident; dates and places elsewhere
# (a statement's date, a speaker's home town) are not scored.
INCIDENT_KINDS = ("incident", "casualty")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}  # fmt: skip


@dataclass
class Report:
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    fields: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})

    def as_dict(self) -> dict:
        return {"documents": self.documents, "missing": self.missing, "fields": {k: v.as_dict() for k, v in self.fields.items()}}


def json_lines(path: str | Path) -> Iterator[tuple[int, object]]:
    """(line number, value) of each non-blank line of a JSON-lines file; ValueError names the first
    line that is not JSON."""
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if not text.strip():
                continue
            try:
                yield number, json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error.msg})") from None


def load_gold(path: str | Path) -> list[dict]:
    """The gold lines of a file; raises ValueError naming the first line that is not a gold entry."""
    lines = []
    for number, line in json_lines(path):
        if not isinstance(line, dict) or not isinstance(line.get("document"), str):
            raise ValueError(f'{path}:{number}: not an object with a "document" name')
        lines.append(line)
    return lines


def evaluate(gold: Iterable[dict], texts: Iterable[tuple[dict, str | None]]) -> Report:
    """Score the pipeline's per-document function (``pipeline.analyse_many``, on the text as
    ingest stores it) on gold lines; ``texts`` pairs each gold line with its article text."""
    from .dedup import normalise
    from .pipeline import analyse_many

    report = Report()
    found = []
    for line, text in texts:
        if text is None:
            report.missing.append(line["document"])
        else:
            found.append((line, normalise(text)))
    analyses = analyse_many((text, line.get("published")) for line, text in found)
    for (line, _), analysis in zip(found, analyses):
        report.documents += 1
        predicted = predicted_sets([m.as_dict() for m in analysis.mentions])
        for name in FIELDS:
            report.fields[name].add(*compare(name, line, predicted))
    return report


def predicted_sets(mentions: list[dict]) -> dict:
    incident_sentences = {tuple(m["sentence"]) for m in mentions if m["kind"] in INCIDENT_KINDS}
    in_incident = [m for m in mentions if tuple(m["sentence"]) in incident_sentences]
    statements = [m for m in mentions if m["kind"] == "statement" and m["data"]["type"] != "report"]
    return {
        "type": {m["data"]["type"] for m in mentions if m["kind"] == "incident" and m["data"]["type"] != "other"},
        "counts": [m for m in mentions if m["kind"] == "casualty"],
        "date": {_date_key(m["data"]) for m in in_incident if m["kind"] == "date" and m["data"]["precision"] != "week"},
        "country": {m["data"]["country_code"] for m in in_incident if m["kind"] == "place" and m["data"]["country_code"]},
        "place": {_fold(m["text"]) for m in in_incident if m["kind"] == "place" and m["data"]["precision"] != "country"},
        "actors": {m["data"]["actor_id"] for m in mentions if m["kind"] == "actor" and m["data"]["kind"] == "armed_group"}
        | {_fold(m["data"]["target"]["text"]) for m in statements if m["data"]["target"] and not m["data"]["target"]["actor_id"]},
        "statements": statements,
    }


def compare(name: str, line: dict, predicted: dict) -> tuple[int, int, int]:
    if name == "type":
        return _sets(set(line.get("types", [])), predicted["type"])
    if name in ("killed", "injured", "arrested"):
        # Distinct values: an article repeating "41 killed" states one figure, not two.
        gold = {(c["min"], c["max"]) for c in line.get(name, [])}
        found = {(m["data"]["min"], m["data"]["max"]) for m in predicted["counts"] if m["data"]["category"] == name}
        return _sets(gold, found)
    if name == "date":
        return _sets(set(line.get("dates", [])), predicted["date"])
    if name == "country":
        return _sets(set(line.get("countries", [])), predicted["country"])
    if name == "place":
        return _sets({_fold(p) for p in line.get("places", [])}, predicted["place"])
    if name == "actors":
        return _sets({a if "-" in a or a.islower() else _fold(a) for a in line.get("actors", [])}, predicted["actors"])
    if name == "claims-with-speaker":
        return _claims(line, predicted["counts"])
    return _statements(line.get("statements", []), predicted["statements"])


def _claims(line: dict, counts: list[dict]) -> tuple[int, int, int]:
    gold = [(category, c) for category in CATEGORIES for c in line.get(category, [])]
    distinct = {}
    for m in counts:  # the same figure from the same speaker, stated twice, is one claim
        speaker = (m["speaker"] or {}).get("text", "").lower()
        distinct.setdefault((m["data"]["category"], m["data"]["min"], m["data"]["max"], speaker), m)
    unmatched = list(distinct.values())
    tp = 0
    for category, claim in gold:
        match = next((m for m in unmatched if m["data"]["category"] == category and m["data"]["min"] == claim["min"]
                      and m["data"]["max"] == claim["max"] and _speaker_matches(claim.get("speaker"), m["speaker"])), None)  # fmt: skip
        if match is not None:
            unmatched.remove(match)
            tp += 1
    return tp, len(unmatched), len(gold) - tp


def _statements(gold: list[dict], found: list[dict]) -> tuple[int, int, int]:
    distinct = {}
    for m in found:  # one statement reported twice in an article is one statement
        target, speaker = m["data"]["target"] or {}, m["speaker"] or {}
        key = (m["data"]["type"], target.get("actor_id") or _fold(target.get("text", "")), speaker.get("actor_id") or _fold(speaker.get("text", "")))
        distinct.setdefault(key, m)
    unmatched = list(distinct.values())
    tp = 0
    for statement in gold:
        match = next((m for m in unmatched if m["data"]["type"] == statement["type"]
                      and _party_matches(statement.get("actor"), m["data"]["target"])
                      and _party_matches(statement.get("by"), m["speaker"])), None)  # fmt: skip
        if match is not None:
            unmatched.remove(match)
            tp += 1
    return tp, len(unmatched), len(gold) - tp


def _speaker_matches(gold: str | None, speaker: dict | None) -> bool:
    if gold is None:
        return speaker is None
    return _party_matches(gold, speaker)


def _party_matches(gold: str | None, party: dict | None) -> bool:
    if gold is None:
        return True
    if party is None:
        return False
    return gold == party.get("actor_id") or _fold(gold) in _fold(party.get("text") or "")


def _sets(gold: set, found: set) -> tuple[int, int, int]:
    return len(gold & found), len(found - gold), len(gold - found)


def _date_key(value: dict) -> str:
    return {"day": value["start"], "month": value["start"][:7], "year": value["start"][:4]}[value["precision"]]


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("the ", " ").split())


def gold_texts(gold: list[dict], root: Path, seeds: Path) -> Iterator[tuple[dict, str | None]]:
    """Each gold line with its article's text (read as ingest reads it), or None if absent."""
    from .dedup import normalise
    from .model import RawDocument
    from .read import read_inputs

    for line in gold:
        name = line["document"]
        path, _, number = name.partition(".jsonl:")
        if number:
            file, wanted = root / f"{path}.jsonl", f":{number}"
        elif name.startswith("seeds/"):
            file, wanted = seeds / name.removeprefix("seeds/"), None
        else:
            file, wanted = root / name, None
        text = None
        if file.exists():
            for item in read_inputs([str(file)]):
                if isinstance(item, RawDocument) and (wanted is None or item.source.endswith(wanted)):
                    text = normalise(item.text)
                    break
        yield line, text
