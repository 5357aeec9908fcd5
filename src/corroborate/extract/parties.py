"""Places named as parties, not as where something happened: the speaker ("Washington said"),
the accused ("blamed Pakistan"), a base or sponsor ("Pakistan-based"), the other side of a
relation ("the treaty with India"), an origin ("workers from Tajikistan"), a country whose
officials speak ("two U.S. officials said"). Read from the dependency parse; the words are in
places.toml [metonyms] and statements.toml."""

from __future__ import annotations

from .gazetteer import gazetteer
from .lexicon import load_toml


def modifier(doc, end: int, words: frozenset[str]) -> bool:
    """"a Pakistan-based group", "Iran-backed militias": where a party is based, not a place of the story."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in words


def party_tokens(doc, config: dict) -> frozenset[int]:
    """Places named as a party rather than where something happened: the speaker of a
    statement ("Washington said", "Tehran blamed ..."), the one blamed or warned ("accused
    Pakistan", "pointed the finger at America and Israel", "blamed by Moscow"); and people's
    origins ("migrants from Tajikistan")."""
    statements = load_toml("statements.toml")
    speak = set(config["speaker_verbs"]).union(*(statements[k]["verbs"] for k in ("report", "blame", "denial")))
    objects = set(config["object_verbs"]).union(statements["blame"]["verbs"])
    pointing = set(config["pointing"])
    accuse = set(statements["blame"]["verbs"])
    people = frozenset(config["people"])
    relations = frozenset(config["relations"])
    officials = frozenset(config["officials"])
    seats = frozenset(config["seats"])
    found = set()
    for token in doc:
        if token.pos_ != "PROPN":
            continue
        first = token
        while first.dep_ == "conj" and first.head is not first:
            first = first.head  # "America and Israel": as the first of the list
        head, dep = first.head, first.dep_
        if dep in ("nsubj", "nsubjpass") and head.lemma_.lower() in speak:
            if not (dep == "nsubj" and head.lemma_.lower() in accuse and _is_country(token.text)):
                found.add(token.i)  # but "Iran blamed Israel": the country accusing is the one attacked
        elif dep == "dobj" and head.lemma_.lower() in objects:
            found.add(token.i)
        elif dep == "pobj" and head.lower_ in ("at", "on") and head.head.lemma_.lower() in pointing:
            found.add(token.i)
        elif dep == "pobj" and head.lower_ == "by" and head.head.lemma_.lower() in speak | objects:
            found.add(token.i)
        elif dep == "pobj" and head.lower_ in ("with", "between") and head.head.lemma_.lower() in relations:
            found.add(token.i)  # "the treaty with Pakistan", "tensions between India and Pakistan"
        elif dep == "pobj" and head.lower_ in ("against", "towards", "toward") and _is_country(first.text):
            found.add(token.i)  # "anger towards Pakistan", "sanctions against Iran": a party
        elif dep == "pobj" and head.lower_ == "from" and (_of_people(head, people) or _is_country(first.text)):
            found.add(token.i)  # "workers from Tajikistan", "arms smuggled from Pakistan": an origin, not a scene
        elif dep == "pobj" and head.lower_ == "in" and head.head.lemma_.lower() in seats:
            found.add(token.i)  # "the Taliban administration in Kabul": the government, not a scene
        elif dep in ("compound", "nmod", "amod") and head.lemma_.lower() in officials and _only_country(token.text):
            found.add(token.i)  # "two U.S. officials said": the country whose officials speak
    return frozenset(found)


def _only_country(text: str) -> bool:
    """A country's name that is no state's ("U.S."; not "Georgia")."""
    kinds = {p.kind for p in gazetteer().lookup(text)}
    return "country" in kinds and "admin1" not in kinds


def _of_people(preposition, people: frozenset[str]) -> bool:
    """"from" after people ("migrant workers from Tajikistan", "nationals from Pakistan"), by
    the parse or, where the parse hangs it on the verb, by the word before it."""
    before = preposition.nbor(-1) if preposition.i > 0 else preposition
    return preposition.head.lemma_.lower() in people or before.lemma_.lower() in people


def _is_country(text: str) -> bool:
    return any(p.kind == "country" for p in gazetteer().lookup(text))


__all__ = ["modifier", "party_tokens"]
