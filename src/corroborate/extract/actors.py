"""Actors: the registry of armed groups, state bodies and news agencies (data/actors.toml), matched
by alias; organisations the parser finds that the registry lacks are kept as unregistered; people
are kept with the role the text gives them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import load_toml

KINDS = ("armed_group", "state_agency", "government", "news_agency", "media", "international_org")
DASHES = str.maketrans({"–": "-", "—": "-", "‑": "-", "‐": "-", "’": "'"})
MAX_ROLE_WINDOW = 6  # tokens either side of a person searched for a role word


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    parent: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": list(self.aliases), "parent": self.parent, "kind": self.kind}


@dataclass(frozen=True)
class ActorMention:
    text: str
    start: int
    end: int
    actor: Actor | None  # None: an organisation the registry does not know

    def as_dict(self) -> dict:
        if self.actor is None:
            return {"actor_id": None, "name": self.text, "kind": "organisation", "registered": False}
        return {"actor_id": self.actor.id, "name": self.actor.name, "kind": self.actor.kind, "registered": True}


@dataclass(frozen=True)
class PersonMention:
    text: str
    start: int
    end: int
    role: str  # suspect | mastermind | official | victim | analyst | unknown
    nationality: str | None = None  # the words of the text ("a Tajik national"), quoted as reported


class Registry:
    def __init__(self, actors: list[Actor]):
        self.actors = {actor.id: actor for actor in actors}
        by_alias_exact: dict[str, Actor] = {}
        by_alias_folded: dict[str, Actor] = {}
        for actor in actors:
            for alias in {actor.name, *actor.aliases}:
                alias = _key(alias.translate(DASHES))
                if _case_sensitive(alias):
                    by_alias_exact.setdefault(alias, actor)
                else:
                    by_alias_folded.setdefault(alias.lower(), actor)
        self._exact = by_alias_exact
        self._folded = by_alias_folded
        self._exact_re = _alternation(by_alias_exact, flags=0)
        self._folded_re = _alternation(by_alias_folded, flags=re.IGNORECASE)

    def find(self, text: str) -> list[ActorMention]:
        """Registry aliases in ``text`` (character offsets), longest first where two overlap."""
        normal = text.translate(DASHES)
        found: list[ActorMention] = []
        for pattern, table, fold in ((self._folded_re, self._folded, True), (self._exact_re, self._exact, False)):
            if pattern is None:
                continue
            for match in pattern.finditer(normal):
                key = _key(match.group(1))
                actor = table.get(key.lower() if fold else key)
                if actor is not None:
                    found.append(ActorMention(text[match.start(1) : match.end(1)], match.start(1), match.end(1), actor))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[ActorMention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept

    def resolve(self, text: str) -> Actor | None:
        """The registered actor a phrase names ("the Daesh terrorist group" -> Islamic State)."""
        mentions = self.find(text)
        return max(mentions, key=lambda m: m.end - m.start).actor if mentions else None


def _key(alias: str) -> str:
    """One spelling for spacing variants: "Islamic State - Khorasan" = "Islamic State-Khorasan"."""
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", alias.strip()))


def _case_sensitive(alias: str) -> bool:
    """Acronyms ("ADF", "IS-K") match only in capitals, so "adf" or "is" in prose do not."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _alternation(table: dict[str, Actor], flags: int) -> re.Pattern | None:
    if not table:
        return None
    parts = []
    for alias in sorted(table, key=len, reverse=True):
        escaped = re.escape(alias).replace(r"\-", r"\s*-\s*").replace(r"\ ", r"\s+")
        parts.append(escaped)
    # "ISIS-K-linked" names ISIS-K; "ISIS-K" does not name ISIS.
    suffixes = "linked|affiliated|inspired|backed|led|aligned|allied|style|affiliate"
    return re.compile(
        r"(?<![\w-])(?:the\s+)?(" + "|".join(parts) + rf")(?!\w)(?!-(?!(?:{suffixes})\b)\w)", flags
    )


@lru_cache(maxsize=1)
def registry() -> Registry:
    data = load_toml("actors.toml")
    actors = [
        Actor(
            id=entry["id"],
            name=entry["name"],
            kind=entry["kind"],
            parent=entry.get("parent"),
            country=entry.get("country"),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in data["actor"]
    ]
    return Registry(actors)


def find_people(doc, roles: dict[str, list[str]]) -> list[PersonMention]:
    """PERSON entities with the role their context gives, and a reported nationality if stated."""
    role_of = {word: role for role, words in roles.items() if role != "nationality_nouns" for word in words}
    nationality_nouns = set(roles.get("nationality_nouns", ()))
    people = []
    from .gazetteer import gazetteer

    for ent in doc.ents:
        if ent.label_ != "PERSON" or not any(t.is_title for t in ent) or gazetteer().demonym(ent.text):
            continue
        if ent.text[:3].lower() == "al-" and len(ent) <= 3:
            continue  # a transliterated word ("al-Sham"), not a person, in the small model's eyes
        window = doc[max(ent.sent.start, ent.start - MAX_ROLE_WINDOW) : min(ent.sent.end, ent.end + MAX_ROLE_WINDOW)]
        cues = [t for t in window if t.lemma_.lower() in role_of and not (ent.start <= t.i < ent.end)]
        nearest = min(cues, key=lambda t: min(abs(t.i - ent.start), abs(t.i - (ent.end - 1))), default=None)
        role = role_of[nearest.lemma_.lower()] if nearest is not None else "unknown"
        if ent.root.dep_ == "compound" and ent.root.head.i >= ent.end:
            role = "unknown"  # "three Taylor Swift concerts": a name that modifies a noun takes no part
        people.append(PersonMention(ent.text, ent.start_char, ent.end_char, role, _nationality(window, nationality_nouns)))
    return people


def _nationality(window, nouns: set[str]) -> str | None:
    """'a Tajik national', 'a citizen of Tajikistan': kept verbatim as the text reported it."""
    for token in window:
        if token.lower_ in nouns and token.i > 0 and token.nbor(-1).is_title:
            return token.doc[token.i - 1 : token.i + 1].text
    return None
