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
    # What the party must be for the statement to stand (checked against the registry by the
    # caller): "actor" = a registered actor or a country ("it was Ukraine", not "it was a lapse");
    # "armed_group" = an armed group ("the Zarqa Brigade made the claim", not "the army made the claim").
    needs: str | None = None


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
                found.extend(_according_to_blame(token.nbor(), party))
        elif lemma == "responsibility":
            found.extend(_responsibility(token, last_person))
        elif lemma in lex["denial"]["verbs"] and token.pos_ == "VERB":
            found.append(Statement("denial", token.idx, _end(token), _subject(token, last_person)))
        elif lemma in lex["blame"]["verbs"] and token.pos_ == "VERB" and _blames(token, lex):
            speaker = _subject(token, last_person)
            found += [Statement("blame", token.idx, _end(token), speaker, t) for t in _blamed(token)]
        elif lemma == "finger" and any(c.lower_ == "at" for c in token.head.children) or (
            lemma == "finger" and any(c.lower_ == "at" for c in token.children)
        ):
            at = next((c for c in [*token.children, *token.head.children] if c.lower_ == "at"), None)
            speaker = _subject(token.head, last_person)
            found += [Statement("blame", token.idx, _end(token), speaker, t) for t in _objects_of(at)]
        elif lemma in lex["blame"]["nouns"] and token.pos_ == "NOUN":
            found.extend(_blame_noun(token, last_person))
        elif lemma in lex["blame"]["identify"] and token.pos_ == "VERB":
            found.extend(_identified(token, last_person, lex))
        elif lemma in lex["report"]["verbs"] and token.pos_ in ("VERB", "AUX"):
            speaker = _subject(token, last_person) or _name_before(token, sentence)
            if speaker is not None:
                found.append(Statement("report", token.idx, _end(token), speaker))
                found.extend(_reported_blame(token, speaker))
                if _denies(token, lex):
                    found.append(Statement("denial", token.idx, _end(token), speaker))
        elif lemma == "claim" and token.pos_ == "VERB":
            found.extend(_claimed(token, last_person))
        elif lemma == "claim" and token.pos_ == "NOUN":
            found.extend(_claim_noun(token, last_person))
    return found


def _reported_blame(verb, speaker: Party) -> list[Statement]:
    """"X said Y carried out the attack": Y blamed by X; "the group said its fighters carried out
    the attack": the group's own claim (kept only if the speaker is an armed group)."""
    own = _said_own_attack(verb)
    if own is not None:
        return [Statement(own, verb.idx, _end(verb), speaker, speaker, needs="armed_group")]
    blamed, needs = _said_carried_out(verb)
    return [Statement("blame", verb.idx, _end(verb), speaker, party, needs=needs) for party in blamed]


def _negated(verb) -> bool:
    """No claim is made: "did not claim", "No group has claimed", "has yet to claim", "no group
    has come forward to claim"."""
    node = verb
    for _ in range(3):
        for child in node.children:
            if child.dep_ == "neg":
                return True
            if child.dep_ in _SUBJECTS and _nobody(child):
                return True
            if node is not verb and child.lower_ == "yet":
                return True
        infinitive = node.dep_ == "xcomp" or (node.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children))
        if not infinitive or node.head.i == node.i:
            return False  # "While IS claimed it, no evidence was given": the negation is not the claim's
        node = node.head
    return False


def _nobody(subject) -> bool:
    """"no group", "nobody", "none of the groups", "no one"."""
    if subject.lower_ in _lexicon()["claim"]["nobody"]:
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children)


def _denies(verb, lex: dict) -> bool:
    """The reported clause denies involvement: "told journalists its fighters had no part"."""
    clause = " ".join(t.lower_ for t in verb.subtree if t.i > verb.i)
    return any(f" {phrase} " in f" {clause} " for phrase in lex["denial"]["phrases"])


def _blames(verb, lex: dict) -> bool:
    """Blame for the attack, not for something else: "accused X of carrying out the attack" or
    "blamed X for the bombing", not "accused X of downplaying casualties" or "blamed X for
    failing to protect"; "held X responsible", not "held a meeting"."""
    if verb.lemma_.lower() == "hold" and not any(t.lower_ in lex["blame"]["hold_needs"] for t in verb.subtree):
        return False
    return not (reasons := _reasons(verb)) or any(_about_the_attack(r, lex) for r in reasons)


