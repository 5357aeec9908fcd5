"""Export benchmark: do exports stream in flat memory?

    .venv/bin/python benchmarks/exports.py [--incidents 100000] [--baseline 10000] [--formats csv stix ...]
                                           [--out benchmarks/results/exports.json]

Builds a database of generated incidents through the product's own writer (``benchmarks/query.py``'s
generator: ``SQLiteStore.save_record``, what resolution calls; two articles, four casualty claims
and a claiming group per incident), then runs `corroborate export` as a child process for each
format and table: of one incident (the process's own size), of the first ``--baseline`` incidents
(``--limit``) and of all of them. Reports each run's peak RSS and seconds, and the ratio of the
full export's peak RSS to the baseline's: flat memory is a ratio near 1 (target at most
``TARGET_RATIO``). Exit status 1 when a target is missed. Results go to ``--out`` as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGET_RATIO = 1.5
RUNS = (("json", "incidents"), ("csv", "incidents"), ("csv", "claims"), ("parquet", "incidents"), ("parquet", "claims"),
        ("stix", "incidents"), ("geojson", "incidents"), ("graphml", "incidents"))  # fmt: skip


def run_export(db: Path, fmt: str, table: str, limit: int | None, out: Path) -> dict:
    """`corroborate export` in a child process: its peak RSS (MiB) and wall time."""
    args = [sys.executable, "-m", "corroborate", "export", "--db", str(db), "--format", fmt, "--table", table, "-o", str(out)]
    if limit is not None:
        args += ["--limit", str(limit)]
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    error = child.stderr.read().decode(errors="replace")
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"export {fmt} {table} failed: {error}")
    return {"peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "seconds": round(seconds, 2), "bytes": out.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--formats", nargs="*", help="Only these formats (default: all).")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "exports.json"))
    args = parser.parse_args()

    import corroborate
    from query import generate

    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "big.db"
        started = time.perf_counter()
        with corroborate.open(db) as corpus, corpus.store.transaction():
            generate(corpus.store, args.incidents)
        print(f"generated {args.incidents} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        for fmt, table in RUNS:
            if args.formats and fmt not in args.formats:
                continue
            out = Path(scratch) / f"export.{fmt}"
            runs = {name: run_export(db, fmt, table, limit, out) for name, limit in (("one", 1), ("baseline", args.baseline), ("full", None))}
            runs["ratio"] = round(runs["full"]["peak_rss_mib"] / runs["baseline"]["peak_rss_mib"], 3)
            runs["growth_ratio"] = round(
                (runs["full"]["peak_rss_mib"] - runs["one"]["peak_rss_mib"]) / max(1.0, runs["baseline"]["peak_rss_mib"] - runs["one"]["peak_rss_mib"]), 2
            )
            results[f"{fmt} {table}"] = runs
            print(f"{fmt:8} {table:10} one {runs['one']['peak_rss_mib']:7.1f} MiB  {args.baseline}: {runs['baseline']['peak_rss_mib']:7.1f} MiB  "
                  f"{args.incidents}: {runs['full']['peak_rss_mib']:7.1f} MiB in {runs['full']['seconds']:6.1f} s  ratio {runs['ratio']}", file=sys.stderr)  # fmt: skip
    checks = {f"{k} peak RSS ratio <= {TARGET_RATIO}": v["ratio"] <= TARGET_RATIO for k, v in results.items()}
    report = {"incidents": args.incidents, "baseline": args.baseline, "results": results, "checks": checks,
              "python": platform.python_version(), "platform": platform.platform(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds")}  # fmt: skip
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n")
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'MISS'} {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
