"""Query benchmark: do reads cost little more than the SQL behind them?

    .venv/bin/python benchmarks/query.py [--incidents 100000] [--repeat 30] [--out benchmarks/results/query.json]

Builds a database of generated incidents (seeded; 60 countries; each incident reported by two
articles, with four casualty claims, an actor and, for one in five, a conflict) through the
product's own writer (``SQLiteStore.save_record``, what resolution calls), then times, in the same
run, each read through the library against a bare ``sqlite3`` SELECT of the same rows:

- ``incidents --country XX``: ``Corpus.incidents(country=...)``, every incident of one country
  (about 1,700 at 100,000), full records;
- ``show ID``: ``Corpus.incident(id)``, one incident with its claims, actors and conflicts;
- ``export``: ``Corpus.export_json`` of the whole database, against the same rows SELECTed and
  each written as a line of JSON (an export's baseline includes writing it).

The p95 of each ratio must be at most 3. Also: each read command on a small database (the sample
corpus's size) as a child process, against `corroborate --help` in the same run: at most 2 times.
Exit status 1 when a target is missed. Results go to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SEED = 20261129
COUNTRIES = ("AF", "IQ", "SY", "NG", "ML", "SO", "PK", "IN", "PH", "CO", "MX", "US", "FR", "DE", "GB", "RU", "UA", "IR",
             "YE", "LY", "EG", "KE", "CD", "MZ", "BF", "NE", "TD", "CM", "SD", "SS", "ET", "TR", "IL", "PS", "LB", "SA",
             "TH", "MM", "BD", "LK", "NP", "ID", "MY", "CN", "KG", "TJ", "UZ", "KZ", "AZ", "AM", "GE", "BE", "NL", "ES",
             "IT", "SE", "NO", "CA", "BR", "VE")  # fmt: skip
TYPES = ("bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack", "vehicle_attack", "stabbing")
TARGET_RATIO = 3.0
TARGET_COMMAND_RATIO = 2.0
SMALL_INCIDENTS = 100  # the sample corpus makes about 90


def _claim(doc: str, words: str, value: int, published: str, speaker: str | None) -> dict:
    quote = f"Officials said {words} in the attack."
    start = len("Officials said ")
    return {"document": doc, "text": words, "quote": quote, "start": start, "end": start + len(words), "speaker": speaker,
            "speaker_actor": None, "outlet": "Generated Wire", "published": published}  # fmt: skip


def generate(store, n: int) -> list[str]:
    """``n`` incidents written as resolution writes them; returns their ids in order."""
    rng = random.Random(SEED)
    first = date(2005, 1, 1)
    ids = []
    conn = store.conn
    for i in range(n):
        incident_id = f"inc_{i:012x}"
        day = (first + timedelta(days=i * 7300 // n)).isoformat()
        docs = [f"{i:032x}{k:032x}" for k in range(2)]
        published = [day, (date.fromisoformat(day) + timedelta(days=1)).isoformat()]
        killed = [rng.randint(0, 60) for _ in docs]
        injured = [rng.randint(0, 200) for _ in docs]
        conn.executemany(
            "INSERT INTO documents (id, source, format, published, language, status, syndication_group, ingested_at, text) "
            "VALUES (?, ?, 'txt', ?, 'en', 'ok', ?, ?, ?)",
            [(d, f"gen/{d}.txt", p, d, p, f"Generated report {d}.") for d, p in zip(docs, published)],
        )
        conn.executemany(
            "INSERT INTO document_incidents (document_id, idx, data, incident_id) VALUES (?, 0, '{}', ?)",
            [(d, incident_id) for d in docs],
        )
        counts, chosen = {}, {}
        for category, values in (("killed", killed), ("injured", injured), ("arrested", [])):
            claims = [_claim(d, f"{category} {v}", v, p, "police") for d, v, p in zip(docs, values, published)]
            for claim, v in zip(claims, values):
                claim.update(min=v, max=v, qualifier="exact", update=False)
            counts[category] = {
                "low": min(values) if values else None, "best": min(values) if values else None,
                "high": max(values) if values else None, "claims": claims, "values": [],
            }  # fmt: skip
            chosen[category] = [(c, v, v, True) for c, v in zip(claims, values)]
        actor_claim = _claim(docs[0], "claimed", 0, published[0], "Islamic State")
        conflicts = []
        if i % 5 == 0 and killed[0] != killed[1]:
            conflicts.append({"field": "killed", "kind": "contradiction", "claims": counts["killed"]["claims"]})
        record = {
            "id": incident_id, "type": rng.choice(TYPES), "status": "executed",
            "date": {"start": day, "end": day, "precision": "day", "basis": "stated"},
            "location": {"name": f"Town {i % 997}", "country_code": COUNTRIES[i % len(COUNTRIES)], "admin1": None,
                         "latitude": rng.uniform(-50, 60), "longitude": rng.uniform(-120, 150), "precision": "city", "facility": None},
            "documents": docs, "independent_sources": 2, "conflicts": conflicts,
            **counts,
            "actors": [{"actor_id": "islamic-state", "name": "Islamic State", "role": "claimed", "by": "islamic-state", "claims": [actor_claim]}],
            "people": [],
        }  # fmt: skip
        bests = {p: {c: counts[c]["best"] for c in counts} for p in ("conservative", "ucdp", "latest")}
        store.save_record(i, record, bests, chosen)
        ids.append(incident_id)
    store.save_actors([{"id": "islamic-state", "name": "Islamic State", "kind": "armed_group", "parent": None, "aliases": ["ISIS", "Daesh"]}])
    return ids


def bare_rows(conn: sqlite3.Connection, where: str, params: tuple, out: io.StringIO | None = None) -> int:
    """The same rows a record is built from, fetched with plain SELECTs and nothing built; with
    ``out``, each row is also written as JSON (an export's baseline: an export that writes
    nothing is not one)."""
    ids = [r[0] for r in conn.execute(f"SELECT id FROM incidents WHERE {where} ORDER BY seq", params)]
    marks = json.dumps(ids)
    rows = conn.execute("SELECT * FROM incidents WHERE id IN (SELECT value FROM json_each(?))", (marks,)).fetchall()
    for table in ("claims", "incident_actors", "incident_people", "conflicts"):
        rows += conn.execute(f"SELECT * FROM {table} WHERE incident_id IN (SELECT value FROM json_each(?))", (marks,)).fetchall()
    rows += conn.execute(
        "SELECT di.incident_id, di.document_id, d.published, d.seq FROM document_incidents di JOIN documents d ON d.id = di.document_id "
        "WHERE di.incident_id IN (SELECT value FROM json_each(?))", (marks,),
    ).fetchall()  # fmt: skip
    rows += conn.execute(
        "SELECT cc.* FROM conflict_claims cc JOIN conflicts c ON c.id = cc.conflict_id WHERE c.incident_id IN (SELECT value FROM json_each(?))",
        (marks,),
    ).fetchall()
    if out is not None:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    return len(rows)


def bare_export(conn: sqlite3.Connection) -> int:
    out = io.StringIO()
    for row in conn.execute("SELECT id, source, title, outlet, published, language, status, reason, syndication_group, external_id, url FROM documents"):
        out.write(json.dumps(row) + "\n")
    return bare_rows(conn, "1 = 1", (), out)


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def ratios(library, bare, repeat: int) -> dict:
    library(), bare()  # warm the page cache and the statement cache
    pairs = [(timed(library), timed(bare)) for _ in range(repeat)]
    values = [a / b for a, b in pairs]
    return {"library_median_s": round(statistics.median(a for a, _ in pairs), 5), "bare_median_s": round(statistics.median(b for _, b in pairs), 5),
            "ratio_median": round(statistics.median(values), 3), "ratio_p95": round(p95(values), 3)}  # fmt: skip


def command_ratio(db: Path, repeat: int) -> dict:
    exe = [sys.executable, "-m", "corroborate"]
    run = lambda *args: subprocess.run([*exe, *args], capture_output=True, check=True)  # noqa: E731
    results = {}
    for name, args in (("incidents", ["incidents"]), ("show", ["show", "inc_000000000001"]), ("conflicts", ["conflicts"]),
                       ("timeline", ["timeline", "inc_000000000001"]), ("export", ["export", "-o", str(db.with_suffix(".json"))])):  # fmt: skip
        pairs = [(timed(lambda: run(*args, "--db", str(db))), timed(lambda: run("--help"))) for _ in range(repeat)]
        results[name] = round(statistics.median(a for a, _ in pairs) / statistics.median(b for _, b in pairs), 3)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "query.json"))
    args = parser.parse_args()

    import corroborate

    with tempfile.TemporaryDirectory() as scratch:
        big, small = Path(scratch) / "big.db", Path(scratch) / "small.db"
        for path, size in ((big, args.incidents), (small, SMALL_INCIDENTS)):
            started = time.perf_counter()
            with corroborate.open(path) as corpus, corpus.store.transaction():
                ids = generate(corpus.store, size)
            print(f"generated {size} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        corpus = corroborate.open(big, readonly=True)
        conn = sqlite3.connect(f"file:{big}?mode=ro", uri=True)
        middle = ids[len(ids) // 2]
        results = {
            "incidents_by_country": ratios(lambda: list(corpus.incidents(country="IQ")), lambda: bare_rows(conn, "country = ?", ("IQ",)), args.repeat),
            "show": ratios(lambda: corpus.incident(middle), lambda: bare_rows(conn, "id = ?", (middle,)), args.repeat * 10),
            "export": ratios(lambda: corpus.export_json(io.StringIO()), lambda: bare_export(conn), max(3, args.repeat // 10)),
            "commands_on_small_db_vs_help": command_ratio(small, max(5, args.repeat // 3)),
        }  # fmt: skip
        corpus.close()
    checks = {f"{k} p95 <= {TARGET_RATIO}": v["ratio_p95"] <= TARGET_RATIO for k, v in results.items() if "ratio_p95" in v}
    checks |= {f"{k} <= {TARGET_COMMAND_RATIO} x --help": v <= TARGET_COMMAND_RATIO for k, v in results["commands_on_small_db_vs_help"].items()}
    report = {"incidents": args.incidents, "results": results, "checks": checks, "python": platform.python_version(),
              "platform": platform.platform(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    for name, value in results.items():
        print(f"{name:30} {value}")
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