def _reasons(verb) -> list:
    """Where "blamed X for ..." / "accused X of ..." says what for: a "for" or "of" of the verb,
    a "for" on its object, or an "of <-ing>" misattached anywhere after it ("accusing the group
    who ruled for years of intensifying the war"), but not one that another accusing verb takes
    ("villagers it accuses of helping the army") and not "the largest of the groups"."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "conj", "appos")]
    found = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
    found += [g for o in objects for g in o.children if g.dep_ == "prep" and g.lower_ == "for"]
    own = {*_lexicon()["blame"]["verbs"], "suspect", "convict", "charge"}
    found += [t for t in verb.subtree if t.i > verb.i and t.dep_ == "prep" and t.lower_ == "of" and t.head.i != verb.i
              and t.head.lemma_.lower() not in own and any(c.dep_ == "pcomp" for c in t.children)]  # fmt: skip
    return found


def _about_the_attack(preposition, lex: dict) -> bool:
    """"for the bombing", "of orchestrating the attack", "of being behind it", "for its role"."""
    wanted = {*lex["blame"]["events"], *lex["blame"]["perpetrate"], *lex["blame"]["attack_verbs"], *lex["blame"]["complicity"]}
    head = next((c for c in preposition.children if c.dep_ in ("pobj", "pcomp")), None)
    if head is None:
        return True
    if head.lemma_.lower() == "be":  # "of being behind the attack", "of being responsible"
        return any(t.lower_ in lex["blame"]["culprit"] for t in head.subtree)
    if head.lemma_.lower() in lex["blame"]["backing"]:  # "of paying the bomber's handlers", not "of sheltering fighters"
        backed = {*lex["blame"]["attackers"], *lex["blame"]["events"]}
        return any(t.lower_ in backed for c in head.children if c.dep_ == "dobj" for t in c.subtree)
    return head.lemma_.lower() in wanted or head.lower_ in wanted


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
    if text.count("(") > text.count(")") and whole[end : end + 1] == ")":
        end += 1  # "Daesh in Khorasan Province (Daesh-K)": the closing bracket is the name's
        text = whole[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    return Party(whole[start:end], start, end) if end > start else None


def _phrase(head, coordinated: bool = False) -> Party | None:
    """The noun phrase headed by ``head``: its contiguous subtree without clauses or appositions
    (and, when ``coordinated``, with the names coordinated inside it: "Al-Qaeda and ISIS groups")."""
    keep = {head.i}
    stack = [c for c in head.children if _kept(c)]
    while stack:
        child = stack.pop()
        keep.add(child.i)
        stack.extend(c for c in child.children if _kept(c) or (coordinated and c.dep_ in ("cc", "conj") and c.i < head.i))
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


def _name_before(verb, sentence) -> Party | None:
    """The speaker of a sentence's main "said" the parse left without a subject ("In a statement
    on Friday, the Zarqa Brigade (ZB) said ..." read as a list): the name right before the verb,
    back to a comma, if it has a proper noun and no verb."""
    if verb.dep_ != "ROOT" or any(c.dep_ in (*_SUBJECTS, "expl") for c in verb.children):
        return None
    tokens = []
    for token in reversed(sentence[: verb.i - sentence.start]):
        if token.text in (",", ";", ":", '"', "“", "”") or token.is_sent_start:
            tokens.insert(0, token) if token.is_sent_start and not token.is_punct else None
            break
        if token.pos_ in ("VERB", "AUX", "PRON"):
            return None
        tokens.insert(0, token)
    if not any(t.pos_ == "PROPN" for t in tokens):
        return None
    return _party(tokens)


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


def _objects_of(preposition) -> list[Party]:
    """Every party a preposition names: "at America and Israel" -> America, Israel."""
    if preposition is None:
        return []
    pobj = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    return _parties(pobj) if pobj is not None else []


def _parties(head) -> list[Party]:
    """The party a noun phrase names and those coordinated or in apposition with it: "NTJ and
    JMI", "two local groups, NTJ and JMI", "a terrorist group, the Zarqa Brigade". The caller
    keeps the named ones (a registered actor, a country, a proper name)."""
    heads, stack = [], [head]
    while stack:
        node = stack.pop()
        if node.i in {h.i for h in heads}:
            continue
        heads.append(node)
        stack.extend(c for c in node.children if c.dep_ in ("conj", "appos"))
    parties = [_phrase(h, coordinated=h is head) for h in sorted(heads, key=lambda h: h.i)]
    return [p for p in parties if p is not None]


def _responsibility(token, last_person) -> list[Statement]:
    verb = token.head
    if token.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_.lower() == "claim":
        return []  # "a claim of responsibility": read from the noun "claim"
    if _negated(verb):
        return []  # "No group has claimed responsibility" is no claim, by "No group" or anyone
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
    if _negated(verb):
        return []
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]  # "claimed the attack", "the attack was claimed by"
    claimed_words = set(_lexicon()["claim"]["objects"])
    claimant = _claimant_of_attack(verb, claimed_words, last_person)
    if claimant is not None:
        return [Statement("claim", verb.idx, _end(verb), claimant, claimant)]
    if objects and any(t.lower_ in claimed_words for t in objects[0].subtree):  # "claimed a string of attacks"
        claimant = _subject(verb, last_person)
        return [Statement("claim", verb.idx, _end(verb), claimant, claimant)]
    speaker = _subject(verb, last_person)
    if speaker is not None and (_claims_to_have_attacked(verb) or _said_own_attack(verb) == "claim"):
        # "the Zarqa Brigade claimed to have killed 20 soldiers" / "claimed its fighters stormed
        # the base": a claim only if an armed group says it (a government "claimed it killed 27 rebels")
        return [Statement("claim", verb.idx, _end(verb), speaker, speaker, needs="armed_group")]
    statements = [Statement("report", verb.idx, _end(verb), speaker)] if speaker else []
    if speaker is not None:
        statements += _reported_blame(verb, speaker)
    return statements


def _claimant_of_attack(verb, claimed_words: set[str], last_person) -> Party | None:
    """"a suicide attack claimed by the Zarqa Brigade", "an attack also claimed by IS" (however
    parsed), "an attack the Zarqa Brigade claimed": the attack is the noun claimed."""
    agent = _subject_agent(verb)
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if agent is not None and (
        (verb.dep_ == "acl" and verb.head.lower_ in claimed_words) or (subject is not None and subject.lower_ in claimed_words)
    ):
        return agent
    if verb.dep_ == "relcl" and verb.head.lower_ in claimed_words and subject is not None and subject.pos_ != "PRON":
        return _subject(verb, last_person)
    return None


def _claims_to_have_attacked(verb) -> bool:
    attacks = _attack_lemmas()
    return any(c.dep_ == "xcomp" and c.lemma_.lower() in attacks for c in verb.children)


def _attack_lemmas() -> set[str]:
    lex = _lexicon()["blame"]
    return {*lex["perpetrate"], *lex["attack_verbs"]}


def _said_own_attack(verb) -> str | None:
    """"The group said its fighters stormed the base", "said it carried out the attack": the
    speaker names itself as the attacker."""
    attacks = _attack_lemmas()
    own = set(_lexicon()["claim"]["own"])
    for clause in verb.children:
        behind = clause.lemma_.lower() == "be" and any(c.lower_ in ("behind", "responsible") for c in clause.children)
        if clause.dep_ != "ccomp" or not (clause.lemma_.lower() in attacks or behind):
            continue  # "said its fighters stormed the base", "said it was behind the attack"
        subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subject is not None and any(t.lower_ in own or _own_group(t) for t in subject.subtree):
            return "denial" if _negated(clause) else "claim"  # "said it had not carried out the bombing"
    return None


def _own_group(token) -> bool:
    """"the group's members", "the outfit's fighters": the speaking group's own people."""
    return token.lower_ in _lexicon()["parties"]["anaphors"] and any(c.dep_ == "case" for c in token.children)


