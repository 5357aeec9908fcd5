"""Casualty claims: a count (numbers.py) tied to killed, injured, missing or arrested by its context.

Three shapes cover most news sentences, each read off the tokens around the count:
- after the count:  "13 people were killed", "41 dead, 80 wounded", "a 12-year-old and three others were shot";
- before the count: "killing 13 people", "arrested nine", "claimed the lives of 13", "killing and wounding hundreds";
- toll phrases:     "the death toll rose to 133" (an update), "a toll of 15".
Counts in hypothetical clauses ("could have killed hundreds", "planning to kill"), denied counts
("no one was hurt", "neither the driver nor the passenger was injured") and shots ("fired one
shot", "shot three times") are not claims.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .casualty_lexicon import CATEGORIES, Casualty, lexicon  # noqa: F401 (CATEGORIES: the claim kinds, public here)
from .numbers import Quantity, parse_quantity, whole_number_end
from .tolls import toll

# How far (in tokens) a noun phrase may run between a count and its casualty word.
MAX_NOUN_PHRASE = 5
MAX_BETWEEN = 5
HYPOTHETICAL_WINDOW = 4
_AGE_WORDS = ("year", "month", "week")
_ASIDES = ("including", "among", "mostly", "most", "many", "all", "mainly", "some", "one", "two", "three", "both", "several", "half")
MAX_ASIDE = 12
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight last this early "
    "late overnight morning afternoon evening night january february march april may june july august "
    "september october november december days weeks hours minutes later".split()
)
# Words a noun phrase may hold between a count and its casualty word: "one of their students".
_NOUN_PHRASE_WORDS = frozenset({"of", "them", "whom", "other", "more", "others", "their", "his", "her", "its", "those", "these"})
_SINGULAR_DETERMINERS = frozenset({"the", "a", "an", "one", "another"})
_HAVE = frozenset({"have", "has", "had"})
_PASSIVE_AUX = frozenset({"were", "was", "are", "is", "been", "be", "being", "have", "has", "had", "got", "get"})


def find_casualties(words: list[str], pos: list[str], people: dict[int, int] | None = None) -> list[Casualty]:
    """Casualty claims in one sentence, given its lower-cased token texts and coarse POS tags.

    ``people`` maps the first token of each named person to the token after the name: a named
    person is a count of one ("Jordan Smith, 24, was shot and killed").
    """
    people = people or {}
    found: list[Casualty] = []
    consumed: set[int] = set()
    i = 0
    while i < len(words):
        multiple = _multiple(words, i)
        if multiple is not None:
            found.append(multiple)
            i += 2
            continue
        quantity = _quantity_at(words, pos, i, people)
        if quantity is None or quantity.end <= quantity.start or i in consumed:
            i += 1  # a count consumes at least one word, or it is no count
            continue
        fired = quantity.start > 0 and words[quantity.start - 1] in _FIRING
        claim = None if fired or _negated(words, quantity.start) else _classify(words, pos, quantity, people)
        if claim is not None and not _hypothetical(words, claim):
            claim = _with_perpetrators(words, pos, claim)
            if not claim.update and (_earlier_report(words, claim) or _boasted(words, claim)):
                claim = replace(claim, superseded=True)
            found.append(claim)
            consumed.update(range(claim.quantity.start, claim.quantity.end))
            # Nothing inside "a deputy sheriff was hurt" counts again; and the scan always moves on.
            i = max(i + 1, claim.quantity.end, claim.cue_end)
        else:
            i = quantity.end if quantity.end > i else i + 1
    return found


@lru_cache(maxsize=1)
def _phrases_by_first_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """[after_phrases] by first word, longest first."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, category in sorted(lexicon().after_phrases.items(), key=lambda kv: -len(kv[0])):
        table.setdefault(phrase[0], []).append((phrase, category))
    return table


def _phrase_at(words: list[str], j: int) -> tuple[tuple[str, ...], str] | None:
    """The longest [after_phrases] entry starting at token j, with its category."""
    if j >= len(words):
        return None
    for phrase, category in _phrases_by_first_word().get(words[j], ()):
        if tuple(words[j : j + len(phrase)]) == phrase:
            return phrase, category
    return None


