"""Dates in news text as intervals with a precision, resolved against the publication date.

"on January 3" and "Monday evening" mean the dates nearest before the article was published;
"last month" is the month before. Without a publication date, the report's own date in its
dateline or byline ("KABUL, May 8, 2021 (AFP) -", "AFP 09 Oct 2021") stands for it; without
either, a date missing its year takes the latest year the document states, and a weekday or
"yesterday" can only be placed in that year: its precision drops to "year" and its basis says so.

Not dates of events, so not returned: the report's own date in a dateline or byline, the date
something was said ("officials said Tuesday", "told AFP on Saturday", "reported on January
10"), and a file photo's date in its caption.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .lexicon import load_toml

PRECISIONS = ("day", "week", "month", "year")
# A "January 3" more than this many days after publication is read as last year's.
FUTURE_TOLERANCE_DAYS = 7
MIN_YEAR, MAX_YEAR = 1900, 2100
# "N days ago" reaching back further than this is no incident date ("800000 days ago").
MAX_AGO_YEARS = MAX_YEAR - MIN_YEAR
_UNITS_PER_YEAR = {"day": 366, "week": 53, "month": 12, "year": 1}

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year’s eve": (12, 31),
    "new year's day": (1, 1),
    "new year’s day": (1, 1),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
}

_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"

PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?![\d:])")),
    ("day_month", re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("month_year", re.compile(rf"\b(?:(?:early|mid|late)[-\s])?{_MONTH},?\s+{_YEAR}\b")),
    ("holiday", re.compile(r"\b(?P<holiday>New Year[’']s Eve|New Year[’']s Day|Christmas Eve|Christmas Day)\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<last>last\s+|this\s+|next\s+)?{_WEEKDAY}{_PART}\b")),
    ("relative_day", re.compile(r"\b(?P<rel>the day before yesterday|yesterday|today|tonight|last night|this (?:morning|afternoon|evening))\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", re.I)),
    ("relative_period", re.compile(r"\b(?P<which>last|this|earlier this|past)\s+(?P<unit>week|month|year)\b", re.I)),
    ("month_alone", re.compile(rf"\b(?P<prep>(?i:in|on|since|during|last|this|early|late|mid|until))[-\s]+(?:early\s+|late\s+|mid-)?{_MONTH}\b(?!\s+[0-3]?\d\b)(?!,?\s+(?:19|20)\d\d)")),
    ("year", re.compile(rf"\b(?i:in|since|during|of|by|until|from|between|early|late|mid)[-\s]+(?:the\s+year\s+)?{_YEAR}\b(?![-/]\d)")),
]
_SMALL_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


@dataclass(frozen=True)
class DateValue:
    start: date
    end: date
    precision: str  # day | week | month | year
    basis: str  # stated | publication | document_year

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "precision": self.precision, "basis": self.basis}


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    value: DateValue | None  # None: the text names a date that cannot be placed


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, longest first where two overlap, in text order."""
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)]
    latest = max(years) if years else None
    own, own_spans, written = _report_date(text, latest)
    # a dateline's day with no year ("Islamabad, August 1 (ANI):") has only a guessed year: the
    # dates read against it keep their day but say the year is guessed (an article recalling
    # "rallies in 2011 and 2014" is not from 2014)
    context = _Context(published or own, latest, weak=published is None and own is not None and not written)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = list(own_spans)
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            value = _resolve(kind, match, context)
            if value is _NOT_A_DATE:
                continue
            taken.append(span)
            if kind in DAY_KINDS and (_said_on(text, *span) or _in_caption(text, span[0])):
                continue  # when it was said or photographed, not when it happened
            found.append(DateMention(match.group(0), span[0], span[1], value))
    return sorted(found, key=lambda m: m.start)


# Kinds of date that name a day: the ones a dateline, a speech verb or a caption can hold.
DAY_KINDS = frozenset(("iso", "month_day_year", "day_month_year", "month_day", "day_month", "holiday", "weekday", "relative_day"))
# A dateline: a place (and its country in brackets) and a comma before the date, a bracket,
# colon or dash after it: "MOGADISHU, Oct 29 (Reuters) -", "Islamabad [Pakistan], October 14 :".
_DATELINE_BEFORE = re.compile(r"^[ \t]*[A-Z][A-Za-z .'’-]{1,40}(?:\[[^\]\n]{1,30}\])?[ \t]*,[ \t]*$")
_DATELINE_AFTER = re.compile(r"^(?:,?[ \t]*(?:19|20)\d\d)?[ \t]*(?:\(|:|—|–|-)")
# A line holding a day and besides it at most this many words, each a name or one of
# BYLINE_WORDS, is a byline or timestamp ("AFP 09 Oct 2021", "Last modified: 29 October, 2022, 06:55 pm").
BYLINE_MAX_WORDS = 4
BYLINE_WORDS = frozenset("am pm on at updated published modified last posted by gmt utc".split())
BYLINE_WITHIN = 600  # characters from the top: bylines and datelines open an article


