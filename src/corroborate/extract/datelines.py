"""Datelines: the place (and day) a report was filed from, opening its first line ("QUETTA:",
"Kabul —", "MOGADISHU, Oct 29 (Reuters)", "Islamabad [Pakistan], October 14"). The model often
misses them; a dateline is where the report was written, which is the story's place only when
the body does not name another."""

from __future__ import annotations

from .gazetteer import fold

DATELINE_MONTHS = frozenset("january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec".split())


def with_datelines(doc, gaz, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans found so far and the places of datelines the model missed: a known name opening
    a line, then ":", a dash, a bracket, or a comma and a month ("QUETTA:", "Kabul —",
    "MOGADISHU, Oct 29 (Reuters)", "Islamabad [Pakistan], October 14")."""
    taken = {k for a, b in spans for k in range(a, b)}
    found = list(spans)
    for token in doc:
        i = token.i
        if i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
            continue
        for length in (3, 2, 1):
            end = i + length
            if end >= len(doc) or taken.intersection(range(i, end)):
                continue
            words = doc[i:end]
            if all(t.is_alpha and (t.is_title or t.is_upper) for t in words) and is_dateline(doc, i, end):
                if any(p.kind in ("city", "admin1", "country") for p in gaz.lookup(words.text)):
                    found.append((i, end))
                    break
    return sorted(found)


def is_dateline(doc, start: int, end: int) -> bool:
    """A name opening a line and followed by ":", a dash, a bracket or ", <month>"."""
    if start > 0 and not (doc[start - 1].is_space and "\n" in doc[start - 1].text) or end >= len(doc):
        return False
    month = end + 1 < len(doc) and doc[end + 1].lower_.rstrip(".") in DATELINE_MONTHS
    return doc[end].text in (":", "—", "–", "[", "(") or (doc[end].text == "," and month)


def filed_elsewhere(dateline, mentions: list, datelines: set[int]) -> bool:
    """A dateline is where the report was filed: not the story's place when the body names other
    towns or another region of its country and never its own ("NEW DELHI: ... an attack near
    Pahalgam", "NEW DELHI: ... in Jammu and Kashmir")."""
    own = dateline.place
    if own is None:
        return False
    body = [
        m for m in mentions if m.start not in datelines and m.place is not None and m.place.country_code == own.country_code
        and (m.place.kind in ("city", "unresolved") or m.place.kind == "admin1" and m.place.admin1 != own.admin1)
    ]  # fmt: skip
    if any(fold(own.name) in (fold(m.text), fold(m.place.name)) for m in body):
        return False
    return bool(body)


__all__ = ["filed_elsewhere", "is_dateline", "with_datelines"]