def _multiple(words: list[str], i: int) -> Casualty | None:
    """Counts a noun implies: "a double shooting" (two people shot), "a triple homicide" (three
    killed), "a murder-suicide" (two dead), "a deadly shooting" (at least one dead), "a shooting
    death" (one dead)."""
    lex = lexicon()
    if words[i] in lex.multiples and i + 1 < len(words) and words[i + 1] in lex.multiple_nouns:
        n = lex.multiples[words[i]]
        if words[i + 1 : i + 4] == ["murder", "-", "suicide"]:
            return Casualty("killed", Quantity(n + 1, n + 1, "exact", i, i + 1), False, i + 1, i + 4)
        return Casualty(lex.multiple_nouns[words[i + 1]], Quantity(n, n, "exact", i, i + 1), False, i + 1, i + 2)
    if words[i : i + 3] == ["murder", "-", "suicide"] and (i == 0 or words[i - 1] not in lex.multiples and words[i - 1] != "attempted"):
        return Casualty("killed", Quantity(2, 2, "exact", i, i + 3), False, i, i + 3)
    if words[i] in ("fatal", "deadly") and words[i + 1 : i + 2] in (["shooting"], ["stabbing"], ["attack"]) and words[i + 2 : i + 3] != ["of"]:
        return Casualty("killed", Quantity(1, None, "at_least", i, i + 1), False, i + 1, i + 2)
    if words[i] in ("shooting", "stabbing") and words[i + 1 : i + 2] == ["death"] and words[i + 2 : i + 3] != ["of"] and i > 0 and (
        words[i - 1] in ("a", "an", "the", "accidental", "apparent", "suspicious", "weekend", "overnight")
    ):
        return Casualty("killed", Quantity(1, 1, "exact", i, i + 1), False, i, i + 2)  # "an accidental shooting death"
    return None


def _quantity_at(words: list[str], pos: list[str], i: int, people: dict[int, int] | None = None) -> Quantity | None:
    if people and i in people:
        return Quantity(1, 1, "exact", i, people[i])
    if words[i] == "another" and i + 1 < len(words) and (words[i + 1] in lexicon().after or _phrase_at(words, i + 1) is not None):
        return Quantity(1, 1, "exact", i, i + 1)  # "one teen killed, another injured", "another in critical condition"
    if words[i] == "another" and (age_end := _skip_age(words, i + 1)) > i + 1:
        return Quantity(1, 1, "exact", i, age_end)  # "another 5-year-old was hurt"
    if words[i] == "another" and (counted := parse_quantity(words, i + 1)) is not None and not counted.article:
        return replace(counted, start=i)  # "another 8 students were hurt": people besides those counted before
    if words[i] in _SINGULAR_DETERMINERS and _person_follows(words, pos, i + 1):
        return Quantity(1, 1, "exact", i, i + 1, article=True)  # "the victim", "the man"
    if _bare_object(words, pos, i):
        return Quantity(1, 1, "exact", i, i + 1, article=True)  # a headline's "bomb kills deputy governor"
    quantity = parse_quantity(words, i)
    if quantity is None:
        return None
    if quantity.qualifier == "range" and i > 0 and words[i - 1] in ("from", "by") and "to" in words[i : quantity.end]:
        # "rose from 90 to 170", "revised down by 100 to 253" are moves, not ranges: the first
        # figure alone here, the second read as its own count.
        quantity = parse_quantity(words[: words.index("to", i)], i) or quantity
    end = quantity.end
    if is_age(words, end) and not quantity.article:
        if i > 0 and (words[i - 1] in _SINGULAR_DETERMINERS or pos[i - 1] in ("DET", "NUM", "ADJ")):
            return None  # the "12" of "a 12-year-old": the article before it is the count
        age_end = _age_end(words, end)
        if age_end < len(words) and pos[age_end] == "PROPN":
            while age_end < len(words) and pos[age_end] == "PROPN":
                age_end += 1
            return Quantity(1, 1, "exact", i, age_end)  # "19-year-old Dana Price"
        if age_end < len(words) and pos[age_end] in ("NOUN", "PROPN") and words[age_end] not in lexicon().persons and words[age_end] not in lexicon().after:
            return None  # "a 3-year-old program"
        return Quantity(1, 1, "exact", i, age_end)  # "the shooting of 16-year-old": one person
    if quantity.article:
        noun_end = _skip_age(words, end)
        if noun_end == end and not (end < len(words) and words[end] in lexicon().persons):
            if not (end + 1 < len(words) and pos[end] == "ADJ" and words[end + 1] in lexicon().persons):
                return None
    if quantity.qualifier == "exact" and 1900 <= quantity.min <= 2100 and pos[i] == "NUM" and quantity.end - quantity.start == 1:
        if i > 0 and words[i - 1] in ("in", "since", "of", "by", "until", "from", ",", "during"):
            return None  # a year
    if end < len(words) and words[end] in ("%", "percent", "per", "am", "pm", "a.m.", "p.m.", ":"):
        return None
    return quantity


