"""MUC-4 dev (GRIT format): perpetrator organisations, weapons, victims and targets, scored with CEAF-REE.

Mentions are mapped to the MUC-4 roles (one predicted entity = one string):
- PerpOrg: actor mentions of a registered armed group or of an unregistered organisation that
  either stand in a sentence holding an incident trigger or are the target of a claim / blame
  statement (plus claim / blame targets the registry resolves to an armed group). One entity per
  registry id, else per normalised name; its string is the first mention's text.
- Weapon: incident triggers whose words name a weapon (``WEAPON_WORDS``: "car bomb", "grenades",
  "machine gun"...; not "bombing", "explosion" or "attack"), as written.
- Victim: person mentions with role "victim", and the victim phrase of each killed / injured
  claim: its count plus the words after it up to a verb or preposition ("three peasants").
- Target: facility names of place mentions in sentences holding an incident trigger or a
  casualty claim.
- PerpInd: not predicted (nothing in the mentions names individual perpetrators as a group);
  counted in the five-role total as the standard metric does, and left out of the four-role one.

Scoring (CEAF-REE as in GRIT): per document and role, predicted strings and gold entities
(each a list of mentions) are matched one-to-one with the Hungarian algorithm; a pair scores 1
when the normalised predicted string equals any normalised mention of the gold entity
(lower case, punctuation removed, articles a/an/the removed, spaces collapsed). Micro-averaged
precision, recall, F1 over all documents. The text is lower-cased, so the named-entity parts of
the extractor (persons, organisations, places) are weak here.

    .venv/bin/python eval/muc4.py [--limit N]
"""

from __future__ import annotations

import re
import string
from collections import Counter

import numpy as np
from scipy.optimize import linear_sum_assignment

from common import BENCH, INCIDENT_SENTENCE_TYPES, arguments, extract_all, limited, load_jsonl, prf, table, write_results

DATA = BENCH / "muc4"
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
PREDICTED_ROLES = ("PerpOrg", "Target", "Victim", "Weapon")
# Head words of weapon names; a trigger counts as a weapon when one of its words is here.
WEAPON_WORDS = frozenset(
    "bomb bombs car-bomb firebomb grenade grenades explosive explosives dynamite landmine landmines mine mines "
    "ied ieds device devices vest rifle rifles gun guns machinegun machine-gun rocket rockets mortar mortars "
    "shells missile missiles knife knives machete machetes launcher launchers pistol pistols".split()
)  # fmt: skip
# Words that end a victim phrase after a count ("three peasants were killed in ...").
_VICTIM_STOP = frozenset(
    "was were are is have has had been be being who which that and or but in on at by of from during near "
    "after before when while as killed dead died wounded injured hurt shot murdered slain killing wounding "
    "injuring , . ; :".split()
)  # fmt: skip
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalise(text: str) -> str:
    text = text.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def predict(mentions, text: str) -> dict[str, list[str]]:
    incident = {m.sentence_start for m in mentions if m.kind == "incident" and m.data["type"] in INCIDENT_SENTENCE_TYPES}
    casualty = {m.sentence_start for m in mentions if m.kind == "casualty"}
    out: dict[str, dict[str, str]] = {role: {} for role in PREDICTED_ROLES}  # role -> entity key -> string

    def add(role: str, key: str, value: str) -> None:
        if normalise(value):
            out[role].setdefault(key, value)

    claim_targets = [m.data["target"] for m in mentions if m.kind == "statement" and m.data["type"] in ("claim", "blame") and m.data.get("target")]
    target_texts = {normalise(t["text"]) for t in claim_targets}
    for m in mentions:
        if m.kind == "actor" and (m.data["kind"] == "armed_group" or not m.data["registered"]):
            if m.sentence_start in incident or normalise(m.text) in target_texts:
                add("PerpOrg", m.data["actor_id"] or normalise(m.text), m.text)
        elif m.kind == "incident":
            if any(word in WEAPON_WORDS for word in re.split(r"\s+", m.text.lower())):
                add("Weapon", normalise(m.text), m.text)
        elif m.kind == "person" and m.data.get("role") == "victim":
            add("Victim", normalise(m.text), m.text)
        elif m.kind == "casualty" and m.data["category"] in ("killed", "injured"):
            phrase = victim_phrase(m, text)
            if phrase:
                add("Victim", normalise(phrase), phrase)
        elif m.kind == "place" and m.data.get("facility") and (m.sentence_start in incident or m.sentence_start in casualty):
            add("Target", normalise(m.data["facility"]), m.data["facility"])
    for target in claim_targets:
        if target.get("actor_id") and not target["actor_id"].startswith("country:"):
            add("PerpOrg", target["actor_id"], target["text"])
    return {role: list(entities.values()) for role, entities in out.items()}


def victim_phrase(m, text: str) -> str | None:
    """The count of a casualty claim and the words after it up to a verb or preposition."""
    quantity = m.data.get("quantity") or ""
    at = text.find(quantity, m.start, m.end) if quantity else -1
    if at < 0:
        return None
    words = re.findall(r"[\w'-]+|[,.;:]", text[at + len(quantity) : m.sentence_end])
    phrase = []
    for word in words[:4]:
        if word.lower() in _VICTIM_STOP:
            break
        phrase.append(word)
    return f"{quantity} {' '.join(phrase)}".strip() if phrase else None


def ceaf_ree(predicted: list[str], gold: list[list[list]]) -> int:
    """Matched predicted entities: Hungarian one-to-one, 1 when the string equals a gold mention."""
    if not predicted or not gold:
        return 0
    gold_sets = [{normalise(mention[0]) for mention in entity} for entity in gold]
    scores = np.array([[1.0 if normalise(p) in g else 0.0 for g in gold_sets] for p in predicted])
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return int(scores[rows, cols].sum())


def main() -> None:
    args = arguments(__doc__.splitlines()[0], "muc4.json")
    docs = limited(load_jsonl(DATA / "grit_dev.json"), args.limit)
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    detail = []
    pairs = [(d["doctext"], None) for d in docs]
    for doc, mentions in zip(docs, extract_all(pairs, args.batch_size, args.quiet)):
        predicted = predict(mentions, doc["doctext"])
        row = {"docid": doc["docid"], "predicted": predicted, "matched": {}}
        for role in ROLES:
            gold = doc["extracts"].get(role, [])
            guesses = predicted.get(role, [])
            matched = ceaf_ree(guesses, gold)
            tp[role] += matched
            n_pred[role] += len(guesses)
            n_gold[role] += len(gold)
            row["matched"][role] = matched
        detail.append(row)

    results = {}
    rows = []
    for label, roles in [*((r, (r,)) for r in ROLES), ("all five roles", ROLES), ("four predicted roles", PREDICTED_ROLES)]:
        t, p_, g = sum(tp[r] for r in roles), sum(n_pred[r] for r in roles), sum(n_gold[r] for r in roles)
        p, r, f = prf(t, p_, g)
        results[label] = {"tp": t, "predicted": p_, "gold": g, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        rows.append((label, t, p_, g, p, r, f))
    print(f"\nMUC-4 dev: {len(docs)} documents, {sum(1 for d in docs if not any(d['extracts'].values()))} with no incident; CEAF-REE, micro")
    print(table(rows, ["role", "matched", "predicted", "gold", "P", "R", "F1"]))
    write_results(args.out, {"benchmark": "muc4-dev", "documents": len(docs), "scores": results, "documents_detail": detail})


if __name__ == "__main__":
    main()