def _claim_noun(noun, last_person) -> list[Statement]:
    """"IS made the first claim of responsibility", "the group's claim of responsibility", "a
    claim by the Zarqa Brigade"; "made the claim" with no "of responsibility" is a
    responsibility claim only when an armed group makes it."""
    if _nobody(noun) or (noun.head.i != noun.i and _negated(noun.head)):
        return []  # "there was no claim of responsibility", "has not made any claim"
    of = next((c for c in noun.children if c.lower_ == "of"), None)
    responsibility = of is not None and any(t.lemma_.lower() == "responsibility" for t in of.subtree)
    claimant = None
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    if possessor is not None and possessor.pos_ != "PRON":
        claimant = _phrase(possessor)
    elif by is not None:
        claimant = _object_of(by)
    elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in _lexicon()["claim"]["noun_verbs"]:
        claimant = _subject(noun.head, last_person)
    if claimant is None:
        return []
    return [Statement("claim", noun.idx, _end(noun), claimant, claimant, needs=None if responsibility else "armed_group")]


def _blamed(verb) -> list[Party]:
    lex = _lexicon()["blame"]
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() not in lex["events"] and child.tag_ not in ("WDT", "WP"):
            return _parties(child)  # not "the attack, which locals attribute to X"
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "to"):
            return _objects_of(child)
    for child in verb.children:
        if child.dep_ == "dobj":
            for grandchild in child.children:
                if grandchild.dep_ == "prep" and grandchild.lower_ in ("on", "to"):
                    return _objects_of(grandchild)
    return []