def _bare_object(words: list[str], pos: list[str], i: int) -> bool:
    """A singular person noun with no determiner right after a verb that counts ("Bomb kills
    deputy governor", headline style); not a participle used as an adjective ("the killed officer")."""
    if i == 0 or words[i - 1] not in lexicon().before or (i > 1 and words[i - 2] in _SINGULAR_DETERMINERS):
        return False
    if pos[i] not in ("NOUN", "ADJ", "PROPN") or words[i] in _SINGULAR_DETERMINERS:
        return False
    return _person_follows(words, pos, i) and not words[i].endswith("s")


def _person_follows(words: list[str], pos: list[str], j: int) -> bool:
    """A singular person noun (after an age or one adjective) starts at j: "the 24-year-old man"."""
    j = _skip_age(words, j)
    if j < len(words) and pos[j] == "ADJ":
        j += 1
    persons = lexicon().persons
    return j < len(words) and words[j] in persons and words[j] not in ("others", "people", "year", "old")


MAX_TITLE = 3  # capitalised words of a title before a name ("Court Officer")


def _titled_person(pos: list[str], j: int, people: dict[int, int]) -> Quantity | None:
    """A named person after a title starting at j ("Court Officer Ron Kienzle"): a count of one."""
    for k in range(j + 1, min(len(pos), j + 1 + MAX_TITLE)):
        if k in people and all(pos[x] == "PROPN" for x in range(j, k)):
            return Quantity(1, 1, "exact", j, people[k])
    return None


def _people_follow(words: list[str], pos: list[str], j: int) -> bool:
    """A plural person noun (after one adjective) starts at j: "two teenage sons"."""
    if j < len(words) and pos[j] == "ADJ":
        j += 1
    if j >= len(words):
        return False
    word = words[j]
    return word in ("children", "men", "women", "people") or (word.endswith("s") and word[:-1] in lexicon().persons)


def is_age(words: list[str], j: int) -> bool:
    """An age follows a number at j: "12-year-old", "2 year old", "2 yo"."""
    if j < len(words) and words[j] == "yo":
        return True
    if j + 1 < len(words) and words[j] in ("year", "years") and words[j + 1] == "old":
        return True
    return j + 1 < len(words) and words[j] == "-" and words[j + 1] in _AGE_WORDS


def _skip_age(words: list[str], j: int) -> int:
    """After "a", skip "12 - year - old" or "three - year - old" so the count of one applies
    to the person."""
    number_end = whole_number_end(words, j)
    if number_end > j and is_age(words, number_end):
        return _age_end(words, number_end)
    return j


def _age_end(words: list[str], j: int) -> int:
    """The word after the age that starts at j ("- year - old", "years old", "yo")."""
    k = j
    while k < len(words) and words[k] in _AGE_SUFFIX:
        k += 1
    return k


_AGE_SUFFIX = frozenset({"-", "year", "month", "week", "old", "years", "months", "weeks", "yo"})


def _classify(words: list[str], pos: list[str], quantity: Quantity, people: dict[int, int]) -> Casualty | None:
    if quantity.start > 0 and pos[quantity.start - 1] == "VERB" and _before_phrase(words, quantity.start) is not None:
        # The object of "killed", "wounding": "a gunman who killed five people last week was hospitalized".
        return _before(words, pos, quantity, people) or _after(words, pos, quantity, people) or toll(words, pos, quantity)
    return _after(words, pos, quantity, people) or _before(words, pos, quantity, people) or toll(words, pos, quantity)


NEGATION_WINDOW = 8
_FIRING = frozenset({"fired", "fire", "fires", "firing", "heard", "hearing"})  # "fired one shot": a shot, not a person


def _negated(words: list[str], i: int) -> bool:
    """The count is denied or asked about: "no one was hurt", "no other people were injured",
    "neither the driver nor the passenger was injured", "it is unclear how many were hurt"."""
    if i > 0 and words[i - 1] in ("no", "nor", "how"):
        return True
    for k in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW), -1):
        if words[k] in (".", ";", ":"):
            return False
        if words[k] == "neither":
            return True
    return False


