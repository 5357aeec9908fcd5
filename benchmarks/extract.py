"""Extraction throughput against bare spaCy, and the speed-up of two worker processes.

    .venv/bin/python benchmarks/extract.py [--articles 500] [--out benchmarks/results/extract.json]

Reads the first N articles of the SemEval-2018 Task 5 dev set (../shared/bench/semeval2018t5),
then, in one run on the same texts:
1. bare ``nlp.pipe`` with the same spaCy pipeline and batch size (the baseline);
2. the full extractor in this process (spaCy plus every rule, lexicon and gazetteer step);
3. the full extractor with ``--workers 2`` (two processes, each with its own spaCy).
Models and lexicons are loaded before timing starts. Only ratios are checked (machines are
noisy): extraction >= 0.75 x bare spaCy, and two workers >= 1.6 x one. Exit status 1 if missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT.parent / "shared" / "bench" / "semeval2018t5" / "articles.jsonl"
TARGET_VS_SPACY = 0.75
TARGET_TWO_WORKERS = 1.6


def load(n: int) -> list[tuple[str, str, str | None]]:
    items = []
    with ARTICLES.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            items.append((record["doc_id"], record["content"], record.get("dct")))
            if len(items) == n:
                break
    return items


def timed(label: str, run) -> float:
    started = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - started
    print(f"{label:34} {count:6} docs  {seconds:7.2f} s  {count / seconds:7.1f} docs/s", flush=True)
    return count / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "extract.json"))
    args = parser.parse_args()
    if not ARTICLES.exists():
        print(f"missing {ARTICLES}: the benchmark needs ../shared beside the project", file=sys.stderr)
        return 2
    from corroborate.extract import BATCH_SIZE
    from corroborate.extract.parallel import extract_all, shared_extractor

    items = load(args.articles)
    extractor = shared_extractor()  # loads spaCy, the registry and the gazetteer
    texts = [text for _, text, _ in items]
    list(extractor.nlp.pipe(texts[:20], batch_size=BATCH_SIZE))  # warm up both paths
    list(extract_all(items[:20]))

    bare = timed("bare spaCy nlp.pipe", lambda: sum(1 for _ in extractor.nlp.pipe(texts, batch_size=BATCH_SIZE)))
    one = timed("extraction, 1 process", lambda: sum(1 for _ in extract_all(items, workers=1)))
    two = timed("extraction, 2 worker processes", lambda: sum(1 for _ in extract_all(items, workers=2)))

    ratios = {"extraction_vs_spacy": round(one / bare, 3), "two_workers_vs_one": round(two / one, 3)}
    checks = [
        (ratios["extraction_vs_spacy"] >= TARGET_VS_SPACY, f"extraction / bare spaCy = {ratios['extraction_vs_spacy']} (target >= {TARGET_VS_SPACY})"),
        (ratios["two_workers_vs_one"] >= TARGET_TWO_WORKERS, f"2 workers / 1 = {ratios['two_workers_vs_one']} (target >= {TARGET_TWO_WORKERS})"),
    ]
    for passed, text in checks:
        print(("PASS  " if passed else "FAIL  ") + text)
    result = {
        "benchmark": "extract", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(), "cpus": os.cpu_count(), "articles": len(items),
        "docs_per_s": {"bare_spacy": round(bare, 1), "extract_1": round(one, 1), "extract_2": round(two, 1)},
        "ratios": ratios, "checks": [{"passed": p, "check": t} for p, t in checks],
    }  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0 if all(p for p, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