def _blame_noun(noun, last_person) -> list[Statement]:
    """"put the blame squarely on the Taliban", "accusations against India", "laid the blame at
    the door of X"."""
    places = [*noun.children, *(noun.head.children if noun.dep_ == "dobj" else ())]
    at = next((c for c in places if c.dep_ == "prep" and c.i > noun.i and c.lower_ in ("on", "onto", "against", "at")), None)
    if at is None or _nobody(noun) or noun.head.lemma_.lower() in _lexicon()["blame"]["noun_refused"]:
        return []  # "deflected blame", "denied the accusations against it"
    targets = _objects_of(at)
    door = next((t for t in at.subtree if t.lower_ == "door"), None)  # "at the door of X"
    if door is not None:
        targets = _objects_of(next((c for c in door.children if c.lower_ == "of"), None))
    speaker = _subject(noun.head, last_person) if noun.dep_ in ("dobj", "pobj") else None
    return [Statement("blame", noun.idx, _end(noun), speaker, t) for t in targets]


def _identified(verb, last_person, lex: dict) -> list[Statement]:
    """"The army identified the Zarqa Brigade as the group behind the raid"; "X was named as
    the perpetrator". An "as ..." without a culprit word ("identified the man as a 25-year-old")
    blames nobody."""
    culprit = set(lex["blame"]["culprit"])
    named = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    if named is not None and named.dep_ == "dobj" and verb.dep_ == "conj" and verb.head.lemma_.lower() in lex["blame"]["verbs"]:
        # "blamed the attack on foreign sponsors and named France and Ukraine": the names are the blamed
        speaker = _subject(verb.head, last_person)
        return [Statement("blame", verb.idx, _end(verb), speaker, t) for t in _parties(named)]
    as_ = next((c for c in [*verb.children, *(named.children if named is not None else ())] if c.dep_ == "prep" and c.lower_ == "as"), None)
    if named is None or as_ is None:
        return []
    speaker = _subject_agent(verb) if named.dep_ == "nsubjpass" else _subject(verb, last_person)
    role = next((c for c in as_.children if c.dep_ == "pobj"), None)
    if named.lower_ in lex["blame"]["attackers"] and role is not None and role.lower_ in lex["blame"]["membership"]:
        # "identified the gunmen as members of the Zarqa Brigade": the group is blamed
        of = next((c for c in role.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        return [Statement("blame", verb.idx, _end(verb), speaker, t) for t in _objects_of(of)]
    if not any(t.lower_ in culprit for t in as_.subtree):
        return []
    return [Statement("blame", verb.idx, _end(verb), speaker, t) for t in _parties(named)]


def _said_carried_out(verb, depth: int = 0) -> tuple[list[Party], str | None]:
    """X said [(there was evidence that) Y carried out / was behind] the attack -> Y is blamed.
    Returns the blamed parties and what they must be (``Statement.needs``)."""
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "acl", "relcl", "attr", "dobj", "nsubj") or depth > 3:
            continue
        found = _clause_blame(clause, clause.dep_)
        if found[0]:
            return found
        deeper = _said_carried_out(clause, depth + 1)
        if deeper[0]:
            return deeper
    return [], None


def _clause_blame(clause, dep: str) -> tuple[list[Party], str | None]:
    """The party a reported clause names as the attacker: "Y carried out the attack", "the
    bombing was planned by Y", "Y was behind it", "the cell belonged to Y", "it was Y"."""
    lex = _lexicon()["blame"]
    lemma = clause.lemma_.lower()
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subject is None and lemma == "involve":  # "said RAW was involved in the attacks"
        subject = next((c for c in clause.children if c.dep_ == "nsubjpass"), None)
    if subject is None:  # passive: "the bombing was planned by X" names X, not the bombing
        subject = _agent(clause)
    if dep in ("ccomp", "acl") and subject is not None and subject.pos_ != "PRON" and _of_an_attack(clause, subject) and (
        lemma in lex["perpetrate"] or lemma == "involve" or any(c.lemma_.lower() in lex["perpetrate"] for c in clause.conjuncts)
    ):
        return _parties(subject), None
    if dep == "ccomp" and subject is not None and subject.pos_ != "PRON" and lemma in lex["direct"] and _of_the_attackers(clause, subject, lex):
        return _parties(subject), None  # "the cell had been directed by commanders of X", "X sent the bombers"
    if dep in ("ccomp", "acl") and lemma in lex["belong"]:
        to = next((c for c in clause.subtree if c.lower_ == "to" and c.dep_ == "prep" and c.i > clause.i), None)
        parties = _objects_of(to)
        if parties:
            return parties, None
    if dep == "ccomp" and subject is not None:  # "the gunmen acted on the orders of X", "under the command of X"
        parties = _commanded_by(clause, lex)
        if parties and not _negated(clause):
            return parties, None
    if dep == "ccomp" and lemma in lex["receive"] and subject is not None and subject.lower_ in lex["attackers"]:
        # "the attackers received support from X", "the cell got its weapons from X"
        given = next((c for c in clause.children if c.dep_ == "dobj" and (c.lemma_.lower() in lex["support"] or c.lower_ in lex["support"])), None)
        source = next((c for c in [*clause.children, *(given.children if given is not None else ())] if c.dep_ == "prep" and c.lower_ == "from"), None)
        parties = _objects_of(source) if given is not None else []
        if parties and not _negated(clause):
            return parties, None
    if dep == "ccomp":  # "it was the handiwork of X", "made possible with the involvement of X"
        agency = next((t for t in clause.subtree if t.lemma_.lower() in lex["agency"] and t.pos_ == "NOUN"), None)
        parties = _objects_of(next((c for c in agency.children if c.lower_ == "of"), None)) if agency is not None else []
        if parties and not _negated(clause):
            return parties, None
    if dep == "ccomp" and lemma == "be":
        attribute = next((c for c in clause.children if c.dep_ in ("attr", "acomp", "prep")), None)
        if attribute is not None and attribute.lower_ in ("behind", "responsible") and subject is not None and subject.pos_ != "PRON":
            return _parties(subject), None
        if attribute is not None and attribute.dep_ == "attr" and subject is not None and subject.lower_ == "it" and not _negated(clause):
            return _parties(attribute), "actor"  # "claim it was Ukraine", not "it was a security lapse"
    return [], None


def _commanded_by(clause, lex: dict) -> list[Party]:
    """Who a clause's subject acted for: "under the command of X", "on the orders of X", "at the
    behest of X", "on orders from X" -> X and the parties in apposition with X ("X, a senior
    commander of the Zarqa Brigade": the caller keeps the registered one)."""
    for preposition in (c for c in clause.children if c.dep_ == "prep" and c.lower_ in ("under", "on", "at", "upon")):
        noun = next((c for c in preposition.children if c.dep_ == "pobj"), None)
        if noun is None or noun.lemma_.lower() not in lex["command"]:
            continue
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("of", "from")), None)
        return _objects_of(of)
    return []


