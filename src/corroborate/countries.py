"""Country names to ISO 3166-1 alpha-2 codes, cheap enough for read commands (no gazetteer, no spaCy)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

from .compare import place_key as _key  # place names are folded one way everywhere


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name", "alpha_3", "alpha_2"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(_key(value), country.alpha_2)
    aliases = tomllib.loads(resources.files("corroborate.data").joinpath("places.toml").read_text(encoding="utf-8"))
    for code, spellings in aliases.get("country_aliases", {}).items():
        for spelling in spellings:
            names[_key(spelling)] = code
    return names


def country_code(name_or_code: str) -> str | None:
    """"IR", "irn", "Iran", "the Islamic Republic" -> "IR"; None when no country has that name."""
    return _names().get(_key(name_or_code))
