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
        head, _ = self.head(text)
        return head.actor if head is not None else None

    def heads(self, text: str) -> list[ActorMention]:
        """Every actor a phrase names as a head, one per actor: "Al-Qaeda and ISIS groups"."""
        found, seen = [], set()
        for m in self.find(text):
            if not _dependent(m, text) and m.actor.id not in seen:
                seen.add(m.actor.id)
                found.append(m)
        return found

    def head(self, text: str) -> tuple[ActorMention | None, bool]:
        """The actor a phrase is about, and whether the phrase names only a part of it or
        something tied to it. "The al-Qaeda affiliate al-Shabaab" is al-Shabaab; "the Majeed
        Brigade of the BLA" is the Majeed Brigade; "an Afghan branch of Islamic State" and
        "Lashkar-e-Taiba's shadow group" name only a part: (Islamic State, True)."""
        mentions = self.find(text)
        if not mentions:
            return None, False
        heads = [m for m in mentions if not _dependent(m, text)]
        return (heads[0], False) if heads else (mentions[-1], True)


def qualifies_only(mention: ActorMention, text: str) -> bool:
    """``mention`` (offsets into ``text``) only qualifies another noun: "al-Qaeda-linked militants"."""
    return _dependent(mention, text)


def _dependent(mention: ActorMention, text: str) -> bool:
    """A name that only qualifies the phrase's head: a possessor ("X's shadow group"), a
    complement ("a branch of X", "linked to X") or a modifier ("the X affiliate Y", "X-linked")."""
    words = _words()
    after = text[mention.end :].lower()
    if after.startswith(("'s", "’s", "-")):
        return True
    following = after.split()[:1]
    if following and following[0].strip(",.;:()") in words["modifiers"]:
        return True
    before = text[max(0, mention.start - 40) : mention.start].lower().split()
    if before and before[-1] == "the":
        before.pop()
    return bool(before) and before[-1] in words["complements"]


@lru_cache(maxsize=1)
def _words() -> dict:
    return load_toml("statements.toml")["parties"]


def _key(alias: str) -> str:
    """One spelling for spacing variants: "Islamic State - Khorasan" = "Islamic State-Khorasan"."""
    return re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", alias.strip()))


def _case_sensitive(alias: str) -> bool:
    """Acronyms ("ADF", "IS-K", "LeT", "JeM") match only as written, so "adf", "is" or "let" in
    prose do not: all capitals, or one short word with a capital after its first letter."""
    letters = [c for c in alias if c.isalpha()]
    if not letters or len(letters) > 6:
        return False
    mixed = alias.isalpha() and len(letters) <= 5 and any(c.isupper() for c in letters[1:])
    return all(c.isupper() for c in letters) or mixed


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


def find_people(doc, roles: dict, actors: list[ActorMention] = ()) -> list[PersonMention]:
    """PERSON entities with the role their context gives, and a reported nationality if stated.
    Not people: bylines, names the registry knows as organisations or outlets ("Sputnik"),
    ideologies and demonyms ("Wahhabism", "Tajiks"), and lone town names ("Eindhoven")."""
    lists = {k: v for k, v in roles.items() if k not in _NOT_ROLES}
    role_of = {word: role for role, words in lists.items() for word in words}
    nationality_nouns = set(roles.get("nationality_nouns", ()))
    people = []
    surnames = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}
    byline = set(roles.get("byline_words", ()))
    authors = {ent.text for ent in doc.ents if ent.label_ == "PERSON" and _byline(ent, byline)}
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not any(t.is_title for t in ent) or ent.text in authors:
            continue  # an author named in the byline is the author wherever named again (a credit line)
        if not _a_person(ent, roles, actors, surnames):
            continue
        window = doc[max(ent.sent.start, ent.start - MAX_ROLE_WINDOW) : min(ent.sent.end, ent.end + MAX_ROLE_WINDOW)]
        cues = [t for t in window if t.lemma_.lower() in role_of and not (ent.start <= t.i < ent.end)]
        nearest = min(cues, key=lambda t: min(abs(t.i - ent.start), abs(t.i - (ent.end - 1))), default=None)
        role = role_of[nearest.lemma_.lower()] if nearest is not None else "unknown"
        if ent.root.dep_ in ("compound", "nmod") and ent.root.head.i >= ent.end:
            role = "unknown"  # "three Taylor Swift concerts", "the Qasem Soleimani memorial": a name that modifies a noun takes no part
        elif _commemorated(ent, set(roles.get("commemorations", ()))):
            role = "unknown"  # "a memorial for commander X": someone remembered, not a party to this attack
        people.append(PersonMention(ent.text, ent.start_char, ent.end_char, role, _nationality(window, nationality_nouns)))
    return people


_NOT_ROLES = ("nationality_nouns", "not_people", "byline_words", "commemorations")


def _a_person(ent, roles: dict, actors, surnames: set[str]) -> bool:
    from .gazetteer import gazetteer

    gaz = gazetteer()
    if ent.text[:3].lower() == "al-" and len(ent) <= 3:
        return False  # a transliterated word ("al-Sham"), not a person, in the small model's eyes
    if any(a.start < ent.end_char and ent.start_char < a.end for a in actors if a.actor is not None):
        return False  # "Sputnik", "Almirsad", "Taleban": the registry knows them as organisations
    not_people = {w.lower() for w in roles.get("not_people", ())}
    for token in ent:
        word = token.lower_
        if word in not_people or word.endswith("ism") or gaz.demonym(token.text) or gaz.demonym(token.text.split("-")[0]):
            return False  # "Wahhabism", "Salafi", "Tajik ISIS", "Tajik-language"
        if word.endswith("s") and gaz.demonym(token.text[:-1]):
            return False  # "Tajiks"
    return not (len(ent) == 1 and ent[0].lower_ not in surnames and gaz.lookup(ent.text))  # "in Eindhoven and Breda"


def _byline(ent, words: set[str]) -> bool:
    """A line of names and nothing else, or "By ...", "Reporting by ...": who wrote the report."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
    while end < len(doc) and "\n" not in doc[end].text:
        end += 1
    names = {t.i for e in doc.ents if e.label_ in ("PERSON", "ORG") and start <= e.start and e.end <= end for t in e}
    rest = [t for t in doc[start:end] if t.i not in names and not t.is_punct and not t.is_space]
    if all(t.lower_ in words for t in rest):
        return True
    before = [t.lower_ for t in doc[start : ent.start] if not t.is_punct]
    return "by" in before[:4] and before[0] in words


def _commemorated(ent, nouns: set[str]) -> bool:
    """The name follows "a memorial for", "the tomb of", "the anniversary of the death of"."""
    head = ent.root.head
    if ent.root.dep_ == "pobj" and head.lower_ in ("of", "for", "to"):
        noun = head.head
        while noun.lemma_.lower() in ("death", "killing", "assassination") and noun.head.lower_ in ("of", "for"):
            noun = noun.head.head
        return noun.lemma_.lower() in nouns
    return False


def _nationality(window, nouns: set[str]) -> str | None:
    """'a Tajik national', 'a citizen of Tajikistan': kept verbatim as the text reported it."""
    for token in window:
        if token.lower_ in nouns and token.i > 0 and token.nbor(-1).is_title:
            return token.doc[token.i - 1 : token.i + 1].text
    return None
