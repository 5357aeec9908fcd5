"""A small grammar for counts in news text: "at least 91", "ninety-one", "more than a hundred", "dozens".

It works on a list of lower-cased words (spaCy token texts) and returns a Quantity: a range
``[min, max]`` (``max`` None = open-ended) with a qualifier, and the words it consumed. The
meaning of vague words and modifiers is data (``data/quantities.toml``), not code.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

# Largest count accepted; beyond it a "number" is a year, an amount of money or noise.
MAX_COUNT = 10_000_000
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$|^\d+\.\d+$")
ARTICLES = ("a", "an")


@dataclass(frozen=True)
class Quantity:
    min: int
    max: int | None
    qualifier: str  # exact | at_least | more_than | about | nearly | up_to | fewer_than | range | vague
    start: int  # index of the first word consumed
    end: int  # index after the last word consumed
    article: bool = False  # a bare "a"/"an": a count of one only if a person noun follows

    def plus(self, other: Quantity) -> Quantity:
        """The sum of two coordinated counts ("a 12-year-old and three others")."""
        high = None if self.max is None or other.max is None else self.max + other.max
        # "11 soldiers and at least 70 civilians" is at least 81: an open part leaves the sum open.
        qualifier = self.qualifier if self.qualifier == other.qualifier else "range" if high is not None else "at_least"
        return Quantity(self.min + other.min, high, qualifier, min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True)
class _Lexicon:
    units: dict[str, int]
    scales: dict[str, int]
    groups: dict[str, int]
    vague: dict[tuple[str, ...], tuple[int, int | None]]
    round: dict[tuple[str, ...], int]
    modifiers: dict[tuple[str, ...], str]
    about_spread: float
    nearly_spread: float


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    raw = tomllib.loads(resources.files("corroborate.data").joinpath("quantities.toml").read_text(encoding="utf-8"))

    def phrases(table: dict) -> dict:
        return {tuple(key.split()): value for key, value in table.items()}

    vague = {k: (v[0], v[1] if len(v) > 1 else None) for k, v in phrases(raw["vague"]).items()}
    return _Lexicon(
        units=raw["units"],
        scales=raw["scales"],
        groups=raw["groups"],
        vague=vague,
        round=phrases(raw["round"]),
        modifiers=phrases(raw["modifiers"]),
        about_spread=raw["policy"]["about_spread"],
        nearly_spread=raw["policy"]["nearly_spread"],
    )


def parse_quantity(words: Sequence[str], i: int) -> Quantity | None:
    """The count that starts at ``words[i]`` (modifier included), or None if there is none."""
    lex = lexicon()
    if i >= len(words):
        return None
    if words[i] == "between":
        return _between(words, i)
    modifier, j = _longest(lex.modifiers, words, i)
    if modifier is None:
        j = i
    core = _core(words, j)
    if core is None:
        return None
    core = replace(core, start=i)
    rounded, _ = _longest(lex.round, words, j)
    if modifier is not None and modifier != "about" and rounded is not None:
        # "more than a dozen" is more than 12, not about 12: the modifier bounds the round figure.
        return _modify(Quantity(rounded, rounded, "exact", i, core.end), modifier, lex)
    if modifier is not None and core.qualifier in ("exact",) and not core.article:
        return _modify(core, modifier, lex)
    if modifier is not None and core.qualifier != "exact":
        return None if core.article else core  # "about dozens" reads as dozens
    return core


def parse_number(text: str) -> int | None:
    """A whole number written in digits or words ("1,200", "ninety-one"), or None."""
    words = tokenize(text)
    quantity = _core(words, 0)
    if quantity is None or quantity.end != len(words) or quantity.qualifier != "exact" or quantity.article:
        return None
    return quantity.min


def whole_number_end(words: Sequence[str], i: int) -> int:
    """Where the whole number written at ``words[i]`` ("12", "three", "twenty - one") ends; ``i``
    when there is none. A bare article is no number here."""
    if i >= len(words) or words[i] in ARTICLES:
        return i
    value, j = _spelled_or_digits(words, i)
    return i if value is None else j


def tokenize(text: str) -> list[str]:
    """Lower-cased words and numerals, hyphenated number words split ("ninety-one")."""
    return re.findall(r"\d[\d,.]*\d|\d|[a-z]+", text.lower())


def _core(words: Sequence[str], i: int) -> Quantity | None:
    lex = lexicon()
    for table, make in ((lex.round, _round), (lex.vague, _vague)):
        value, j = _longest(table, words, i)
        if value is not None:
            return make(value, i, j)
    value, j = _spelled_or_digits(words, i)
    if value is None or value > MAX_COUNT:
        return None
    article = words[i] in ARTICLES and j == i + 1
    low, high = value, value
    k = _range_joiner(words, j)
    if k is not None:
        second, m = _spelled_or_digits(words, k)
        if second is not None and value < second <= MAX_COUNT and not article:
            return Quantity(value, second, "range", i, m)
    return Quantity(low, high, "exact", i, j, article=article)


def _spelled_or_digits(words: Sequence[str], i: int) -> tuple[int | None, int]:
    """Digits ("1,200", "1.5 million") or number words ("one hundred and five", "a hundred", "two dozen")."""
    lex = lexicon()
    if i >= len(words):
        return None, i
    word = words[i]
    if _DIGITS.match(word):
        number = float(word.replace(",", ""))
        j = i + 1
        if j < len(words) and words[j] in lex.scales:
            number *= lex.scales[words[j]]
            j += 1
        elif j < len(words) and words[j] in lex.groups:
            number *= lex.groups[words[j]]
            j += 1
        if not math.isfinite(number) or number > MAX_COUNT:
            return None, i  # a 60-digit "number" is no count (and too big for a float)
        if number != int(number):
            return None, i  # "2.5 people" is not a count
        return int(number), j
    return _spelled(words, i)


def _spelled(words: Sequence[str], i: int) -> tuple[int | None, int]:
    lex = lexicon()
    total = current = 0
    j = i
    seen = False
    if j < len(words) and words[j] in ARTICLES:
        # "a hundred", "a thousand", "a dozen people" handled via round; bare "a" counts one.
        if j + 1 < len(words) and (words[j + 1] in lex.scales or words[j + 1] in lex.groups):
            current, j, seen = 1, j + 1, True
        else:
            return 1, j + 1
    while j < len(words):
        word = words[j]
        if word in lex.units:
            if seen and current % 10 == 0 and 0 < current < 100 and lex.units[word] < 10:
                current += lex.units[word]  # "ninety one"
            elif seen and current and word not in ("zero",) and current % 100 != 0:
                break  # "two three" is two counts, not one
            else:
                current += lex.units[word]
        elif word in lex.scales and seen:
            scale = lex.scales[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        elif word in lex.groups and seen:
            current = max(current, 1) * lex.groups[word]
        elif word == "-" and seen and j + 1 < len(words) and words[j + 1] in lex.units:
            j += 1  # "ninety-one" as three tokens
            continue
        elif word == "and" and seen and j + 1 < len(words) and words[j + 1] in lex.units and (total or current >= 100):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return None, i
    return total + current, j


def _range_joiner(words: Sequence[str], j: int) -> int | None:
    if j < len(words) and words[j] in ("to", "or"):
        return j + 1
    return None


def _between(words: Sequence[str], i: int) -> Quantity | None:
    first, j = _spelled_or_digits(words, i + 1)
    if first is None or j >= len(words) or words[j] != "and":
        return None
    second, k = _spelled_or_digits(words, j + 1)
    if second is None or second < first or second > MAX_COUNT:
        return None
    return Quantity(first, second, "range", i, k)


def _modify(core: Quantity, modifier: str, lex: _Lexicon) -> Quantity:
    n = core.min
    if modifier == "at_least":
        return replace(core, max=None, qualifier="at_least")
    if modifier == "more_than":
        return replace(core, min=n + 1, max=None, qualifier="more_than")
    if modifier == "about":
        spread = max(1, math.ceil(n * lex.about_spread))
        return replace(core, min=max(1, n - spread), max=n + spread, qualifier="about")
    if modifier == "nearly":
        spread = max(1, math.ceil(n * lex.nearly_spread))
        return replace(core, min=max(1, n - spread), max=max(1, n - 1), qualifier="nearly")
    if modifier == "up_to":
        return replace(core, min=1, max=n, qualifier="up_to")
    if modifier == "fewer_than":
        return replace(core, min=1, max=max(1, n - 1), qualifier="fewer_than")
    return core


def _round(value: int, i: int, j: int) -> Quantity:
    spread = max(1, round(value * lexicon().about_spread * 2))  # "a dozen" is looser than "about 12"
    return Quantity(value - spread, value + spread, "about", i, j)


def _vague(value: tuple[int, int | None], i: int, j: int) -> Quantity:
    return Quantity(value[0], value[1], "vague", i, j)


def _longest(table: dict, words: Sequence[str], i: int):
    """The value of the longest phrase of ``table`` starting at ``words[i]``, and where it ends."""
    for length in (4, 3, 2, 1):
        key = tuple(words[i : i + length])
        if len(key) == length and key in table:
            return table[key], i + length
    return None, i
