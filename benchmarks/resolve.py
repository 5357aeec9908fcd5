"""Resolution benchmark: does cross-document resolution grow near-linearly, within bounded memory?

    .venv/bin/python benchmarks/resolve.py [--sizes 10000 100000] [--out benchmarks/results/resolve.json]

Generates document-incidents deterministically (seeded; each size is a prefix of the largest):
events arrive at a constant rate, 5,000 document-incidents a year, as in a database that grows
with the news (so 100,000 span twenty years, not ten times as many a week; and the smaller
size spans two years, more than the year back that town and person blocks are looked up in,
so both sizes are measured in the steady state); they spread over 60 countries, 150 towns
each (with coordinates), and the 12 incident types; each event is reported by 1 to 4 articles, which vary the figures, shift the date by up to
a day, name the town or not, name zero to two of the event's people and actors, and sometimes
drop the date to year precision. Each size runs in its own child process (this script with
``--child N``): it builds the candidates, times (the fastest of several runs) ``Resolver.add``
over all of them in order (with
the cyclic garbage collector paused, as the product runs it) plus
the serialisation of every incident as it is stored (``Cluster.as_dict`` to JSON), reads the
peak RSS, and scores the result against the planted events (B-cubed F1, a sanity check, not a
target).

Only ratios measured in the same run are asserted. Exit status 1 when a target is missed: time
ratio largest / smallest <= 12 (for 10,000 -> 100,000); peak RSS at the largest size <= 2 GB.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SEED = 20251123
COUNTRIES, TOWNS_PER_COUNTRY = 60, 150
TYPES = ("bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack",
         "vehicle_attack", "stabbing", "airstrike", "plot", "arrest", "other")  # fmt: skip
TARGET_TIME_RATIO = 12.0
TARGET_PEAK_BYTES = 2 * 1024**3
FIRST_DAY = date(2005, 1, 1).toordinal()
REPEAT_WORK = 300_000  # each size runs max(1, this / size) times: 30 at 10,000, 3 at 100,000
PER_YEAR = 5_000  # document-incidents a year: the rate news arrives at


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(n)).capitalize()


def generate(size: int):
    """``size`` candidates and their planted event ids, deterministic; a prefix of any larger size."""
    from corroborate.resolve import Candidate

    rng = random.Random(SEED)
    world = random.Random(SEED + 1)
    countries = [f"{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(COUNTRIES)]
    towns = {
        c: [(_syllables(world, 3).lower(), world.uniform(-60, 60), world.uniform(-170, 170)) for _ in range(TOWNS_PER_COUNTRY)]
        for c in countries
    }  # fmt: skip
    candidates, truth = [], []
    event = 0
    while len(candidates) < size:
        event += 1
        country = rng.choice(countries)
        town, lat, lon = rng.choice(towns[country])
        day = FIRST_DAY + int(len(candidates) / PER_YEAR * 365) + rng.randrange(30)
        kind = rng.choice(TYPES)
        killed = rng.choice([0, 1, 1, 2, 3, 5, 8, 13, 40])
        people = [_syllables(rng, 3).lower() for _ in range(rng.randrange(0, 3))]
        actors = [f"group-{rng.randrange(300)}" for _ in range(rng.randrange(0, 2))]
        for report in range(rng.choice([1, 1, 2, 2, 3, 4])):
            if len(candidates) >= size:
                break
            shifted = date.fromordinal(day + rng.choice([0, 0, 0, 1]))
            if rng.random() < 0.1:
                when = {"start": f"{shifted.year}-01-01", "end": f"{shifted.year}-12-31", "precision": "year", "basis": "stated"}
            else:
                when = {"start": shifted.isoformat(), "end": shifted.isoformat(), "precision": "day", "basis": "stated"}
            named = rng.random() < 0.85
            candidates.append(Candidate(
                document_id=f"d{len(candidates):07d}", index=0, type=kind if rng.random() < 0.9 else "other", date=when,
                country=country, admin1=None,
                towns=[{"keys": [town], "lat": lat, "lon": lon}] if named else [],
                actors=frozenset(a for a in actors if rng.random() < 0.7),
                names=frozenset(p for p in people if rng.random() < 0.6),
                killed=max(0, killed + rng.choice([0, 0, 0, 1, -1])), reference_year=shifted.year,
            ))  # fmt: skip
            truth.append(event)
    return candidates, truth


def child(size: int) -> dict:
    from corroborate.resolve import Resolver, paused_gc

    candidates, truth = generate(size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    timings = []
    for _ in range(max(1, round(REPEAT_WORK / size))):  # the fastest of a few runs: short runs are noisy
        started = time.perf_counter()
        resolver = Resolver()
        with paused_gc():  # as corroborate.pipeline.Resolve runs it
            assigned = [resolver.add(c) for c in candidates]
            stored = sum(len(json.dumps(cluster.as_dict())) for cluster in resolver.clusters.values())
        timings.append(time.perf_counter() - started)
        del resolver.index
    elapsed = min(timings)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    by_predicted, by_truth = defaultdict(set), defaultdict(set)
    for i, (p, t) in enumerate(zip(assigned, truth)):
        by_predicted[p].add(i)
        by_truth[t].add(i)
    prec = sum(len(by_predicted[p] & by_truth[t]) / len(by_predicted[p]) for p, t in zip(assigned, truth)) / size
    rec = sum(len(by_predicted[p] & by_truth[t]) / len(by_truth[t]) for p, t in zip(assigned, truth)) / size
    return {
        "size": size, "seconds": round(elapsed, 3), "runs": [round(t, 3) for t in timings], "per_candidate_us": round(elapsed / size * 1e6, 1),
        "comparisons": resolver.comparisons, "comparisons_per_candidate": round(resolver.comparisons / size, 2),
        "incidents": len(resolver.clusters), "events": len(by_truth), "stored_bytes": stored,
        "peak_rss_bytes": peak, "rss_before_bytes": before,
        "bcubed_f1": round(2 * prec * rec / (prec + rec), 4),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "resolve.json"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    sizes = sorted(args.sizes)
    rows = []
    for size in sizes:
        print(f"resolving {size:,} generated document-incidents ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, __file__, "--child", str(size)], capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout))
    small, large = rows[0], rows[-1]
    time_ratio = large["seconds"] / small["seconds"]
    checks = {
        f"time ratio {large['size']:,}/{small['size']:,} <= {TARGET_TIME_RATIO}": time_ratio <= TARGET_TIME_RATIO,
        f"peak RSS at {large['size']:,} <= 2 GB": large["peak_rss_bytes"] <= TARGET_PEAK_BYTES,
    }
    print(f"{'size':>9} {'seconds':>9} {'us/cand':>8} {'cmp/cand':>9} {'incidents':>10} {'events':>8} {'peak MB':>8} {'B3 F1':>6}")
    for r in rows:
        print(f"{r['size']:>9,} {r['seconds']:>9.2f} {r['per_candidate_us']:>8.1f} {r['comparisons_per_candidate']:>9.2f} "
              f"{r['incidents']:>10,} {r['events']:>8,} {r['peak_rss_bytes'] / 2**20:>8.0f} {r['bcubed_f1']:>6.3f}")  # fmt: skip
    print(f"time ratio {time_ratio:.2f} (size ratio {large['size'] / small['size']:.0f})")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "rows": rows, "time_ratio": round(time_ratio, 3), "checks": checks, "python": platform.python_version(),
        "platform": platform.platform(), "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }, indent=2) + "\n", encoding="utf-8")  # fmt: skip
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
