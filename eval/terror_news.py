"""terror_news dev set (../shared/bench/terror_news), or the project's own eval/gold/attacks.jsonl:
real reporting of terrorist attacks, scored through the product's front door.

Each part's articles are ingested with ``Corpus.ingest`` exactly as `corroborate ingest FILES
--manifest M` does (the manifest gives each article's url and publication date), then read back
from the database and scored by ``corroborate.evaluate_reports`` (what each measure means is
there): the main attack found, the article's killed and injured, the incident's killed ``best``
against the latest article under each consensus policy, B-cubed merging, claimed-by and blamed,
incidents from negatives. Parts A (South and Central Asia, Middle East) and B (Africa, Europe,
Americas) are reported apart.

    .venv/bin/python eval/terror_news.py [--part A|B|all] [--policy P] [--db FILE] [--out FILE]
    .venv/bin/python eval/terror_news.py --gold eval/gold/attacks.jsonl --root .
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from common import BENCH, RESULTS, table, write_results

from corroborate.consensus import DEFAULT_POLICY, POLICIES
from corroborate.evaluate_reports import evaluate, load, rows_of, unmet

DATA = BENCH / "terror_news"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("A", "B", "all"), default="all")
    parser.add_argument("--gold", help="a gold file in the terror_news schema instead of the bench parts")
    parser.add_argument("--root", default=".", help="folder the --gold file's paths are relative to")
    parser.add_argument("--policy", default=DEFAULT_POLICY, choices=POLICIES)
    parser.add_argument("--db", help="keep the databases here (FILE.A, FILE.B)")
    parser.add_argument("--out", default=str(RESULTS / "terror_news.json"))
    args = parser.parse_args()
    if args.gold:
        sets = {Path(args.gold).stem: (load(args.gold), Path(args.root))}
    else:
        if not DATA.exists():
            sys.exit(f"no benchmark at {DATA}")
        sets = {f"part {p}": (load(DATA / f"gold_{p}.jsonl"), DATA) for p in ("AB" if args.part == "all" else args.part)}
    results = {}
    for label, (rows, root) in sets.items():
        db = f"{args.db}.{label.split()[-1]}" if args.db else None
        results[label] = evaluate(rows, root, db, policy=args.policy)
    print(f"\n{', '.join(sets)}: incident best under --policy {args.policy}")
    print(table(rows_of(results), ["measure", *results, "target"]))
    print("\nkilled best of the incident under each policy")
    print(table([(p, *(r["incident_killed_best_by_policy"][p] for r in results.values())) for p in POLICIES], ["policy", *results]))
    for label, result in results.items():
        missed = unmet(result)
        print(f"{label}: {'every target met' if not missed else 'targets not met: ' + ', '.join(missed)}")
    write_results(args.out, {"policy": args.policy, "parts": results})


if __name__ == "__main__":
    main()