def _after(words: list[str], pos: list[str], quantity: Quantity, people: dict[int, int]) -> Casualty | None:
    lex = lexicon()
    j = _skip_age(words, quantity.end)
    # An age in commas after a name or noun: "Jordan Smith, 24, was shot".
    if j + 2 < len(words) and words[j] == ",":
        k = j + 1 + (words[j + 1] in ("also", "age", "aged"))
        if k + 1 < len(words) and words[k].isdigit() and words[k + 1] == ",":
            j = k + 2
    # Where they are from: "Blake Case, of Lawrence County, was killed", "a man from Dayton was shot".
    if j < len(words) and words[j] in (",", "of", "from", "at", "in"):
        k = j + 1 if words[j] == "," else j
        if k + 1 < len(words) and words[k] in ("of", "from", "at", "in") and pos[k + 1] == "PROPN":
            k += 1
            while k < len(words) and pos[k] == "PROPN":
                k += 1
            j = k + 1 if (k < len(words) and words[k] == ",") else k
    # Noun phrase: "people", "Afghan civilians", "of them", "others".
    start_noun = j
    while j < len(words) and j - start_noun < MAX_NOUN_PHRASE and (
        pos[j] in ("NOUN", "PROPN", "ADJ") or words[j] in _NOUN_PHRASE_WORDS or words[j - 1 : j + 1] == ["of", "the"]  # "two of the victims"
    ):
        if words[j + 1 : j + 3] == ["-", "by"]:
            j += 3  # "passers-by"
            continue
        if words[j] in lex.not_people:
            return None  # "five rounds were shot"
        if words[j] in lex.nouns and j == start_noun:
            if quantity.start > 0 and words[quantity.start - 1] in lex.saving:
                return None  # "the surgeons saved 30 lives"
            return Casualty(lex.nouns[words[j]], quantity, False, j, j + 1)
        if words[j] in lex.after and pos[j] in ("ADJ", "VERB", "PROPN") and j > start_noun:
            break  # "41 dead" parsed as ADJ after a noun, "Three People Shot" in a headline: the casualty word
        if words[j] in lex.after and j == start_noun:
            break
        if _phrase_at(words, j) is not None:
            break  # "a 17-year-old suffering from gunshot wounds"
        j += 1
    quantity, j = _listed(words, pos, quantity, j, people)
    quantity = _whole_of_aside(words, quantity, j)
    j = _aside_end(words, j)
    # Coordinated counts share one predicate: "a 12-year-old and three others were shot".
    if j + 1 < len(words) and words[j] == "and" and _before_phrase(words, quantity.start) is None:
        following = _quantity_at(words, pos, j + 1, people)
        if following is None:  # a title before a name: "Supervisor Joe Zangaro and Court Officer Ron Kienzle"
            following = _titled_person(pos, j + 1, people)
        if following is not None and j > start_noun and _bare(words, pos, following):
            # "there were 127 victims and 40 died": the 40 are among the 127, not added to them
            return _survivors(words, pos, quantity, following, start_noun, j, people)
        if following is not None:
            claim = _after(words, pos, following, people)
            if claim is not None and not claim.update:
                return Casualty(claim.category, quantity.plus(following), False, claim.cue_start, claim.cue_end)
    k = j
    while k < len(words) and k - j < MAX_BETWEEN and words[k] in lex.between and words[k] not in lex.after:
        if words[k] in ("and", "or") and k == j:
            return None
        k += 1
    for x in range(j, k + 1):  # "was in serious condition": the phrase may start on a linking word
        phrase = _phrase_at(words, x)
        if phrase is not None:
            last = x + len(phrase[0]) - 1
            if pos[last] == "VERB" and _active_with_object(words, pos, j, last):
                return None  # "a gunman fatally shot one worshipper": the count is the attacker
            return Casualty(phrase[1], quantity, False, x, last + 1)
    # "140 injured victims": a participle between a number and its noun (not "he killed people").
    adjectival = k == start_noun and pos[quantity.end - 1] == "NUM" and k + 1 < len(words) and pos[k + 1] == "NOUN"
    if k < len(words) and words[k] in lex.after and not adjectival and _active_with_object(words, pos, j, k):
        return None  # "a gunman shot two people": the count is the attacker, not a victim
    if k < len(words) and words[k] == "fatally" and k != quantity.end:
        return None  # only right after its count: "five shot, one fatally"
    if k < len(words) and words[k] in lex.after:
        if k + 1 < len(words) and words[k + 1] in _NOUN_SHOT_FOLLOWERS.get(words[k], ()):
            return None  # "at least one shot was fired", "one hit-and-run": a shot, not a person
        category = lex.after[words[k]]
        if category == "injured" and "of" in words[quantity.end : k] and _dies_later(words, k + 1):
            return Casualty("killed", quantity, False, k, k + 1)  # "nine of the critically injured died": dead, no longer hurt
        if category == "injured" and k == j and _dies_later(words, k + 1):
            return Casualty("killed", quantity, False, k, k + 1)  # "a teen shot near the campus died Friday"
        if category == "injured" and words[k] == "shot" and k + 1 < len(words) and words[k + 1] == "dead":
            return Casualty("killed", quantity, False, k, k + 2)
        if k + 2 < len(words) and words[k + 1] in ("and", "or") and words[k + 2] in lex.after:
            other = lex.after[words[k + 2]]
            if {category, other} == {"killed", "injured"}:
                return Casualty("casualties", quantity, False, k, k + 3)
        if category == "injured":
            died = _died_after(words, k + 1)
            if died is not None:  # "was rushed to the hospital, where she died"; "was shot and later died"
                return Casualty("killed", quantity, False, k, died + 1)
        return Casualty(category, quantity, False, k, k + 1)
    return None


