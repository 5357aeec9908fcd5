"""Incident triggers: words that report an attack, plot or arrest, with a type and a status."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .lexicon import PhraseTable, load_toml, words_of

TYPES = (
    "bombing", "armed_assault", "hostage_taking", "assassination", "arson", "rocket_attack",
    "vehicle_attack", "stabbing", "airstrike", "plot", "arrest", "other",
)  # fmt: skip
STATUSES = ("executed", "planned", "foiled")
_ATTACK_WORDS = frozenset({"attack", "attacks", "attacked", "attacking"})


@dataclass(frozen=True)
class Trigger:
    start: int  # token index in the sentence
    end: int
    type: str
    status: str


@lru_cache(maxsize=1)
def _tables() -> tuple[PhraseTable[str], PhraseTable[str], list[str]]:
    data = load_toml("incidents.toml")
    triggers = PhraseTable((words_of(p), kind) for kind, phrases in data["types"].items() for p in phrases)
    status = PhraseTable(
        (words_of(p), state) for state in ("foiled", "planned") for p in data["status"][state]
    )
    return triggers, status, data["priority"]["order"]


@lru_cache(maxsize=1)
def _combatants() -> frozenset[str]:
    return frozenset(load_toml("incidents.toml")["combatants"]["words"])


def find_triggers(words: list[str]) -> list[Trigger]:
    """Triggers in one sentence (lower-cased tokens). All share the sentence's status."""
    triggers, status_table, _ = _tables()
    cues = {match.value for match in status_table.find(words)}
    status = "foiled" if "foiled" in cues else "planned" if "planned" in cues else "executed"
    found = []
    armed = not _combatants().isdisjoint(words)
    for match in triggers.find(words):
        kind = match.value
        if kind == "other" and armed and words[match.start] in _ATTACK_WORDS:
            kind = "armed_assault"  # "militants attacked a checkpoint"
        state = status
        if kind == "arrest":
            state = "executed"  # an arrest happened, whatever it foiled
        elif kind == "plot" and state == "executed":
            state = "planned"
        found.append(Trigger(match.start, match.end, kind, state))
    return found


def type_priority() -> list[str]:
    """Incident types from the most specific to the most generic (``incidents.toml``)."""
    return _tables()[2]


def sentence_type(triggers: list[Trigger]) -> str | None:
    """The most specific type among a sentence's triggers."""
    _, _, order = _tables()
    kinds = {t.type for t in triggers}
    return next((kind for kind in order if kind in kinds), None)
