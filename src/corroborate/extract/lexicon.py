"""Longest-match lookup of word sequences, and loading of the lexicons in corroborate/data."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(frozen=True)
class Match(Generic[V]):
    start: int  # token index
    end: int
    value: V


class PhraseTable(Generic[V]):
    """Phrases (tuples of words) mapped to values; finds the longest non-overlapping matches."""

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], V]]):
        self._table: dict[tuple[str, ...], V] = {}
        for phrase, value in phrases:
            self._table.setdefault(phrase, value)
        self._longest = max((len(p) for p in self._table), default=0)

    def __contains__(self, phrase: tuple[str, ...]) -> bool:
        return phrase in self._table

    def find(self, words: Sequence[str]) -> list[Match[V]]:
        found = []
        i = 0
        while i < len(words):
            for length in range(min(self._longest, len(words) - i), 0, -1):
                value = self._table.get(tuple(words[i : i + length]))
                if value is not None:
                    found.append(Match(i, i + length, value))
                    i += length
                    break
            else:
                i += 1
        return found


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict:
    return tomllib.loads(resources.files("corroborate.data").joinpath(name).read_text(encoding="utf-8"))


def words_of(phrase: str) -> tuple[str, ...]:
    """A lexicon phrase as the tokens spaCy makes of it ("vehicle-ramming" -> vehicle - ramming)."""
    out: list[str] = []
    for word in phrase.split():
        parts = word.replace("-", " - ").replace("–", " – ").split()
        out.extend(parts)
    return tuple(out)