_ALL_HIT = frozenset({"victims", "casualties"})


def _survivors(words: list[str], pos: list[str], whole: Quantity, dead: Quantity, start_noun: int, end_noun: int, people: dict[int, int]) -> Casualty | None:
    """"There were 127 victims and 40 died": the victims who did not die were hurt (87), when both
    counts are exact and the victims are all the people hit."""
    noun = next((k for k in range(start_noun, end_noun) if words[k] in _ALL_HIT), None)
    claim = _after(words, pos, dead, people)
    if noun is None or claim is None or claim.category != "killed" or whole.qualifier != "exact" or dead.qualifier != "exact":
        return None
    if whole.min != whole.max or dead.min != dead.max or dead.min >= whole.min:
        return None
    return Casualty("injured", replace(whole, min=whole.min - dead.min, max=whole.max - dead.max), False, noun, noun + 1)


def _whole_of_aside(words: list[str], quantity: Quantity, j: int) -> Quantity:
    """A part cannot outnumber its whole: "14 soldiers, including 26 people, died" says the whole
    the wrong way round, and the larger count is the total."""
    if words[j : j + 2] != [",", "including"] or quantity.max is None:
        return quantity
    part = parse_quantity(words, j + 2)
    if part is None or part.article or part.min <= quantity.max:
        return quantity
    return Quantity(part.min, part.max, part.qualifier, quantity.start, part.end)


def _aside_end(words: list[str], j: int) -> int:
    """After a parenthetical between a noun and its predicate, or ``j`` if none starts there:
    "284 others, including women and children, wounded", "31 people - mostly pilgrims - were killed",
    "five people (two of them children) died"."""
    if j + 1 >= len(words):
        return j
    if words[j] == "," and (words[j + 1] in _ASIDES or _of_them(words, j + 1)):
        closing = (",",)
    elif words[j] in _DASHES:
        closing = _DASHES
    elif words[j] == "(":
        closing = (")",)
    else:
        return j
    close = next((k for k in range(j + 2, min(len(words), j + 2 + MAX_ASIDE)) if words[k] in closing), None)
    return j if close is None else close + 1


_DASHES = ("-", "—", "–", "--")


def _of_them(words: list[str], i: int) -> bool:
    """A count of some of the people just counted starts at i: "56 others, 12 of them in critical
    condition, were injured"."""
    part = parse_quantity(words, i)
    return part is not None and words[part.end : part.end + 2] in (["of", "them"], ["of", "whom"])


