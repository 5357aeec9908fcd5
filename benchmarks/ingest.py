"""Ingest benchmark: does ingest stream, and does syndication detection grow near-linearly?

    .venv/bin/python benchmarks/ingest.py [--sizes 1000 10000] [--formats jsonl txt]
                                          [--out benchmarks/results/ingest.json] [--profile 2000]

Generates English news-style articles deterministically (seeded; each size is a prefix of
the largest) with planted re-publications: 10% near copies (new first sentence, a few words
edited), 5% partial copies (a run of an article's sentences between new ones), 1% exact
re-posts. Each size is ingested by a child process (this script with --child) into a fresh
temporary database, so peak memory is per size; the child times ``dedup.assign_group``
(syndication) and checks that the planted copies were grouped with their source.

Only ratios measured in the same run are asserted (machines are noisy). Exit status 1 when
a target is missed: peak RSS ratio <= 1.3; ratio of the peak's growth over the RSS before
ingest <= 1.3 (the peak itself is mostly interpreter and language model, which hides a
leak); syndication time ratio <= 1.5 x the size ratio (15 for 1,000 -> 10,000); >= 80% of
planted copies grouped with their source, exact re-posts counted as duplicates.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SEED = 20250214
NEAR_COPIES, PARTIAL_COPIES, EXACT_REPOSTS = 0.10, 0.05, 0.01
MAX_MEMORY_RATIO = 1.3
SYNDICATION_SLACK = 1.5  # allowed syndication time ratio = 1.5 x size ratio
MIN_COPY_RECALL = 0.8

# -- article generator ------------------------------------------------------------------
# Slots {name}, {place} and {org} are mostly invented words and {n} a number up to 2,400;
# templates put one of them in every 5-word window (sentence joins included), so distinct
# articles share a 5-word run only by rare chance and syndication finds only planted copies.
SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")] + ["ash", "or", "el", "un"]
POOLS = {kind: words.split(",") for kind, words in {
    "first": "Amina,Bilal,Carlos,Daria,Elif,Farid,Grace,Hamza,Ines,Jonas,Kavita,Leila,Marco,Nadia,Omar,Priya,Wei,Kofi",
    "place": "Quetta,Peshawar,Maiduguri,Mopti,Kunduz,Mosul,Aleppo,Tilburg,Goma,Marawi,Pemba,Agadez,Kidal,Taiz,Sirte",
    "role": "spokesperson,deputy mayor,police chief,district commissioner,senior medic,provincial minister,"
            "army officer,union leader,councillor,hospital director,rescue coordinator,prosecutor,aid worker,"
            "village elder,school principal,fire chief,port manager,election monitor,rights lawyer,relief official",
    "body": "Water Authority,Provincial Council,Relief Agency,Border Police,Health Directorate,Transport Board,"
            "Farmers Union,Electoral Commission,Highway Patrol,Disaster Office,Teachers Federation,Red Crescent",
    "noun": "households,vehicles,shops,residents,farmers,students,workers,patients,buses,trucks,boats,wells,clinics,"
            "schools,bridges,warehouses,tents,families,passengers,drivers,traders,fishermen,pilgrims,nurses,guards,"
            "migrants,herders,cattle,goats,generators,pumps,ambulances,roofs,markets,depots,villages,camps,ferries",
    "verb": "damaged,destroyed,evacuated,relocated,inspected,repaired,flooded,burned,looted,searched,cleared,closed,"
            "reopened,rebuilt,counted,registered,vaccinated,rescued,detained,released,stranded,seized,restored",
    "adj": "heavy,sudden,fierce,quiet,tense,crowded,remote,northern,southern,coastal,rural,urban,makeshift,overnight,"
           "unconfirmed,provisional,fragile,brief,lengthy,bitter,renewed,sporadic,isolated,deadly,minor,major",
    "thing": "curfew,ceasefire,inquiry,convoy,blockade,audit,strike,protest,outbreak,landslide,flood,drought,fire,"
             "blast,raid,ambush,standoff,evacuation,census,ballot,harvest,shortage,rally,appeal",
    "day": "Monday,Tuesday,Wednesday,Thursday,Friday,Saturday,Sunday", "currency": "dollars,euros,rupees,naira,dinars",
    "month": "January,February,March,April,May,June,July,August,September,October,November,December",
    "outlet": "Meridian Wire,Daily Lantern,Harmattan Post,Northline Times,Indus Chronicle,Asia Pulse Daily,"
              "Lowlands Herald,Coastal Courier,Savanna Ledger,Delta Observer,Highland Gazette,Gulf Dispatch",
}.items()}
TEMPLATES = [
    "{name}, {role} for the {org}, said {n} {noun} were {verb} near {place}.",
    "By {day} {n} {noun} in {place} were {verb}, said {name}.",
    "In {place} the {adj} {thing} left {n} {noun} {verb}, {name} said.",
    "{name} told reporters the {org} would review {n} cases from {place}.",
    "{name} estimated that {n} {noun} near {place} were {verb} in {month}, {name2} said.",
    "Near {place} a {adj} {thing} forced {n} {noun} to leave {place2}.",
    "{name}, a {role} from {place}, blamed the {thing} for {n} lost jobs in {place2}.",
    "The {org} pledged {n} million {currency} for {place} and {place2}.",
    "Witnesses in {place} said {n} {noun} were {verb} before {name} arrived.",
    "On {day} {name} and {name2} of the {org} met {n} {noun} from {place}.",
    "In {place}, {n} {noun} and {n2} {noun2} were {verb}, {name} said.",
    "Ledgers from {place} seen by {name} list {n} {noun} {verb} across {place2}.",
    "{role} {name} warned {n} {noun} in {place} faced a {thing} within {n2} days.",
    "About {n} {noun} gathered outside the {org} office in {place}.",
    "The {thing} cost {place} roughly {n} thousand {currency}, {name} said.",
    "Images from {place} reviewed by {name} showed {n} {noun} {verb} near {place2}.",
]


class Newsroom:
    """Deterministic article writer; articles are lists of sentences (copies edit those)."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)

    def coined(self) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))).capitalize()

    def slot(self, kind: str) -> str:
        kind, r = kind.rstrip("2"), self.rng
        if kind == "name":
            return f"{r.choice(POOLS['first'])} {self.coined()}"
        if kind == "place":
            return r.choice(POOLS["place"]) if r.random() < 0.15 else self.coined()
        if kind == "org":
            return f"{self.coined()} {r.choice(POOLS['body'])}"
        return str(r.randint(3, 2400)) if kind == "n" else r.choice(POOLS[kind])

    def sentence(self) -> str:
        text = re.sub(r"\{(\w+)\}", lambda m: self.slot(m[1]), self.rng.choice(TEMPLATES))
        return text[0].upper() + text[1:]

    def article(self) -> list[str]:
        target, sentences = self.rng.randint(250, 480), []
        while sum(len(s.split()) for s in sentences) < target:
            sentences.append(self.sentence())
        return sentences

    def edit_words(self, sentences: list[str], edits: int) -> list[str]:
        out = list(sentences)
        for _ in range(edits):
            i = self.rng.randrange(1, len(out))
            words = out[i].split()
            words[self.rng.randrange(len(words))] = self.rng.choice((self.coined(), str(self.rng.randint(3, 999))))
            out[i] = " ".join(words)
        return out