def _report_date(text: str, latest_year: int | None) -> tuple[date | None, list[tuple[int, int]], bool]:
    """The report's own day from its dateline or byline near the top, the spans of such
    dates (the report's, not an event's), and whether that day's year is written."""
    spans: list[tuple[int, int]] = []
    first: date | None = None
    written = False
    head = text[:BYLINE_WITHIN]
    for kind in ("iso", "month_day_year", "day_month_year", "month_day", "day_month"):
        for match in dict(PATTERNS)[kind].finditer(head):
            start, end = match.span()
            if any(start < b and a < end for a, b in spans):
                continue
            line_start = head.rfind("\n", 0, start) + 1
            line_end = head.find("\n", end)
            line = head[line_start : line_end if line_end >= 0 else len(head)]
            dateline = _DATELINE_BEFORE.match(head[line_start:start]) and _DATELINE_AFTER.match(head[end:])
            byline = line_end >= 0 and _byline(line.replace(match.group(0), " "))  # a line above the body
            if not (dateline or byline):
                continue
            spans.append((start, end))
            value = _resolve(kind, match, _Context(None, latest_year))
            if isinstance(value, DateValue) and (first is None or start < spans[0][0]):
                first, written = value.start, kind not in ("month_day", "day_month")
    return first, spans, written


def _byline(rest: str) -> bool:
    words = re.findall(r"[A-Za-z]+", rest)
    return len(words) <= BYLINE_MAX_WORDS and all(w[0].isupper() or w.lower() in BYLINE_WORDS for w in words)


@lru_cache(maxsize=1)
def _reporting() -> tuple[re.Pattern, tuple[str, ...]]:
    data = load_toml("places.toml")["reporting"]
    verbs = "|".join(sorted(map(re.escape, data["verbs"]), key=len, reverse=True))
    between = r"(?:reporters|journalists|the\s+media|in\s+a\s+statement|at\s+a\s+(?:news|press)\s+conference|(?:the\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,2})"
    pattern = re.compile(rf"\b(?:{verbs})(?:\s+{between})?\s+(?:on\s+|late\s+|early\s+)?$")
    return pattern, tuple(word.lower() for word in data["captions"])


def _said_on(text: str, start: int, end: int) -> bool:
    """"officials said Tuesday", "told AFP on Saturday": the day of a statement; not "said
    Monday's attack", where the day is the attack's."""
    if text[end : end + 2] in ("'s", "’s"):
        return False
    return bool(_reporting()[0].search(text[max(0, start - 80) : start]))


def _in_caption(text: str, start: int) -> bool:
    """A date on a line opening "File photo:": the day the photo was taken."""
    line = text[text.rfind("\n", 0, start) + 1 : start].lstrip().lower()
    return line.startswith(_reporting()[1])


_NOT_A_DATE = object()


@dataclass(frozen=True)
class _Context:
    published: date | None
    latest_year: int | None
    weak: bool = False  # the anchor's year is guessed: what is read against it says so

    @property
    def basis(self) -> str:
        return "document_year" if self.weak else "publication"

    @property
    def anchor(self) -> date | None:
        return self.published


def _resolve(kind: str, match: re.Match, ctx: _Context):
    groups = match.groupdict()
    try:
        if kind == "iso":
            day = date(int(groups["year"]), int(groups["m"]), int(groups["day"]))
            return DateValue(day, day, "day", "stated")
        if kind in ("month_day_year", "day_month_year"):
            day = date(int(groups["year"]), _month(groups["month"]), int(groups["day"]))
            return DateValue(day, day, "day", "stated")
        if kind in ("month_day", "day_month"):
            return _month_day(_month(groups["month"]), int(groups["day"]), ctx)
        if kind == "month_year":
            return _month_interval(int(groups["year"]), _month(groups["month"]), "stated")
        if kind == "holiday":
            month, day = HOLIDAYS[groups["holiday"].lower()]
            return _month_day(month, day, ctx)
        if kind == "weekday":
            return _weekday(WEEKDAYS[groups["weekday"].lower()], (groups["last"] or "").strip().lower(), ctx)
        if kind == "relative_day":
            return _relative_day(groups["rel"].lower(), ctx)
        if kind == "ago":
            return _ago(groups["n"].lower(), groups["unit"].lower(), ctx)
        if kind == "relative_period":
            return _relative_period(groups["which"].lower(), groups["unit"].lower(), ctx)
        if kind == "month_alone":
            if groups["month"] == "May" and groups["prep"].lower() in ("on",):
                return _NOT_A_DATE
            if groups["month"].rstrip(".").lower() not in [m.lower() for m in calendar.month_name if m]:
                return _NOT_A_DATE  # "in Jan" is too rare to risk "in Mar" etc. in names
            return _month_alone(_month(groups["month"]), groups["prep"].lower(), ctx)
        if kind == "year":
            year = int(groups["year"])
            return DateValue(date(year, 1, 1), date(year, 12, 31), "year", "stated")
    except (ValueError, OverflowError):  # "February 30"; "3 days ago" published on 0001-01-02
        return _NOT_A_DATE  # a date the calendar cannot hold is no date
    return _NOT_A_DATE


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _month_interval(year: int, month: int, basis: str) -> DateValue:
    last = calendar.monthrange(year, month)[1]
    return DateValue(date(year, month, 1), date(year, month, last), "month", basis)


