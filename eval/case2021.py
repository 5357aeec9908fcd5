"""CASE 2021 task 2: classify event snippets by their extracted incident mentions.

The snippets carry ACLED-style sub-types. ``MAPPED`` gives, for each class our taxonomy covers,
the incident types that count as a correct answer (the first is the natural one). ACLED's
"Attack" is violence against civilians by any means not classed elsewhere, so several of our
types are right for it. The other classes are grouped:
- ``VIOLENT_UNMAPPED``: violence our taxonomy has no type for (chemical weapons, sexual
  violence, riots, force against protesters, crime); only "did we see a violent incident" is scored;
- ``DISRUPTED``: disrupted weapons use (a bomb defused, a weapons cache seized); correct when an
  incident mention has status foiled/planned or type plot, and no executed violent incident;
- ``NON_VIOLENT``: protests, diplomacy, agreements, territory changes without fighting,
  disasters, "other" developments; correct when no executed violent incident is extracted;
- ``ATTRIB`` (claims of responsibility, accusations, which may or may not describe an
  attack) is reported but not scored.

How a snippet is classified: its incident mentions of a violent type (``common.VIOLENT_TYPES``)
with status "executed"; the most specific one by the extractor's own priority order
(``incidents.toml`` [priority]; bombing before vehicle_attack ... before armed_assault) is the
answer. With none: "arrest" if an arrest trigger is present, "foiled" if a foiled/planned
incident or a plot is, "other" if only a generic trigger ("attack", "violence") is, else "none".
A second rule, the most frequent violent type (ties by priority), is reported alongside.

    .venv/bin/python eval/case2021.py [--limit N]
"""

from __future__ import annotations

from collections import Counter, defaultdict

from common import VIOLENT_TYPES, arguments, BENCH, extract_all, limited, load_tsv, ratio, table, write_results

from corroborate.extract.lexicon import load_toml

DATA = BENCH / "case2021_task2"

# CASE / ACLED sub-type -> incident types of ours that are a correct answer (first: the natural one).
MAPPED: dict[str, tuple[str, ...]] = {
    "SUIC_BOMB": ("bombing",),  # suicide bomb
    "REM_EXPLOS": ("bombing",),  # remote explosive / landmine / IED
    "GRENADE": ("bombing",),  # our lexicon files grenades under bombing
    "AIR_STRIKE": ("airstrike",),  # air or drone strike
    "ART_MISS_ATTACK": ("rocket_attack",),  # shelling, artillery, missile attack
    "ARMED_CLASH": ("armed_assault",),  # armed clash between organised groups
    "ATTACK": ("armed_assault", "stabbing", "assassination", "vehicle_attack", "arson", "bombing"),
    "ABDUCT_DISSAP": ("hostage_taking",),  # abduction / forced disappearance
    "ARREST": ("arrest",),  # not violent: scored apart from the violent classes
}
VIOLENT_MAPPED = tuple(k for k in MAPPED if k != "ARREST")
# A lenient reading, reported on its own line: ACLED's armed clashes and attacks name no weapon
# ("militants attacked a checkpoint"), and our generic type for that is "other".
LENIENT_EXTRA: dict[str, tuple[str, ...]] = {"ARMED_CLASH": ("other",), "ATTACK": ("other",)}
VIOLENT_UNMAPPED = ("CHEM_WEAP", "SEX_VIOL", "MOB_VIOL", "VIOL_DEMONSTR", "FORCE_AGAINST_PROTEST", "ORG_CRIME")
DISRUPTED = ("DISR_WEAP",)
NON_VIOLENT = (
    "PEACE_PROTEST", "PROTEST_WITH_INTER", "DIPLO", "AGREEMENT", "CHANGE_TO_GROUP_ACT", "HQ_ESTABLISHED",
    "NON_VIOL_TERRIT_TRANSFER", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "PROPERTY_DISTRUCT",
    "NATURAL_DISASTER", "MAN_MADE_DISASTER", "OTHER",
)  # fmt: skip
UNSCORED = ("ATTRIB",)
# GOV_REGAINS_TERIT and NON_STATE_ACTOR_OVERTAKES_TER are "Battles" in ACLED, but the snippets
# mostly report the territory change, not an attack; PROPERTY_DISTRUCT (looting) is a
# "strategic development". They are scored as non-violent; see the per-class table.


