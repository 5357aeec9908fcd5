"""Who said what: reporting attributions, responsibility claims, blame and denials, from the parse.

- report:  "IRNA reported", "according to police", "officials said", "..., said the governor";
- claim:   "ISIS claimed responsibility", "responsibility was claimed by X", "X claimed the attack";
- blame:   "X blamed Y", "X accused Y", "X credited the assault to Y", "point the finger at Y",
           "X said Y carried out the attack", "X claim it was Y";
- denial:  "X denied involvement", "X rejected the claim".
Every statement keeps its cue word and speaker span, so a claim can be traced to who made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import load_toml
from .text import doc_text

_PRONOUNS_PERSON = ("he", "she")
_SUBJECTS = ("nsubj", "nsubjpass")
_CUT_DEPS = ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "prep")
MAX_SPEAKER_TOKENS = 10


@dataclass(frozen=True)
class Party:
    """A speaker or an accused party: a character span of the document."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Statement:
    kind: str  # report | claim | blame | denial
    cue_start: int  # character span of the cue word(s)
    cue_end: int
    speaker: Party | None  # who said it (for claim and denial: the claimant/denier)
    target: Party | None = None  # who was blamed or whose responsibility is claimed


def _lexicon() -> dict:
    return load_toml("statements.toml")


def find_statements(sentence, last_person: Party | None = None) -> list[Statement]:
    """Statements in one spaCy sentence span. ``last_person`` resolves "he"/"she" speakers."""
    lex = _lexicon()
    found: list[Statement] = []
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor().lower_ == "to":
            party = _according_to(token.nbor(), sentence)
            if party:
                found.append(Statement("report", token.idx, token.nbor().idx + 2, party))
        elif lemma == "responsibility":
            found.extend(_responsibility(token, last_person))
        elif lemma in lex["denial"]["verbs"] and token.pos_ == "VERB":
            found.append(Statement("denial", token.idx, _end(token), _subject(token, last_person)))
        elif lemma in lex["blame"]["verbs"] and token.pos_ == "VERB" and _blames(token, lex):
            found.append(Statement("blame", token.idx, _end(token), _subject(token, last_person), _blamed(token)))
        elif lemma == "finger" and any(c.lower_ == "at" for c in token.head.children) or (
            lemma == "finger" and any(c.lower_ == "at" for c in token.children)
        ):
            at = next((c for c in [*token.children, *token.head.children] if c.lower_ == "at"), None)
            verb = token.head
            found.append(Statement("blame", token.idx, _end(token), _subject(verb, last_person), _object_of(at)))
        elif lemma in lex["report"]["verbs"] and token.pos_ in ("VERB", "AUX"):
            speaker = _subject(token, last_person)
            if speaker is not None:
                found.append(Statement("report", token.idx, _end(token), speaker))
                blamed = _said_carried_out(token)
                if blamed is not None:
                    found.append(Statement("blame", token.idx, _end(token), speaker, blamed))
                if _denies(token, lex):
                    found.append(Statement("denial", token.idx, _end(token), speaker))
        elif lemma == "claim" and token.pos_ == "VERB":
            found.extend(_claimed(token, last_person))
    return found


def _denies(verb, lex: dict) -> bool:
    """The reported clause denies involvement: "told journalists its fighters had no part"."""
    clause = " ".join(t.lower_ for t in verb.subtree if t.i > verb.i)
    return any(f" {phrase} " in f" {clause} " for phrase in lex["denial"]["phrases"])


def _blames(verb, lex: dict) -> bool:
    if verb.lemma_.lower() != "hold":
        return True
    return any(t.lower_ in lex["blame"]["hold_needs"] for t in verb.subtree)


def _end(token) -> int:
    return token.idx + len(token.text)


