"""HTTP API benchmark: does a request cost little more than the SQL behind it?

    .venv/bin/python benchmarks/api.py [--incidents 100000] [--clients 8] [--requests 40] [--out benchmarks/results/api.json]

Builds a database of generated incidents with benchmarks/query.py's generator (the product's own
writer), starts `corroborate serve` on a free loopback port in a child process, and runs, with
``--clients`` concurrent clients (one keep-alive connection each), in the same run:

- ``list``: ``GET /api/incidents?country=XX&per_page=50`` (a different country each time, facets
  included as the web UI asks for them), against a bare ``sqlite3`` SELECT of the same 50 rows
  (the incident rows and their claims, actors, conflicts, documents: what a record is built from);
- ``list_nofacets``: the same with ``facets=false``;
- ``show``: ``GET /api/incidents/{id}`` for random ids, against the bare SELECT of that incident.

The baseline runs under the same concurrency (one sqlite3 connection per client thread). The
target is a p95 latency ratio of at most 3 with no errors; exit status 1 when one is missed.

Measured 2026-11-29 (2 cores, a loaded machine; 100,000 incidents, 8 clients, 40 requests each):
list_nofacets p95 0.200 s vs 0.107 s bare (1.9x, met); list with facets 0.410 s vs 0.098 s (4.2x,
missed: the facets count every incident of the country; later pages reuse them); show 0.022 s vs
0.0007 s (32x, missed: one incident's SELECT takes 0.14 ms, while a request through uvicorn and
FastAPI costs about 1 ms of Python, and 8 clients queue on one process's GIL). No errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from query import COUNTRIES, bare_rows, generate, p95  # noqa: E402  (the query benchmark's generator and baseline)

TARGET_RATIO = 3.0
PER_PAGE = 50


def serve(db: Path) -> tuple[subprocess.Popen, str, int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "serve", "--db", str(db), "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    line = process.stdout.readline()
    match = re.search(r"http://(127\.0\.0\.1):(\d+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"corroborate serve did not start: {line}{process.stderr.read()}")
    return process, match.group(1), int(match.group(2))


def concurrently(clients: int, work) -> list:
    """Run ``work(client_number)`` in ``clients`` threads at once; the lists they return, joined."""
    results: list[list] = [[] for _ in range(clients)]
    start = threading.Barrier(clients)

    def run(n: int) -> None:
        start.wait()
        results[n] = work(n)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for r in results for x in r]


def http_latencies(host: str, port: int, paths: list[list[str]], clients: int) -> tuple[list[float], int]:
    errors = []

    def work(n: int) -> list[float]:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        out = []
        for path in paths[n]:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            out.append(time.perf_counter() - started)
            if response.status != 200 or not body:
                errors.append((path, response.status))
        conn.close()
        return out

    return concurrently(clients, work), len(errors)


def bare_latencies(db: Path, queries: list[list[tuple[str, tuple]]], clients: int) -> list[float]:
    def work(n: int) -> list[float]:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        out = []
        for where, params in queries[n]:
            started = time.perf_counter()
            bare_rows(conn, where, params)
            out.append(time.perf_counter() - started)
        conn.close()
        return out

    return concurrently(clients, work)


def page_where(conn: sqlite3.Connection, country: str) -> tuple[str, tuple]:
    """The bare query of one listed page: the same 50 ids the API lists first (newest first)."""
    ids = [r[0] for r in conn.execute("SELECT id FROM incidents WHERE country = ? ORDER BY event_date IS NULL, event_date DESC, seq LIMIT ?", (country, PER_PAGE))]
    return "id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)


def summary(api: list[float], bare: list[float], errors: int) -> dict:
    return {
        "requests": len(api), "errors": errors,
        "api_median_s": round(statistics.median(api), 5), "api_p95_s": round(p95(api), 5),
        "bare_median_s": round(statistics.median(bare), 5), "bare_p95_s": round(p95(bare), 5),
        "ratio_p95": round(p95(api) / p95(bare), 3), "ratio_median": round(statistics.median(api) / statistics.median(bare), 3),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40, help="requests per client per workload")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "api.json"))
    args = parser.parse_args()

    import corroborate

    rng = random.Random(20261129)
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "big.db"
        started = time.perf_counter()
        with corroborate.open(db) as corpus, corpus.store.transaction():
            ids = generate(corpus.store, args.incidents)
        print(f"generated {args.incidents} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        process, host, port = serve(db)
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            countries = [[rng.choice(COUNTRIES) for _ in range(args.requests)] for _ in range(args.clients)]
            shown = [[rng.choice(ids) for _ in range(args.requests)] for _ in range(args.clients)]
            workloads = {
                "list": ([[f"/api/incidents?country={c}&per_page={PER_PAGE}" for c in cs] for cs in countries],
                         [[page_where(conn, c) for c in cs] for cs in countries]),
                "list_nofacets": ([[f"/api/incidents?country={c}&per_page={PER_PAGE}&facets=false" for c in cs] for cs in countries],
                                  [[page_where(conn, c) for c in cs] for cs in countries]),
                "show": ([[f"/api/incidents/{i}" for i in s] for s in shown], [[("id = ?", (i,)) for i in s] for s in shown]),
            }  # fmt: skip
            results = {}
            for name, (paths, queries) in workloads.items():
                http_latencies(host, port, [p[:2] for p in paths], args.clients)  # warm the server and the page cache
                latencies, errors = http_latencies(host, port, paths, args.clients)
                results[name] = summary(latencies, bare_latencies(db, queries, args.clients), errors)
                print(f"{name}: {results[name]}", file=sys.stderr)
        finally:
            process.terminate()
            process.wait(timeout=30)
    checks = {f"{k} p95 <= {TARGET_RATIO}": v["ratio_p95"] <= TARGET_RATIO for k, v in results.items()}
    checks |= {f"{k} no errors": v["errors"] == 0 for k, v in results.items()}
    report = {"incidents": args.incidents, "clients": args.clients, "results": results, "checks": checks,
              "python": platform.python_version(), "platform": platform.platform(),
              "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for check, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {check}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