def generate(n: int, seed: int = SEED):
    """Yield n JSONL records; copies name their source in their id ("n000017-a000003")."""
    room, originals, start = Newsroom(seed), [], date(2025, 1, 1)
    for i in range(n):
        r, roll = room.rng, room.rng.random()
        kind = "a" if not originals or roll >= NEAR_COPIES + PARTIAL_COPIES + EXACT_REPOSTS else (
            "n" if roll < NEAR_COPIES else "p" if roll < NEAR_COPIES + PARTIAL_COPIES else "x")
        title = f"{room.slot('adj').capitalize()} {room.slot('thing')} hits {room.slot('noun')} in {room.slot('place')}"
        if kind == "a":
            sentences, source = room.article(), None
            originals.append((f"a{i:06d}", sentences, title))
        else:
            source, base, source_title = r.choice(originals)
            if kind == "n":
                sentences = room.edit_words([room.sentence()] + base[1:], r.randint(2, 5))
            elif kind == "p":
                k = r.randint(len(base) * 2 // 5, len(base) * 7 // 10)
                at = r.randrange(len(base) - k + 1)
                sentences = [room.sentence() for _ in range(r.randint(1, 2))] + base[at : at + k] + [room.sentence()]
            else:  # an exact re-post keeps the headline too: a .txt file's first line is part of its text
                sentences, title = base, source_title
        outlet = r.choice(POOLS["outlet"])
        yield {
            "id": f"{kind}{i:06d}" + (f"-{source}" if source else ""),
            "title": title,
            "text": "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)),
            "url": f"https://{outlet.lower().replace(' ', '-')}.example/{i}",
            "published": (start + timedelta(days=r.randrange(365))).isoformat(),
            "outlet": outlet,
        }


def write_inputs(sizes: list[int], folder: Path, formats: list[str]) -> tuple[dict, dict]:
    """One JSONL file (and/or .txt folder) per size, smaller sizes being prefixes of the largest;
    returns the paths and, per size, how many copies of each kind were planted."""
    paths = {(fmt, n): folder / f"{fmt}-{n}{'.jsonl' if fmt == 'jsonl' else ''}" for fmt in formats for n in sizes}
    files = {n: paths[("jsonl", n)].open("w", encoding="utf-8") for n in sizes if "jsonl" in formats}
    planted = {n: {"n": 0, "p": 0, "x": 0, "a": 0} for n in sizes}
    for i, record in enumerate(generate(max(sizes))):
        for n in (n for n in sizes if i < n):
            planted[n][record["id"][0]] += 1
            if n in files:
                files[n].write(json.dumps(record) + "\n")
            if "txt" in formats:
                target = paths[("txt", n)] / f"{i // 1000:03d}" / f"{record['id']}.txt"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
    for stream in files.values():
        stream.close()
    return paths, planted


# -- child: one size, one fresh database -------------------------------------------------
def vm(field: str) -> float:
    """A /proc/self/status figure in MB. VmHWM, not ru_maxrss: a child started by subprocess
    (vfork + exec) inherits the parent's ru_maxrss; VmHWM is the child's own memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: best effort


def child(path: str, profile: bool) -> dict:
    import corroborate
    from corroborate import dedup
    from corroborate.read import detect_language
    from corroborate.store import SQLiteStore

    spent = {"syndication": 0.0, "candidates": 0}
    assign_group, text_of = dedup.assign_group, SQLiteStore.text

    def timed_assign_group(*args, **kwargs):  # the pipeline calls dedup.assign_group(...)
        started = time.perf_counter()
        try:
            return assign_group(*args, **kwargs)
        finally:
            spent["syndication"] += time.perf_counter() - started

    def counted_text(self, *args, **kwargs):  # syndication reads each candidate's text once
        spent["candidates"] += 1
        return text_of(self, *args, **kwargs)

    dedup.assign_group, SQLiteStore.text = timed_assign_group, counted_text
    with tempfile.TemporaryDirectory() as tmp:
        corpus = corroborate.open(Path(tmp) / "bench.db")
        detect_language("Load the language model before the baseline is taken.")
        baseline, started = vm("VmRSS"), time.perf_counter()
        profiler = cProfile.Profile() if profile else None
        summary = profiler.runcall(corpus.ingest, [path], extract=False) if profiler else corpus.ingest([path], extract=False)
        total, peak = time.perf_counter() - started, vm("VmHWM")  # before the check below
        if profiler:
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(15)
        group_of, origins = {}, defaultdict(set)  # key: the JSONL id or the .txt file's stem
        for doc in corpus.documents(status="ok"):
            key = doc.external_id or Path(doc.source).stem
            group_of[key] = doc.syndication_group
            origins[doc.syndication_group].add(key.split("-")[-1])
        status = corpus.status()
        corpus.close()
        db_mb = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
    counts, syndication = summary.as_dict(), spent["syndication"]
    ok = max(counts["ok"], 1)
    copies = [key for key in group_of if "-" in key]
    return {
        **counts,
        "total_s": round(total, 3),
        "docs_per_s": round(counts["seen"] / total, 1),
        "read_dedup_store_docs_per_s": round(counts["seen"] / (total - syndication), 1),
        "syndication_s": round(syndication, 3),
        "syndication_ms_per_doc": round(1000 * syndication / ok, 3),
        "candidates_per_doc": round(spent["candidates"] / ok, 2),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_growth_mb": round(peak - baseline, 1),
        "db_mb": round(db_mb, 1),
        "copies_stored": len(copies),
        "copies_grouped_with_source": sum(group_of[k] == group_of.get(k.split("-")[-1]) for k in copies),
        "documents_not_own_group": status["documents_in_those_groups"] - status["syndication_groups_with_copies"],
        "groups_with_copies": status["syndication_groups_with_copies"],
        "false_merges": sum(len(found) - 1 for found in origins.values()),
    }


# -- parent: generate, run one child per size, compare ----------------------------------
def run_child(path: Path, profile: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", str(path)] + ["--profile-child"] * profile
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def checks(runs: dict[int, dict], sizes: list[int]) -> tuple[dict, list[tuple[bool, str]]]:
    small, large = runs[sizes[0]], runs[sizes[-1]]
    scale = sizes[-1] / sizes[0]
    ratios = {
        "peak_rss": round(large["peak_rss_mb"] / small["peak_rss_mb"], 3),
        "peak_growth": round(large["peak_growth_mb"] / max(small["peak_growth_mb"], 0.1), 2),
        "syndication_time": round(large["syndication_s"] / max(small["syndication_s"], 1e-6), 2),
        "total_time": round(large["total_s"] / small["total_s"], 2),
        "size": scale,
    }
    span = f"{sizes[-1]}/{sizes[0]}"
    out = [
        (ratios["peak_rss"] <= MAX_MEMORY_RATIO, f"peak RSS ratio {span}: {ratios['peak_rss']} (target <= {MAX_MEMORY_RATIO})"),
        (ratios["peak_growth"] <= MAX_MEMORY_RATIO,
         f"peak growth over pre-ingest RSS, ratio {span}: {ratios['peak_growth']} (target <= {MAX_MEMORY_RATIO})"),
        (ratios["syndication_time"] <= SYNDICATION_SLACK * scale,
         f"syndication time ratio {span}: {ratios['syndication_time']} (target <= {SYNDICATION_SLACK * scale:g})"),
    ]
    for n in sizes:
        run, plant = runs[n], runs[n]["planted"]
        copies = plant["n"] + plant["p"]
        need = MIN_COPY_RECALL * copies
        out += [
            (run["copies_grouped_with_source"] >= need and run["documents_not_own_group"] >= need,
             f"{n}: copies grouped with their source {run['copies_grouped_with_source']}, documents outside own "
             f"group {run['documents_not_own_group']}, planted {plant['n']}+{plant['p']} (target >= {need:.0f})"),
            (run["duplicate"] == plant["x"] and run["failed"] == 0 and run["false_merges"] <= 0.01 * copies,
             f"{n}: duplicates {run['duplicate']} (planted {plant['x']}), failed {run['failed']}, "
             f"false merges {run['false_merges']} (target: equal, 0, <= 1% of copies)"),
        ]
    return ratios, out


ROWS = [("seen", "inputs"), ("ok", "stored"), ("duplicate", "exact duplicates"), ("total_s", "total time (s)"),
        ("docs_per_s", "docs/s, whole ingest"), ("read_dedup_store_docs_per_s", "docs/s, read+dedup+store alone"),
        ("syndication_s", "syndication time (s)"), ("syndication_ms_per_doc", "syndication ms/doc"),
        ("candidates_per_doc", "candidates verified/doc"), ("baseline_rss_mb", "RSS before ingest (MB)"),
        ("peak_rss_mb", "peak RSS, VmHWM (MB)"), ("peak_growth_mb", "peak growth in ingest (MB)"),
        ("db_mb", "database size (MB)"), ("copies_stored", "planted copies stored"),
        ("copies_grouped_with_source", "copies grouped w/ source"), ("groups_with_copies", "groups with copies"),
        ("false_merges", "false merges")]


def table(runs: dict[int, dict], sizes: list[int], results: list[tuple[bool, str]]) -> str:
    width = max(len(label) for _, label in ROWS) + 2
    lines = [" " * width + "".join(f"{n:>12,}" for n in sizes)]
    lines += [f"{label:<{width}}" + "".join(f"{runs[n][key]:>12,}" for n in sizes) for key, label in ROWS]
    return "\n".join(lines + [""] + [f"{'PASS' if ok else 'FAIL'}  {text}" for ok, text in results])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", nargs="+", choices=("jsonl", "txt"), default=["jsonl"])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "ingest.json")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile the ingest of N documents (cProfile)")
    parser.add_argument("--child", metavar="INPUT", help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.profile_child)))
        return 0
    sizes = [args.profile] if args.profile else sorted(set(args.sizes))
    if len(sizes) < 2 and not args.profile:
        parser.error("give at least two --sizes: only ratios are compared")
    report = {"benchmark": "ingest", "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
              "seed": SEED, "sizes": sizes, "results": {},
              "targets": {"peak_rss_ratio_max": MAX_MEMORY_RATIO, "peak_growth_ratio_max": MAX_MEMORY_RATIO,
                          "copy_recall_min": MIN_COPY_RECALL,
                          "syndication_time_ratio_max": SYNDICATION_SLACK * sizes[-1] / sizes[0]}}
    with tempfile.TemporaryDirectory(prefix="corroborate-bench-") as tmp:
        started = time.perf_counter()
        paths, planted = write_inputs(sizes, Path(tmp), args.formats)
        print(f"generated {sizes[-1]:,} articles in {time.perf_counter() - started:.1f}s", file=sys.stderr)
        if args.profile:
            print(json.dumps(run_child(paths[(args.formats[0], args.profile)], profile=True), indent=1))
            return 0
        for fmt in args.formats:
            runs = {}
            for n in sizes:
                print(f"ingesting {n:,} documents ({fmt}) in a child process ...", file=sys.stderr)
                runs[n] = {**run_child(paths[(fmt, n)]), "planted": planted[n]}
            ratios, results = checks(runs, sizes)
            print(f"\n== {fmt} ==\n{table(runs, sizes, results)}")
            report["results"][fmt] = {"runs": runs, "ratios": ratios,
                                      "checks": [{"passed": ok, "check": text} for ok, text in results]}
    report["passed"] = all(c["passed"] for r in report["results"].values() for c in r["checks"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'all targets met' if report['passed'] else 'TARGET MISSED'}; results in {args.out}")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