def _of_the_attackers(clause, subject, lex: dict) -> bool:
    """Who was directed, sent or paid are the attackers: "directed the cell", "the bombers were sent by"."""
    done = [c for c in clause.children if c.dep_ in ("dobj", "nsubjpass") and c.i != subject.i]
    return any(d.lower_ in lex["attackers"] or d.lemma_.lower() in lex["attackers"] for d in done)


def _of_an_attack(clause, subject) -> bool:
    """What was carried out, launched or staged is an attack ("carried out the bombing", "the
    blast was planned by"), not "launched a manhunt" or "conducted an operation"."""
    lex = _lexicon()["blame"]
    attacks = {*lex["events"], *lex["complicity"], *_lexicon()["claim"]["objects"]} - {"operation"}
    done = [c for node in (clause, *clause.conjuncts) for c in node.children if c.dep_ in ("dobj", "nsubjpass") and c.i != subject.i]
    return not done or any(d.pos_ == "PRON" or d.lemma_.lower() in attacks or d.lower_ in attacks for d in done)


def _according_to_blame(to, speaker: Party) -> list[Statement]:
    """"According to the BCIJ, the cell had pledged allegiance to X": the clause "according to"
    hangs on is reported by that speaker, as after "said"."""
    clause = to.head.head if to.head.lower_ == "according" else to.head
    if clause.pos_ not in ("VERB", "AUX"):
        return []
    blamed, needs = _clause_blame(clause, "ccomp")
    cue = to.head
    return [Statement("blame", cue.idx, _end(to), speaker, party, needs=needs) for party in blamed]


def _agent(clause):
    """The agent of a passive clause or of a verb coordinated with it: "was prepared and
    carried out by X"."""
    for node in (clause, *clause.conjuncts):
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if pobj is not None:
            return pobj
    return None