def _party(tokens) -> Party | None:
    tokens = [t for t in tokens if not t.is_space and (not t.is_punct or t.text in ("-", "–", "'", "’"))]
    while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > MAX_SPEAKER_TOKENS:
        return None
    doc = tokens[0].doc
    start, end = tokens[0].idx, _end(tokens[-1])
    whole = doc_text(doc)
    text = whole[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return Party(whole[start:end], start, end) if end > start else None


def _phrase(head) -> Party | None:
    """The noun phrase headed by ``head``: its contiguous subtree without clauses or appositions."""
    keep = {head.i}
    stack = [c for c in head.children if _kept(c)]
    while stack:
        child = stack.pop()
        keep.add(child.i)
        stack.extend(c for c in child.children if _kept(c))
    low = high = head.i
    while low - 1 in keep:
        low -= 1
    while high + 1 in keep:
        high += 1
    doc = head.doc
    # Words glued without spaces are one name whatever the parse says: "ISIS-K", "al-Shabaab".
    # A line break is a space token with no whitespace after it: it glues nothing ("ISWAP\nKONDUGA").
    while low > 0 and not doc[low - 1].whitespace_ and not doc[low - 1].is_space and not doc[low].is_sent_start and (
        not doc[low - 1].is_punct or doc[low - 1].text in "-–"
    ):
        low -= 1
    while high + 1 < len(doc) and not doc[high].whitespace_ and not doc[high].is_space and not doc[high + 1].is_space and not doc[high + 1].is_sent_start and (
        doc[high + 1].text in "-–" or doc[high].text in "-–" or not doc[high + 1].is_punct
    ):
        high += 1
    return _party(list(doc[low : high + 1]))


def _kept(token) -> bool:
    if token.dep_ == "punct":
        return token.text in ("-", "–")  # "Islamic State - Khurasan Province"
    return token.dep_ not in _CUT_DEPS or (token.dep_ == "prep" and token.lower_ == "of")


def _subject(verb, last_person: Party | None) -> Party | None:
    # "The attack was claimed by al-Shabaab": the agent, not the passive subject
    for child in sorted(verb.children, key=lambda c: c.dep_ != "agent"):
        if child.dep_ in _SUBJECTS or child.dep_ == "agent":
            if child.dep_ == "agent":
                child = next((c for c in child.children if c.dep_ == "pobj"), None)
                if child is None:
                    continue
            if child.lower_ in _PRONOUNS_PERSON:
                return last_person
            if child.pos_ == "PRON":
                return None
            return _phrase(child)
    if verb.dep_ in ("xcomp", "conj", "ccomp") and verb.head.i != verb.i:
        return _subject(verb.head, last_person) if verb.dep_ != "ccomp" else None
    return None


def _according_to(to, sentence) -> Party | None:
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is not None:
        return _phrase(pobj)
    tokens = []
    for token in sentence[to.i + 1 - sentence.start :]:
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP"):
            break
        tokens.append(token)
    return _party(tokens)


def _object_of(preposition) -> Party | None:
    if preposition is None:
        return None
    pobj = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    return _phrase(pobj) if pobj is not None else None


def _responsibility(token, last_person) -> list[Statement]:
    verb = token.head
    if token.dep_ == "nsubjpass":  # "responsibility was claimed by X"
        claimant = _subject_agent(verb)
        return [Statement("claim", token.idx, _end(verb), claimant, claimant)] if claimant else []
    if verb.lemma_.lower() not in _lexicon()["claim"]["verbs"]:
        return []
    if verb.lemma_.lower() in _lexicon()["denial"]["verbs"]:
        return []  # "denied responsibility" is read as a denial by its verb
    claimant = _subject(verb, last_person)
    return [Statement("claim", verb.idx, _end(token), claimant, claimant)]


def _subject_agent(verb) -> Party | None:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    return _phrase(pobj) if pobj is not None else None


def _claimed(verb, last_person) -> list[Statement]:
    if any(c.lemma_.lower() == "responsibility" for c in verb.children):
        return []  # handled from the noun
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]  # "claimed the attack", "the attack was claimed by"
    claimed_words = set(_lexicon()["claim"]["objects"])
    if objects and any(t.lower_ in claimed_words for t in objects[0].subtree):  # "claimed a string of attacks"
        claimant = _subject(verb, last_person)
        return [Statement("claim", verb.idx, _end(verb), claimant, claimant)]
    speaker = _subject(verb, last_person)
    statements = [Statement("report", verb.idx, _end(verb), speaker)] if speaker else []
    blamed = _said_carried_out(verb)
    if blamed is not None and speaker is not None:
        statements.append(Statement("blame", verb.idx, _end(verb), speaker, blamed))
    return statements


def _blamed(verb) -> Party | None:
    lex = _lexicon()["blame"]
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() not in lex["events"]:
            return _phrase(child)
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "to"):
            return _object_of(child)
    for child in verb.children:
        if child.dep_ == "dobj":
            for grandchild in child.children:
                if grandchild.dep_ == "prep" and grandchild.lower_ in ("on", "to"):
                    return _object_of(grandchild)
    return None


def _said_carried_out(verb, depth: int = 0) -> Party | None:
    """X said [(there was evidence that) Y carried out / was behind] the attack -> Y is blamed."""
    lex = _lexicon()["blame"]
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "acl", "relcl", "attr", "dobj", "nsubj") or depth > 3:
            continue
        lemma = clause.lemma_.lower()
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is None:  # passive: "the bombing was planned by X" names X, not the bombing
            agent = next((c for c in clause.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if clause.dep_ in ("ccomp", "acl") and lemma in lex["perpetrate"] and subject is not None and subject.pos_ != "PRON":
            return _phrase(subject)
        if clause.dep_ in ("ccomp", "acl") and lemma in lex["belong"]:
            to = next((c for c in clause.subtree if c.lower_ == "to" and c.dep_ == "prep"), None)
            party = _object_of(to)
            if party is not None:
                return party
        if clause.dep_ == "ccomp" and lemma == "be":
            attribute = next((c for c in clause.children if c.dep_ in ("attr", "acomp", "prep")), None)
            if attribute is not None and attribute.lower_ in ("behind", "responsible") and subject is not None and subject.pos_ != "PRON":
                return _phrase(subject)
            if attribute is not None and attribute.dep_ == "attr" and subject is not None and subject.lower_ == "it":
                return _phrase(attribute)  # "claim it was Ukraine"
        deeper = _said_carried_out(clause, depth + 1)
        if deeper is not None:
            return deeper
    return None
