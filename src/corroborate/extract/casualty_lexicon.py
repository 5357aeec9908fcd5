"""The casualty lexicon (data/casualties.toml) and the claim the casualty reader returns."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .numbers import Quantity

# perpetrators_killed: attackers killed ("three gunmen were shot dead"), never counted as victims.
CATEGORIES = ("killed", "injured", "missing", "arrested", "casualties", "perpetrators_killed")


@dataclass(frozen=True)
class Casualty:
    category: str
    quantity: Quantity  # token indices are relative to the sentence
    update: bool  # "rose to", "climbed to": a report that supersedes an earlier figure
    cue_start: int  # token index of the word that made it a casualty claim
    cue_end: int
    superseded: bool = False  # "rose from 90 to 170": 90 is an earlier toll the sentence replaces


@dataclass(frozen=True)
class _Lexicon:
    after: dict[str, str]
    after_phrases: dict[tuple[str, ...], str]
    before: dict[tuple[str, ...], str]
    nouns: dict[str, str]
    toll_nouns: frozenset[str]
    count_nouns: frozenset[str]
    toll_subjects: dict[str, str]
    statistics: frozenset[str]
    rising: frozenset[str]
    linking: frozenset[str]
    between: frozenset[str]
    hypothetical: frozenset[str]
    modals: frozenset[str]
    saving: frozenset[str]
    perpetrators: frozenset[str]
    superseded: tuple[tuple[str, ...], ...]
    boasted: tuple[tuple[str, ...], ...]
    persons: frozenset[str]
    multiples: dict[str, int]
    multiple_nouns: dict[str, str]
    not_people: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw = tomllib.loads(resources.files("corroborate.data").joinpath("casualties.toml").read_text(encoding="utf-8"))
    return _Lexicon(
        after=raw["after"],
        after_phrases={tuple(k.split()): v for k, v in raw["after_phrases"].items()},
        before={tuple(k.split()): v for k, v in raw["before"].items()},
        nouns=raw["nouns"],
        toll_nouns=frozenset(raw["toll"]["nouns"]),
        count_nouns=frozenset(raw["toll"]["count_nouns"]),
        toll_subjects=raw["toll"]["subjects"],
        statistics=frozenset(raw["toll"]["statistics"]),
        rising=frozenset(raw["toll"]["rising"]),
        linking=frozenset(raw["toll"]["linking"]),
        between=frozenset(raw["between"]["words"]),
        hypothetical=frozenset(raw["hypothetical"]["words"]),
        modals=frozenset(raw["hypothetical"]["modals"]),
        saving=frozenset(raw["saving"]["words"]),
        perpetrators=frozenset(raw["perpetrators"]["words"]),
        superseded=tuple(tuple(phrase.split()) for phrase in raw["superseded"]["phrases"]),
        boasted=tuple(tuple(phrase.split()) for phrase in raw["boasted"]["phrases"]),
        persons=frozenset(raw["persons"]["words"]),
        multiples={k: v for k, v in raw["multiples"].items() if isinstance(v, int)},
        multiple_nouns=raw["multiples"]["nouns"],
        not_people=frozenset(raw["not_people"]["words"]),
    )
