"""Per-document assembly: one article's mentions -> the numbers of the incident it reports.

``document_counts`` picks, for killed, injured and arrested, the claim an article gives as its
count of the incident it is about. The policy, in order:

1. Candidates are the casualty claims of the category with a lower bound. "casualties" claims
   (killed and injured together: "killing and wounding 30") never give a killed or an injured
   number: the split is unknown.
2. Candidates are ranked, lexicographically, by
   a. update: a toll statement ("the death toll rose to 5") supersedes other figures;
   b. the claim's sentence also holds an incident trigger (shooting, bombing, attack...), so the
      count is about an incident rather than a statistic or an aside;
   c. for injured: a count of people *wounded* outranks a count of people *shot* (see 4);
   d. precision: exact > bounded or approximate (at least, about, up to...) > vague;
   e. a number ("two people", "one person") outranks a reference to one person ("a man", "he",
      "Jordan Smith"), which may be one victim among several.
3. Among the best-ranked candidates the first in the text wins: a news lead (the title, then
   the first paragraph) states the total; later sentences go victim by victim ("one of them, a
   19-year-old, died"). The claim's range is kept (low = min, high = max); ``best`` is its min.
4. People *shot* include those who died of it ("a man was shot ... he was pronounced dead"): when
   the injured figure is a count of people shot, the killed figure is taken out of it (the Gun
   Violence Archive convention: injured = shot and not killed). "Three shot, one fatally" gives
   killed 1, injured 2; "a man was shot; he died" gives killed 1, injured 0. A count of *other*
   people shot ("another man was shot", "three others were shot") is left whole.
5. A category no claim speaks of gives None ("not reported"), which callers may read as 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .extract import Mention

# Incident types that describe violence that happened (not a plot, an arrest or a generic "attack").
VIOLENT_TYPES = (
    "bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack",
    "vehicle_attack", "stabbing", "airstrike",
)  # fmt: skip
INCIDENT_SENTENCE_TYPES = (*VIOLENT_TYPES, "other")
COUNT_CATEGORIES = ("killed", "injured", "arrested")
_PRECISION_RANK = {"exact": 2, "vague": 0}  # every other qualifier (at_least, about, range, ...) ranks 1


@dataclass(frozen=True)
class Count:
    """A figure for one category: the range of the claim chosen, and every claim considered."""

    low: int
    best: int
    high: int | None  # None: open ("at least 30")
    chosen: Mention
    claims: tuple[Mention, ...] = field(default=(), compare=False)
    adjusted_by: Mention | None = None  # the killed claim taken out of a count of people shot


def incident_sentences(mentions: Iterable[Mention]) -> set[int]:
    """Start offsets of sentences holding an incident trigger of a violent or generic type."""
    return {m.sentence_start for m in mentions if m.kind == "incident" and m.data["type"] in INCIDENT_SENTENCE_TYPES}


def document_counts(mentions: list[Mention]) -> dict[str, Count | None]:
    """killed / injured / arrested of the incident an article reports (policy in the module doc)."""
    in_incident = incident_sentences(mentions)
    out: dict[str, Count | None] = {}
    for category in COUNT_CATEGORIES:
        claims = [m for m in mentions if m.kind == "casualty" and m.data["category"] == category and m.data["min"] is not None]
        if not claims:
            out[category] = None
            continue

        def rank(m: Mention) -> tuple:
            qualifier = m.data.get("qualifier") or "exact"
            wounded = not m.data.get("shot")
            total = not m.data.get("individual")
            return (bool(m.data.get("update")), m.sentence_start in in_incident, wounded, _PRECISION_RANK.get(qualifier, 1), total)

        best = max(rank(m) for m in claims)
        pick = min((m for m in claims if rank(m) == best), key=lambda m: (m.start, m.end))
        low, high = pick.data["min"], pick.data["max"]
        out[category] = Count(low, low, high, pick, tuple(claims))
    injured, killed = out["injured"], out["killed"]
    if injured is not None and killed is not None and injured.chosen.data.get("shot") and not injured.chosen.data.get("others"):
        low = max(0, injured.low - killed.best)
        high = None if injured.high is None else max(0, injured.high - killed.best)
        out["injured"] = Count(low, low, high, injured.chosen, injured.claims, adjusted_by=killed.chosen)
    return out


__all__ = ["COUNT_CATEGORIES", "Count", "INCIDENT_SENTENCE_TYPES", "VIOLENT_TYPES", "document_counts", "incident_sentences"]