def classify(mentions, order: list[str], rule: str = "priority") -> str:
    incidents = [m for m in mentions if m.kind == "incident"]
    violent = [m.data["type"] for m in incidents if m.data["type"] in VIOLENT_TYPES and m.data["status"] == "executed"]
    if violent:
        if rule == "frequent":
            counts = Counter(violent)
            return min(counts, key=lambda t: (-counts[t], order.index(t)))
        return min(violent, key=order.index)
    types = {m.data["type"] for m in incidents}
    if "arrest" in types:
        return "arrest"
    if "plot" in types or any(m.data["status"] in ("foiled", "planned") for m in incidents):
        return "foiled"
    if "other" in types:
        return "other"
    return "none"


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "case2021.json")
    rows = limited(load_tsv(DATA / "snippets.tsv"), args.limit)
    order = load_toml("incidents.toml")["priority"]["order"]
    known = set(MAPPED) | set(VIOLENT_UNMAPPED) | set(DISRUPTED) | set(NON_VIOLENT) | set(UNSCORED)
    unknown = sorted({r["SubType"] for r in rows} - known)
    if unknown:
        print(f"warning: classes not in the mapping, unscored: {unknown}")

    confusion: dict[str, Counter] = defaultdict(Counter)
    alt_confusion: dict[str, Counter] = defaultdict(Counter)
    detail = []
    pairs = [(r["EventSnippet"], None) for r in rows]
    for row, mentions in zip(rows, extract_all(pairs, args.batch_size, args.quiet)):
        gold = row["SubType"]
        predicted = classify(mentions, order)
        confusion[gold][predicted] += 1
        alt_confusion[gold][classify(mentions, order, "frequent")] += 1
        detail.append({"id": row["id"], "gold": gold, "predicted": predicted,
                       "triggers": [[m.data["type"], m.data["status"], m.text] for m in mentions if m.kind == "incident"]})  # fmt: skip

    def correct(gold: str, predicted: str, lenient: bool = False) -> bool | None:
        if gold in MAPPED:
            return predicted in MAPPED[gold] or (lenient and predicted in LENIENT_EXTRA.get(gold, ()))
        if gold in VIOLENT_UNMAPPED:
            return predicted in VIOLENT_TYPES or predicted == "other"
        if gold in DISRUPTED:
            return predicted == "foiled"
        if gold in NON_VIOLENT:
            return predicted not in VIOLENT_TYPES
        return None

    def group_score(classes, conf, lenient: bool = False) -> tuple[int, int]:
        hit = sum(n for g in classes for p, n in conf.get(g, {}).items() if correct(g, p, lenient))
        return hit, sum(sum(conf.get(g, {}).values()) for g in classes)

    groups = [
        ("violent classes, type accuracy", VIOLENT_MAPPED),
        ("  same, 'other' accepted for ARMED_CLASH/ATTACK", VIOLENT_MAPPED),
        ("  same, without ARMED_CLASH", tuple(c for c in VIOLENT_MAPPED if c != "ARMED_CLASH")),
        ("ARREST -> arrest", ("ARREST",)),
        ("violent, no type of ours: violence seen", VIOLENT_UNMAPPED),
        ("DISR_WEAP -> foiled/planned, no executed violence", DISRUPTED),
        ("non-violent: no executed violent incident", NON_VIOLENT),
    ]
    results = {}
    summary_rows = []
    for label, classes in groups:
        lenient = "accepted" in label
        hit, total = group_score(classes, confusion, lenient)
        alt_hit, _ = group_score(classes, alt_confusion, lenient)
        results[label.strip()] = {"correct": hit, "total": total, "accuracy": ratio(hit, total),
                          "accuracy_most_frequent_rule": ratio(alt_hit, total)}  # fmt: skip
        summary_rows.append((label, hit, total, ratio(hit, total), ratio(alt_hit, total)))
    # Detection of violence as a binary decision over all scored snippets.
    violent_gold = set(VIOLENT_MAPPED) | set(VIOLENT_UNMAPPED)
    tp = sum(n for g in violent_gold for p, n in confusion.get(g, {}).items() if p in VIOLENT_TYPES)
    n_pred = sum(n for g in (*violent_gold, *NON_VIOLENT, *DISRUPTED, "ARREST") for p, n in confusion.get(g, {}).items() if p in VIOLENT_TYPES)
    n_gold = sum(sum(confusion.get(g, {}).values()) for g in violent_gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    results["violence detected (specific types), P/R/F1"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    print(f"\nCASE 2021 task 2: {len(rows)} snippets")
    print(table(summary_rows, ["group", "correct", "of", "accuracy", "most-frequent rule"]))
    print(f"\nviolence detected (a specific violent type, executed): P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (ATTRIB not counted)")
    print("\nper class (gold -> predicted counts, priority rule)")
    per_class = []
    for gold in sorted(confusion, key=lambda g: (g not in MAPPED, g)):
        total = sum(confusion[gold].values())
        hit = sum(n for p_, n in confusion[gold].items() if correct(gold, p_))
        top = ", ".join(f"{p_} {n}" for p_, n in sorted(confusion[gold].items(), key=lambda kv: (-kv[1], kv[0])))
        per_class.append((gold, total, "-" if correct(gold, "none") is None else f"{hit / total:.2f}", top))
    print(table(per_class, ["gold class", "n", "acc", "predicted"]))
    results["confusion"] = {g: dict(sorted(c.items())) for g, c in sorted(confusion.items())}
    results["mapping"] = {k: list(v) for k, v in MAPPED.items()}
    write_results(args.out, {"benchmark": "case2021-task2", "snippets": len(rows), "results": results, "snippets_detail": detail})


if __name__ == "__main__":
    main()
