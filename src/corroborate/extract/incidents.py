"""Incident triggers: words that report an attack, plot or arrest, with a type and a status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Match, PhraseTable, load_toml, words_of

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
    matches = [m for m in triggers.find(words) if not _within_not_trigger(words, m)]
    matches += [r for r in _rammings(words) if not any(m.start < r.end and r.start < m.end and m.value == r.value for m in matches)]
    for match in matches:
        kind = match.value
        if kind == "other" and words[match.start] in _ATTACK_WORDS and _by_combatants(words, match.start, match.end):
            kind = "armed_assault"  # "militants attacked a checkpoint"
        state = status
        if kind == "arrest":
            if _negated(words, match.start):
                continue  # "no arrests have been made yet"
            state = "executed"  # an arrest happened, whatever it foiled
        elif kind == "plot" and state == "executed":
            state = "planned"
        found.append(Trigger(match.start, match.end, kind, state))
    return found


def _within_not_trigger(words: list[str], match: Match[str]) -> bool:
    """The trigger is a word of a ``[not_triggers]`` phrase ("bomb disposal squad")."""
    for phrase in _not_triggers():
        for offset in range(len(phrase)):
            at = match.start - offset
            if at >= 0 and tuple(words[at : at + len(phrase)]) == phrase and at + len(phrase) >= match.end:
                return True
    return False


@lru_cache(maxsize=1)
def _not_triggers() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words_of(p)) for p in load_toml("incidents.toml")["not_triggers"]["phrases"])


def _by_combatants(words: list[str], start: int, end: int) -> bool:
    """Combatants named just before an attack word or just after it ("militants attacked",
    "attacked by insurgents"): theirs. Not a group named further on ("the attack, after he
    had joined a militant group")."""
    lists = load_toml("incidents.toml")["combatants"]
    near = words[max(0, start - lists["before"]) : start] + words[end : end + lists["after"]]
    return not _combatants().isdisjoint(near)


def _negated(words: list[str], start: int) -> bool:
    lists = load_toml("incidents.toml")["negated_arrest"]
    return any(w in lists["words"] for w in words[max(0, start - lists["window"]) : start])


def _rammings(words: list[str]) -> list[Match[str]]:
    """A vehicle driven into people, however worded: vehicle ... verb ... into/through ... people
    (``[vehicle_ramming]`` of incidents.toml), one trigger from the verb to the people."""
    lists = load_toml("incidents.toml")["vehicle_ramming"]
    vehicle = any(w in lists["vehicles"] for w in words)
    if any(phrase in " ".join(words) for phrase in lists["not_if"]):
        return []  # "the driver lost control and the bus crashed into a crowd": an accident
    window, found = lists["window"], []
    for i, word in enumerate(words):
        if word not in lists["verbs"] or not (vehicle or word in lists["driving"]):
            continue
        into = next((j for j in range(i + 1, min(len(words), i + 1 + window)) if words[j] in lists["into"]), None)
        if into is None:
            continue
        target = next((k for k in range(into + 1, min(len(words), into + 1 + window)) if words[k] in lists["targets"]), None)
        if target is not None:
            found.append(Match(i, target + 1, "vehicle_attack"))
    return found


def type_priority() -> list[str]:
    """Incident types from the most specific to the most generic (``incidents.toml``)."""
    return _tables()[2]


def unnamed_means(trigger: str) -> bool:
    """A violent word that names no means ("massacre"): how it was done is said elsewhere."""
    return trigger.lower() in _means()[0]


def means_named(text: str) -> list[str]:
    """The attack type of each means ``text`` names ("armed men", "explosives", "a knife"), in
    text order; a phrase inside a longer one counts for the longer ("petrol bomb": arson)."""
    found = sorted(
        ((m.start(), -m.end(), kind) for kind, pattern in _means()[1].items() for m in pattern.finditer(text)),
    )
    out, reach = [], -1
    for start, neg_end, kind in found:
        if -neg_end <= reach:
            continue  # inside the longer phrase before it
        out.append(kind)
        reach = max(reach, -neg_end)
    return out


@lru_cache(maxsize=1)
def _means() -> tuple[frozenset[str], dict[str, re.Pattern[str]]]:
    data = load_toml("incidents.toml")["means"]
    named = {
        kind: re.compile("|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)
        for kind, phrases in data["named"].items()
    }
    return frozenset(data["unnamed"]), named


def sentence_type(triggers: list[Trigger]) -> str | None:
    """The most specific type among a sentence's triggers."""
    _, _, order = _tables()
    kinds = {t.type for t in triggers}
    return next((kind for kind in order if kind in kinds), None)


# --------------------------------------------------------------------------- context: no attack


def _phrase_regex(phrase: str) -> str:
    """A lexicon phrase as a regex: words whole, "word*" any ending, a lone "*" any one word."""
    parts = []
    for word in phrase.split():
        if word == "*":
            parts.append(r"\S+")
        elif word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return r"(?<!\w)" + r"\s+".join(parts) + (r"(?!\w)" if not phrase.endswith("*") else "")


@lru_cache(maxsize=None)
def context_pattern(name: str) -> re.Pattern[str]:
    """The ``[context]`` list ``name`` of ``incidents.toml`` as one case-insensitive regex."""
    phrases = load_toml("incidents.toml")["context"][name]
    return re.compile("|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE)


def context_words(name: str, text: str) -> set[str]:
    """The distinct words of the ``[context]`` list ``name`` that ``text`` holds (lower-cased)."""
    return {match.group(0).lower() for match in context_pattern(name).finditer(text)}


def says(name: str, text: str) -> bool:
    return context_pattern(name).search(text) is not None


def sport_report(text: str) -> bool:
    """Several sports words ("striker", "crossbar", "penalties"): a match report, where shots,
    strikes and attacks are play."""
    return len(context_words("sport", text)) >= load_toml("incidents.toml")["context"]["sport_min_words"]


def sport_trigger(trigger: str) -> bool:
    return trigger.lower() in _sport_triggers()


@lru_cache(maxsize=1)
def _sport_triggers() -> frozenset[str]:
    return frozenset(load_toml("incidents.toml")["context"]["sport_triggers"])


def file_photo_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of caption paragraphs opening with a file-photo marker ("File Photo: ...",
    "FILE - People look at ..."): an old picture, so an earlier event."""
    spans, offset = [], 0
    for paragraph in text.split("\n"):
        if context_pattern("file_photo").match(paragraph.lstrip()):
            spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return spans


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of short paragraphs carrying a photo credit ("... in Quetta. — AFP",
    "(AP Photo/Jane Roe)"): captions, which tell where a picture was taken."""
    limit = load_toml("incidents.toml")["context"]["caption_max_chars"]
    spans, offset = [], 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= limit and context_pattern("caption_credit").search(paragraph):
            spans.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return spans
