"""How values are compared wherever a stage compares them: date intervals that can be one incident's,
towns and facilities that can be one place, distances. Neutral ground: assembly, resolution and
consensus all use it, and it imports none of them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .extract.gazetteer import fold
from .extract.lexicon import load_toml

TOWN_PRECISIONS = ("city", "unresolved", "facility")
SAME_TOWN_KM = 30.0  # two geocoded towns closer than this are one incident's place
FOLLOW_UP_DAYS = 7
PLACE_PRECISION_RANK = {"facility": 4, "city": 3, "unresolved": 2, "admin1": 1, "country": 0}
DATE_PRECISION_RANK = {"day": 3, "week": 2, "month": 1, "year": 0}


@dataclass(frozen=True)
class Interval:
    start: date
    end: date
    weak_year: bool  # the year was guessed from the document, not stated: compare months and days


def intervals_meet(frame: Interval, own: Interval) -> bool:
    """A sentence's date can be the frame's incident, or a report on it in the days after."""
    if frame.weak_year or own.weak_year:
        own = Interval(_same_year(own.start, frame.start), _same_year(own.end, frame.start), False)
        if own.end < own.start:
            own = Interval(own.start, _same_year(own.end, own.start.replace(year=own.start.year + 1)), False)
    after = timedelta(days=FOLLOW_UP_DAYS)
    return own.start <= frame.end + after and own.end >= frame.start - timedelta(days=1)


def _same_year(day: date, like: date) -> date:
    try:
        return day.replace(year=like.year)
    except ValueError:  # 29 February
        return day.replace(year=like.year, day=28)


def dates_meet(a: dict, b: dict) -> bool:
    """Two stored date values ({start, end, basis}) can be one incident's (a guessed year is
    compared by month and day only; the second may be up to a week after the first)."""
    return intervals_meet(interval_of(a), interval_of(b)) or intervals_meet(interval_of(b), interval_of(a))


def interval_of(d: dict) -> Interval:
    return _parsed_date(d["start"], d["end"], d.get("basis") == "document_year")


@lru_cache(maxsize=65536)
def _parsed_date(start: str, end: str, weak: bool) -> Interval:
    return Interval(date.fromisoformat(start), date.fromisoformat(end), weak)


def _town_keys(place: dict, text: str) -> set[str]:
    keys = {place_key(text)}
    for key in ("name", "facility"):
        if place.get(key):
            keys.add(place_key(place[key]))
    if place.get("facility"):
        keys.add(_plain_facility(place_key(place["facility"])))  # "Shah Cheragh holy shrine" = "Shah Cheragh shrine"
    return {k for k in keys if k}


@lru_cache(maxsize=4096)
def _plain_facility(name: str) -> str:
    modifiers = set(load_toml("places.toml")["facilities"]["modifiers"])
    return " ".join(w for w in name.split() if w not in modifiers)


def place_key(name: str) -> str:
    return fold(name).removeprefix("the ")


def towns_agree(a: list[dict], b: list[dict]) -> bool | None:
    """True: a town or facility in common (the same name, or within 30 km); False: no name in
    common and every pair that can be measured farther apart; None: nothing to measure (a
    facility or settlement the gazetteer cannot place). One name is one place: a gazetteer
    that put two reports of one town in two namesakes is wrong far more often than two towns
    of one name have incidents the same week."""
    measured = False
    for x in a:
        for y in b:
            if set(x["keys"]) & set(y["keys"]):
                return True
            if None not in (x["lat"], x["lon"], y["lat"], y["lon"]):
                if distance_km(x["lat"], x["lon"], y["lat"], y["lon"]) <= SAME_TOWN_KM:
                    return True
                measured = True
    return False if measured else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def town(place: dict, text: str) -> dict:
    """The comparable form of a town, facility or unresolved settlement mention."""
    population = place.get("population") if place.get("precision") == "city" else None  # a facility is one place, whatever its town's size
    return {"keys": _town_keys(place, text), "lat": place.get("latitude"), "lon": place.get("longitude"), "population": population}


def same_place_name(a: dict, b: dict) -> bool:
    """Two comparable towns (``town``) named alike: a key in common, or the same facility written
    two ways ("Sayed al-Shuhada school" / "Shuhada school", "St Francis Xavier church" / "St
    Francis church", a transliteration one letter apart)."""
    keys_a, keys_b = set(a["keys"]), set(b["keys"])
    if keys_a & keys_b:
        return True
    towns_a, towns_b = _town_words(keys_a), _town_words(keys_b)
    return any(same_facility(x, y, towns_a | towns_b) for x in keys_a for y in keys_b)


def is_facility(key: str) -> bool:
    """A folded name that names a particular facility ("shuhada school"), not a town or a kind of place."""
    return _facility_words(key) is not None


def same_facility_named(a: dict, b: dict) -> bool:
    """Two comparable towns that name one facility (not only one town): the place is narrower
    than a city, however large the city."""
    keys_a, keys_b = set(a["keys"]), set(b["keys"])
    facilities_a = [k for k in keys_a if _facility_words(k)]
    facilities_b = [k for k in keys_b if _facility_words(k)]
    if set(facilities_a) & set(facilities_b):
        return True
    towns = _town_words(keys_a) | _town_words(keys_b)
    return any(same_facility(x, y, towns) for x in facilities_a for y in facilities_b)


def _town_words(keys: set[str]) -> frozenset[str]:
    """The words of the keys that are not facilities: a facility's town ("Quetta station") does
    not tell one facility of the town from another."""
    return frozenset(w for k in keys if not _facility_words(k) for w in k.split())


def same_facility(a: str, b: str, towns: frozenset[str] = frozenset()) -> bool:
    """Two facility names (folded keys) of one kind whose distinctive words (not those of
    ``towns``) are one set within the other, word by word equal or one letter apart."""
    fa, fb = _facility_words(a), _facility_words(b)
    if not fa or not fb or fa[0] != fb[0]:
        return False
    words_a, words_b = fa[1] - towns, fb[1] - towns
    if not words_a or not words_b:
        return False
    return _words_within(words_a, words_b) or _words_within(words_b, words_a)


@lru_cache(maxsize=16384)
def facility_stems(key: str) -> tuple[str, ...]:
    """Keys under which facility names that ``same_facility`` may match meet: the kind noun with
    the first and with the last four letters of each distinctive word (one letter apart leaves
    one of the two intact)."""
    found = _facility_words(key)
    if not found:
        return ()
    noun, words = found
    return tuple(sorted({f"{noun}:{w[:4]}" for w in words} | {f"{noun}:{w[-4:]}" for w in words}))


@lru_cache(maxsize=16384)
def _facility_words(key: str) -> tuple[str, frozenset[str]] | None:
    """(kind noun, distinctive words) of a facility name, None for anything else."""
    words = key.replace("'s", "").replace("'", "").split()
    if len(words) < 2 or words[-1] not in _facility_vocabulary()[0]:
        return None
    distinctive = frozenset(w for w in words[:-1] if len(w) > 2 and w not in _facility_vocabulary()[1])
    return (words[-1], distinctive) if distinctive else None


@lru_cache(maxsize=1)
def _facility_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(facility nouns, words that name no particular facility)."""
    places = load_toml("places.toml")["facilities"]
    nouns = frozenset(places["nouns"])
    return nouns, nouns | frozenset(places["modifiers"]) | frozenset(load_toml("resolution.toml")["facilities"]["generic"])


def _words_within(small: frozenset[str], large: frozenset[str]) -> bool:
    return all(any(one_letter_apart(w, v) for v in large) for w in small)


MIN_FUZZY_LENGTH = 5  # shorter words one letter apart are as often different words ("khan" / "khar")


@lru_cache(maxsize=65536)
def one_letter_apart(a: str, b: str) -> bool:
    """Equal, or (both of five letters or more) one substitution, insertion or deletion apart:
    the spellings of one transliterated name ("Lhubiriha" / "Lhubirira", "Queta" / "Quetta")."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY_LENGTH or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]