def _listed(words: list[str], pos: list[str], quantity: Quantity, j: int, people: dict[int, int]) -> tuple[Quantity, int]:
    """A list of counts before "and": "five Syrians, one Egyptian and one Libyan were arrested"
    (all seven). Each item is a count with its own noun, followed by a comma; the last one, after
    "and", is added by the caller. Returns the sum so far and where the list stops."""
    total = quantity
    while j + 1 < len(words) and words[j] == ",":
        item = _quantity_at(words, pos, j + 1, people)
        if item is None or item.article:
            break
        end = _noun_end(words, pos, item.end)
        if end == item.end or end >= len(words) or words[end] not in (",", "and"):
            break  # an aside or a new clause ("..., including two children", "..., two were hurt")
        if words[end] == "," and words[end + 1 : end + 2] != ["and"] and not _list_continues(words, pos, end, people):
            break
        total = total.plus(item)
        j = end + 1 if words[end] == "," and words[end + 1 : end + 2] == ["and"] else end
    return total, j


def _list_continues(words: list[str], pos: list[str], comma: int, people: dict[int, int]) -> bool:
    """Another counted noun follows the comma ("five Syrians, one Egyptian, ...")."""
    item = _quantity_at(words, pos, comma + 1, people) if comma + 1 < len(words) else None
    return item is not None and not item.article and _noun_end(words, pos, item.end) > item.end


def _noun_end(words: list[str], pos: list[str], j: int) -> int:
    """The end of the nouns and adjectives starting at j ("Egyptian citizen")."""
    k = j
    while k < len(words) and k - j < MAX_NOUN_PHRASE and pos[k] in ("NOUN", "PROPN", "ADJ") and words[k] not in lexicon().after:
        k += 1
    return k


def _bare(words: list[str], pos: list[str], quantity: Quantity) -> bool:
    """A count with no noun of its own, its verb right after it ("and 40 died")."""
    end = quantity.end
    if quantity.article or pos[end - 1] != "NUM":
        return False  # "a woman", "Jordan Smith": a person noun of its own
    return end < len(words) and (pos[end] in ("VERB", "AUX") or words[end] in lexicon().after)


_UNITS_OF_TIME = frozenset({"time", "week", "day", "month", "year", "hour", "minute", "second"})
_NOUN_SHOT_FOLLOWERS = {"shot": frozenset({"was", "were", "being", "rang", "fired"}), "hit": frozenset({"-"})}
_DIED_JOINS = frozenset({"and", "but", "later", "then", "he", "she", "they", "where", "eventually", "subsequently", ","})
DIED_WINDOW = 20


def _died_after(words: list[str], j: int) -> int | None:
    """The same people died later in the sentence: a death verb right after "and", "but",
    "later", "where he" (and nothing that starts another claim or clause in between)."""
    lex = lexicon()
    for k in range(j, min(len(words), j + DIED_WINDOW)):
        word = words[k]
        if word in (";", ".", "while", "when", "after", "before", "who", "whose", "because") or word.isdigit():
            return None
        if word in ("died", "succumbed") and words[k - 1] in _DIED_JOINS:
            return k
        if k > j and word in lex.after and lex.after[word] != "injured":
            return None
    return None


_DEATH_VERBS = frozenset({"died", "dies", "has died", "succumbed"})
DIES_WINDOW = 12


def _dies_later(words: list[str], j: int) -> bool:
    """A reduced relative ("a boy shot in the head ... died Friday"): the clause's main verb,
    within a few words and before any clause break, is a death verb."""
    for k in range(j, min(len(words), j + DIES_WINDOW)):
        if words[k] in (";", ":", "but", "while", "and", "who", "after", "when"):
            return False
        if words[k] in _DEATH_VERBS:
            return True
    return False


def _active_with_object(words: list[str], pos: list[str], j: int, k: int) -> bool:
    """The casualty word follows its count as an active verb with an object ("a gunman
    (fatally) shot one worshipper"), not as a passive or a state ("were shot", "41 dead")."""
    # "has killed" is active (perfect), "has been killed" passive.
    if pos[k] != "VERB" or any((pos[x] == "AUX" and words[x] not in _HAVE) or words[x] in _PASSIVE_AUX - _HAVE for x in range(j, k)):
        return False
    following = k + 1 + (k + 1 < len(words) and words[k + 1] == "dead")
    if following >= len(words) or words[following] in _TIME_WORDS:
        return False  # "died Thursday night" has a time, not an object
    if words[following : following + 2] == ["at", "least"] or parse_quantity(words, following) is not None:
        return True  # "has killed at least 22 people", "killed numerous worshippers"
    if words[following] == "at":  # "shot at two people", but "shot at Georgia bar" is a place
        return following + 1 < len(words) and pos[following + 1] in ("NUM", "PRON") or words[following + 1 : following + 2] in (["a"], ["the"])
    return pos[following] in ("NUM", "DET", "PRON", "PROPN", "NOUN")


