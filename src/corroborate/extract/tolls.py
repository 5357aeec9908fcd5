"""Toll statements: "the death toll rose to 133", "the number of dead has now reached 140",
"a toll of 15", "rose from 90 to 170" (the 90 superseded)."""

from __future__ import annotations

from .casualty_lexicon import Casualty, lexicon
from .numbers import Quantity, parse_quantity

TOLL_WINDOW = 6
TOLL_PHRASE_WINDOW = 30  # tokens between "toll from ..." and its verb (a school's full name may sit in it)
TOLL_OF = frozenset({"from", "of", "in", "after"})


def toll(words: list[str], pos: list[str], quantity: Quantity) -> Casualty | None:
    """A toll statement: "the death toll rose to 133", "the number of dead has now reached 140",
    "revised the toll down by 100 to 253", "death toll in the attack now at 42". Read backwards
    from the count over linking words, rising verbs and figures the toll moved by or from."""
    lex = lexicon()
    if quantity.start > 0 and words[quantity.start - 1] == "from":
        return _superseded(words, pos, quantity)
    update = False
    k = quantity.start - 1
    while k >= 0 and quantity.start - k <= TOLL_WINDOW:
        word = words[k]
        head = _toll_head(words, k)
        if head is not None:
            category, cue = head
            # "cuts the Peshawar bombing toll to 39": the verb may also stand before the noun.
            update = update or _rising_before(words, cue)
            return Casualty(category, quantity, update, cue, k + 1)
        if word in lex.rising:
            update = True
        elif word not in lex.linking:
            moved = _moved_by_or_from(words, k)
            if moved is None:
                break
            k = moved  # "down by 100 to 253", "from 90 to 170": the figure it moved by or from
        k -= 1
    if k < 0 or not (update or words[quantity.start - 1] in ("at", "to")):
        return None
    head = _toll_of(words, pos, k, clause_breaks=not update)
    if head is None:
        return None
    category, cue = head
    return Casualty(category, quantity, update or _rising_before(words, cue), cue, cue + 1)


def _superseded(words: list[str], pos: list[str], quantity: Quantity) -> Casualty | None:
    """"The toll rose from 90 to 170": 90 is the toll the report replaces (``superseded``)."""
    if quantity.end + 1 >= len(words) or words[quantity.end] != "to":
        return None
    current = parse_quantity(words, quantity.end + 1)
    claim = None if current is None else toll(words, pos, current)
    if claim is None:
        return None
    return Casualty(claim.category, quantity, False, claim.cue_start, claim.cue_end, superseded=True)


def _moved_by_or_from(words: list[str], k: int) -> int | None:
    """The count ending at token k follows "by" or "from" ("down by 100", "up from 11"): the
    index of that preposition, else None."""
    for j in range(k - 1, max(-1, k - 4), -1):
        if words[j] in ("by", "from"):
            moved = parse_quantity(words[: k + 1], j + 1)
            return j if moved is not None and moved.end == k + 1 else None
    return None


def _rising_before(words: list[str], cue: int) -> bool:
    return any(w in lexicon().rising for w in words[max(0, cue - TOLL_WINDOW) : cue])


def _toll_head(words: list[str], k: int) -> tuple[str, int] | None:
    """The toll noun phrase ending at token k: "toll" (killed), or "number of dead" / "number
    of people wounded" (the category of its last word): its category and first token."""
    lex = lexicon()
    if words[k] in lex.toll_nouns:
        return "killed", k
    if words[k] not in lex.toll_subjects:
        return None
    for j in range(k - 2, max(-1, k - 5), -1):
        if words[j] in lex.count_nouns and words[j + 1] == "of" and not _statistic(words, j, k + 1):
            return lex.toll_subjects[words[k]], j
    return None


def _statistic(words: list[str], start: int, end: int) -> bool:
    """A count of a period or a kind of crime, not of one attack's dead: "the number of homicide
    victims this year rose to 19"."""
    return any(w in lexicon().statistics for w in words[start:end])


def _toll_of(words: list[str], pos: list[str], end: int, clause_breaks: bool) -> tuple[str, int] | None:
    """"The death toll from Monday's bombing in Quetta rose to 20": the toll noun and a phrase
    saying what it is the toll of ("from", "of", "in") before the verb; with ``clause_breaks``
    (no rising verb), only within the clause: no comma and no other verb in between."""
    lex = lexicon()
    for k in range(end, max(-1, end - TOLL_PHRASE_WINDOW), -1):
        if words[k] in (".", ";", "but") or (clause_breaks and (words[k] == "," or (pos[k] == "VERB" and words[k] not in lex.linking))):
            return None
        if words[k] in lex.toll_nouns and k + 1 < len(words) and words[k + 1] in TOLL_OF:
            return "killed", k
        if words[k] in lex.count_nouns and words[k + 1 : k + 2] == ["of"]:
            subject = next((w for w in words[k + 2 : k + 5] if w in lex.toll_subjects), None)
            if subject is not None and not _statistic(words, k, end + 1):
                return lex.toll_subjects[subject], k
    return None