def _year_interval(year: int, basis: str) -> DateValue:
    return DateValue(date(year, 1, 1), date(year, 12, 31), "year", basis)


def _month_day(month: int, day: int, ctx: _Context) -> DateValue | None:
    if ctx.published:
        year = ctx.published.year
        candidate = date(year, month, day)
        if candidate > ctx.published + timedelta(days=FUTURE_TOLERANCE_DAYS):
            candidate = date(year - 1, month, day)
        return DateValue(candidate, candidate, "day", ctx.basis)
    if ctx.latest_year:
        candidate = date(ctx.latest_year, month, day)
        return DateValue(candidate, candidate, "day", "document_year")
    return None


def _month_alone(month: int, prep: str, ctx: _Context) -> DateValue | None:
    if ctx.published:
        year = ctx.published.year
        if month > ctx.published.month and prep not in ("next", "until"):
            year -= 1
        return _month_interval(year, month, ctx.basis)
    if ctx.latest_year:
        return _month_interval(ctx.latest_year, month, "document_year")
    return None


def _weekday(weekday: int, which: str, ctx: _Context) -> DateValue | None:
    if not ctx.published:
        return _year_interval(ctx.latest_year, "document_year") if ctx.latest_year else None
    back = (ctx.published.weekday() - weekday) % 7
    if which == "last" and back == 0:
        back = 7
    if which == "next":
        ahead = (weekday - ctx.published.weekday()) % 7 or 7
        day = ctx.published + timedelta(days=ahead)
    else:
        day = ctx.published - timedelta(days=back)
    return DateValue(day, day, "day", ctx.basis)


def _relative_day(rel: str, ctx: _Context) -> DateValue | None:
    if not ctx.published:
        return _year_interval(ctx.latest_year, "document_year") if ctx.latest_year else None
    offset = {"the day before yesterday": 2, "yesterday": 1, "last night": 1}.get(rel, 0)
    day = ctx.published - timedelta(days=offset)
    return DateValue(day, day, "day", ctx.basis)


def _ago(n: str, unit: str, ctx: _Context) -> DateValue | object | None:
    """"three days ago", "two weeks ago"."""
    unit = unit.rstrip("s")
    limit = MAX_AGO_YEARS * _UNITS_PER_YEAR[unit]
    if n.isdigit() and len(n) > len(str(limit)):
        return _NOT_A_DATE  # not even worth converting: "5999999999999 days ago"
    count = int(n) if n.isdigit() else _SMALL_NUMBERS[n]
    if count > limit:
        return _NOT_A_DATE
    return _periods_back(count, unit, ctx)


def _relative_period(which: str, unit: str, ctx: _Context) -> DateValue | None:
    """"last week", "this month", "earlier this year"."""
    return _periods_back(1 if which in ("last", "past") else 0, unit, ctx)


def _periods_back(count: int, unit: str, ctx: _Context) -> DateValue | None:
    if not ctx.published:
        return None
    if unit == "day":
        day = ctx.published - timedelta(days=count)
        return DateValue(day, day, "day", ctx.basis)
    if unit == "week":
        monday = ctx.published - timedelta(days=ctx.published.weekday() + 7 * count)
        return DateValue(monday, monday + timedelta(days=6), "week", ctx.basis)
    if unit == "month":
        year, month = divmod(ctx.published.year * 12 + ctx.published.month - 1 - count, 12)
        return _month_interval(year, month + 1, ctx.basis)
    return _year_interval(ctx.published.year - count, ctx.basis)


def parse_published(value: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication date or datetime."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