def _before_phrase(words: list[str], start: int) -> tuple[int, str] | None:
    """The [before] phrase right before a count ("killing", "arrested"): its length and category."""
    before = lexicon().before
    for length in (4, 3, 2, 1):
        phrase = tuple(words[max(0, start - length) : start])
        if len(phrase) == length and phrase in before:
            return length, before[phrase]
    return None


def _before(words: list[str], pos: list[str], quantity: Quantity, people: dict[int, int]) -> Casualty | None:
    found = _before_phrase(words, quantity.start)
    if found is None:
        return None
    length, category = found
    start = quantity.start
    if quantity.end < len(words) and (words[quantity.end] in lexicon().not_people or words[quantity.end] in _UNITS_OF_TIME):
        return None  # "shot three times", "was shot one week ago"
    quantity = _with_coordinated(words, pos, quantity, people)
    if category == "injured" and _to_death(words, quantity.end):
        category = "killed"  # "shooting three people to death", "shot two men dead"
    return Casualty(category, quantity, False, start - length, start)


def _with_coordinated(words: list[str], pos: list[str], quantity: Quantity, people: dict[int, int]) -> Quantity:
    """A verb's object counted with the people coordinated after it: "shooting a 7-year-old and
    her father" (two), "killing Jordan Smith and Dana Price" (two)."""
    j = _skip_age(words, quantity.end)
    while j < len(words) and j - quantity.end < MAX_NOUN_PHRASE and pos[j] in ("NOUN", "ADJ") and words[j] not in ("and", "or"):
        j += 1
    j = _of_phrase_end(words, pos, j)  # "the deputy governor of the eastern province and two of his guards"
    if j + 1 >= len(words) or words[j] != "and":
        return quantity
    titled = None if (j + 1) in people else _titled_person(pos, j + 1, people)
    if titled is not None:
        return quantity.plus(titled)  # "and Court Officer Ron Kienzle"
    if words[j + 1] in ("his", "her", "their") and j + 2 < len(words):
        counted = parse_quantity(words, j + 2)  # "injuring a mother and her two teenage sons"
        if counted is not None and not counted.article and not is_age(words, counted.end) and _people_follow(words, pos, counted.end):
            noun_end = counted.end + 1 + (pos[counted.end] == "ADJ")
            return quantity.plus(Quantity(counted.min, counted.max, counted.qualifier, j + 1, noun_end))
    if words[j + 1] in ("his", "her", "their") and _person_follows(words, pos, j + 2):
        return quantity.plus(Quantity(1, 1, "exact", j + 1, _skip_age(words, j + 2) + 1))  # "and her father"
    following = _quantity_at(words, pos, j + 1, people)
    if following is None or _negated(words, following.start) or _after(words, pos, following, people) is not None:
        return quantity  # "killing two and 40 others were wounded": the second count has its own claim
    if following.article or (j + 1) in people or _person_follows(words, pos, following.end) or _people_follow(words, pos, following.end) or (
        following.end < len(words) and words[following.end] == "others"
    ):
        return quantity.plus(following)
    if words[following.end : following.end + 1] == ["of"] and words[following.end + 1 : following.end + 2] in (["his"], ["her"], ["their"], ["the"]):
        if _people_follow(words, pos, following.end + 2):  # "and two of his bodyguards"
            return quantity.plus(following)
    return quantity


MAX_OF_PHRASE = 6


def _of_phrase_end(words: list[str], pos: list[str], j: int) -> int:
    """After an "of" phrase of names and nouns starting at j ("of the eastern Kunar province",
    "of Ghazni's police"), or ``j`` if none starts there."""
    if j >= len(words) or words[j] != "of":
        return j
    k = j + 1
    while k < len(words) and k - j <= MAX_OF_PHRASE and (pos[k] in ("DET", "PROPN", "ADJ", "NOUN", "PART") or words[k] == "'s"):
        k += 1
    return k if k > j + 1 and k < len(words) and words[k] == "and" else j


def _to_death(words: list[str], end: int) -> bool:
    """The count is followed (after its noun) by "to death" or "dead"."""
    after = words[end : end + 4]
    for k, word in enumerate(after):
        if word == "dead" or (word == "to" and k + 1 < len(after) and after[k + 1] == "death"):
            return True
        if word in (",", ".", "and", ";"):
            return False
    return False


