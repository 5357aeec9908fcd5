"""Incremental benchmark: does adding documents cost the same however large the database is?

    .venv/bin/python benchmarks/incremental.py [--sizes 10000 100000] [--add 1000] [--out benchmarks/results/incremental.json]

For each size, in its own child process: a database is filled with ``size`` generated article
incidents (seeded; dated over twenty years, 60 countries, 150 towns each; each stored as a
document whose extraction and assembly are already done), resolved by the product's own
resolution stage (``pipeline.Resolve``: canonical incidents, their tables). That is set-up, not
timed. Then ``--add`` new generated articles (benchmarks/ingest.py's newsroom: wire-style prose,
near and partial copies, re-posts) are ingested through ``Corpus.ingest``, the front door: read,
syndication, extraction with spaCy, assembly, resolution into the existing incidents. The time
of that ingest, and of its resolution stage alone, are compared across sizes in the same run.

Target: adding to the largest database costs at most 1.5 times adding to the smallest. Exit
status 1 when it is missed.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

SEED = 20261130
TARGET_RATIO = 1.5
COUNTRIES, TOWNS = 60, 150
PER_YEAR = 5_000


def document_incident(rng: random.Random, i: int, size: int) -> tuple[str, dict]:
    """One generated article's main incident, as assembly stores it, and its publication date."""
    day = date(2006, 1, 1) + timedelta(days=rng.randrange(max(1, size * 365 // PER_YEAR)))
    country = f"C{rng.randrange(COUNTRIES):02d}"
    town = rng.randrange(TOWNS)
    killed = rng.randint(0, 40)
    sentence = f"Attackers killed {killed} people in Town{town} on {day.isoformat()}."
    start = sentence.index("killed")
    mention = {
        "kind": "casualty", "start": start, "end": start + len(f"killed {killed}"), "text": f"killed {killed}",
        "sentence": [0, len(sentence)], "speaker": None,
        "data": {"category": "killed", "min": killed, "max": killed, "qualifier": "exact", "quantity": str(killed), "update": False},
    }  # fmt: skip
    location = {"name": f"Town{town}", "country_code": country, "admin1": None, "latitude": (town % 90) - 45.0 + rng.random(),
                "longitude": (town * 2 % 360) - 180.0, "precision": "city", "facility": None, "text": f"Town{town}", "population": 50_000}  # fmt: skip
    incident = {
        "index": 0, "main": True, "type": rng.choice(("bombing", "armed_assault", "arson", "stabbing")), "status": "executed",
        "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": "day", "basis": "stated"},
        "location": location, "counts": {"killed": {"low": killed, "best": killed, "high": killed, "chosen": 0, "adjusted_by": None},
                                         "injured": None, "arrested": None},
        "actors": [], "people": [], "reference_year": day.year, "mentions": [mention],
    }  # fmt: skip
    return sentence, incident


def fill(store, size: int) -> None:
    """``size`` documents with their extraction and assembly done, then resolved (set-up)."""
    from corroborate.assemble import ASSEMBLER_VERSION
    from corroborate.extract import EXTRACTOR_VERSION
    from corroborate.pipeline import Resolve

    rng = random.Random(SEED)
    version = f"{EXTRACTOR_VERSION}+{ASSEMBLER_VERSION}"
    with store.transaction():
        for i in range(size):
            text, incident = document_incident(rng, i, size)
            doc = f"{i:064x}"
            store.conn.execute(
                "INSERT INTO documents (id, source, format, published, language, status, syndication_group, ingested_at, text) "
                "VALUES (?, ?, 'jsonl', ?, 'en', 'ok', ?, ?, ?)",
                (doc, f"base.jsonl:{i + 1}", incident["date"]["start"], doc, incident["date"]["start"], text),
            )
            store.conn.execute("INSERT INTO extractions VALUES (?, ?, ?, 1, 'ok', NULL)", (doc, EXTRACTOR_VERSION, "2026-01-01"))
            store.conn.execute("INSERT INTO assemblies VALUES (?, ?, 1, 0)", (doc, version))
            store.conn.execute("INSERT INTO document_incidents (document_id, idx, data) VALUES (?, 0, ?)", (doc, json.dumps(incident)))
    Resolve(store).run()


def child(size: int, add: int) -> dict:
    import corroborate
    from corroborate.extract.parallel import shared_extractor
    from ingest import generate

    shared_extractor()  # the model loads before the clock starts, as in a long-running service
    with tempfile.TemporaryDirectory() as scratch:
        db, feed = Path(scratch) / "db.db", Path(scratch) / "new.jsonl"
        started = time.perf_counter()
        with corroborate.open(db) as corpus:
            fill(corpus.store, size)
        setup = time.perf_counter() - started
        with feed.open("w", encoding="utf-8") as out:
            for record in generate(add, seed=SEED):
                out.write(json.dumps(record) + "\n")
        timings: dict[str, float] = {}

        class Clock:
            def stage(self, name, total):
                timings[name] = time.perf_counter()

            def advance(self, name):
                pass

        with corroborate.open(db) as corpus:
            started = time.perf_counter()
            summary = corpus.ingest([str(feed)], observer=Clock())
            ended = time.perf_counter()
            incidents = corpus.store.incident_counts()["incidents"]
    return {
        "size": size, "added": summary.ok, "setup_s": round(setup, 1), "ingest_s": round(ended - started, 2),
        "resolution_s": round(ended - timings.get("assembling incidents", ended), 2), "incidents_after": incidents,
        "errors": summary.errors,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    parser.add_argument("--add", type=int, default=1_000)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "incremental.json"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(child(args.child, args.add)))
        return 0
    runs = {}
    for size in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--child", str(size), "--add", str(args.add)], capture_output=True, text=True, check=True)
        runs[size] = json.loads(done.stdout.strip().splitlines()[-1])
        print(runs[size], file=sys.stderr)
    small, large = (runs[s] for s in args.sizes)
    ratio = large["ingest_s"] / small["ingest_s"]
    report = {
        "runs": runs, "ingest_ratio": round(ratio, 3), "resolution_ratio": round(large["resolution_s"] / max(small["resolution_s"], 1e-6), 3),
        "target": TARGET_RATIO, "ok": ratio <= TARGET_RATIO, "python": platform.python_version(), "platform": platform.platform(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    print(f"adding {args.add} documents: {small['ingest_s']} s to {args.sizes[0]:,} incidents, {large['ingest_s']} s to {args.sizes[1]:,}: "
          f"ratio {report['ingest_ratio']} (target <= {TARGET_RATIO}); resolution stage alone {small['resolution_s']} s vs "
          f"{large['resolution_s']} s (ratio {report['resolution_ratio']})")  # fmt: skip
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