# Attackers wounded stay "injured" for now (tests/test_extract_mentions.py pins "an officer shot two
# attackers" as injured 2); the dead are what victims' tolls get wrong.
PERPETRATOR_CATEGORY = {"killed": "perpetrators_killed"}


def _with_perpetrators(words: list[str], pos: list[str], claim: Casualty) -> Casualty:
    """Attackers are not victims: a count of attackers killed ("two gunmen were shot dead",
    "killing three attackers") is perpetrators_killed; a toll that includes some ("four people
    died, including one assailant") leaves them out."""
    if claim.category not in PERPETRATOR_CATEGORY:
        return claim
    q = claim.quantity
    if _is_perpetrator(words, pos, q):
        return replace(claim, category=PERPETRATOR_CATEGORY[claim.category])
    among = _perpetrators_among(words, pos, q.end, max(q.end, claim.cue_end))
    if among and q.min > among:
        high = None if q.max is None else q.max - among
        return replace(claim, quantity=replace(q, min=q.min - among, max=high))
    return claim


def _is_perpetrator(words: list[str], pos: list[str], q: Quantity) -> bool:
    """The counted noun (in the count's own words, "the suspect", or right after it, "one of the
    attackers") names attackers."""
    perpetrators = lexicon().perpetrators
    if "and" in words[q.start : q.end]:
        return False  # "two bailiffs and the gunman are dead": victims and attacker in one sum
    end = q.end + (words[q.end : q.end + 2] in (["of", "the"], ["of", "those"])) * 2
    end = _noun_end(words, pos, end)
    return any(w in perpetrators for w in words[q.start : end])


def _perpetrators_among(words: list[str], pos: list[str], start: int, end: int) -> int:
    """How many attackers an "including ..." aside counts among the people of a claim, right
    after the count's noun or right after the claim: "four people died, including one assailant"."""
    for k in range(start, min(len(words) - 1, end + 2)):
        if words[k] != "including":
            continue
        count = 1 if words[k + 1] in ("the", "a", "an") and k + 2 < len(words) and words[k + 2] in lexicon().perpetrators else None
        if count is None:
            item = parse_quantity(words, k + 1)
            if item is None or item.min != item.max or not _is_perpetrator(words, pos, item):
                return 0
            count = item.min
        return count
    return 0


SUPERSEDED_AFTER = 4  # "52 were killed initially": the cue may follow the claim by a few words


def _earlier_report(words: list[str], claim: Casualty) -> bool:
    """The sentence presents the figure as an earlier report: "initial reports spoke of 25 dead",
    "earlier, 35 deaths were reported", "at least 52 were killed initially"."""
    start = min(claim.quantity.start, claim.cue_start)
    end = min(len(words), max(claim.quantity.end, claim.cue_end) + SUPERSEDED_AFTER)
    # Only within the claim's clause: "police initially said 5, but later 8": 8 is no earlier report.
    first = max((k + 1 for k in range(start) if words[k] in _CONTRASTS), default=0)
    last = next((k for k in range(start, end) if words[k] in _CONTRASTS), end)
    return any(
        tuple(words[k : k + len(phrase)]) == phrase and k + len(phrase) <= last
        for k in range(first, last)
        for phrase in lexicon().superseded
    )


def _boasted(words: list[str], claim: Casualty) -> bool:
    """The attackers claim the count as their deed: "claimed responsibility for executing 214
    hostages", "the group claimed to have killed 50 soldiers" (the verb before the count)."""
    if claim.cue_end > claim.quantity.start:
        return False  # "50 soldiers were killed": the verb after the count
    return any(tuple(words[claim.cue_start - len(phrase) : claim.cue_start]) == phrase for phrase in lexicon().boasted)


_CONTRASTS = frozenset({"but", ";", "while", "whereas", "however", "."})


def _hypothetical(words: list[str], claim: Casualty) -> bool:
    lex = lexicon()
    cue = min(claim.cue_start, claim.quantity.start)
    before = words[max(0, cue - HYPOTHETICAL_WINDOW) : cue]
    if claim.cue_end <= claim.quantity.start and claim.cue_start > 0 and words[claim.cue_start - 1] in lex.modals:
        return True  # "can kill dozens": the verb before the count, right after a modal
    return any(word in lex.hypothetical for word in before)
