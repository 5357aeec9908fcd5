"""Presentation helpers for the web UI's templates: text cut into highlight segments, safe links,
query strings and the chart's geometry. Nothing here filters rows or computes consensus."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode, urlsplit


@dataclass(frozen=True)
class Segment:
    """A run of text; ``kind`` set when it is highlighted (rendered as an autoescaped <mark>)."""

    text: str
    kind: str | None = None
    label: str | None = None


def segments(text: str, spans) -> list[Segment]:
    """``text`` cut at the spans ``(start, end, kind, label)``; a span overlapping an earlier,
    longer one is dropped (marks never nest), a span out of range is ignored."""
    text = text or ""
    chosen: list[tuple[int, int, str, str | None]] = []
    ordered = sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: (s[0], -(s[1] - s[0])))
    last_end = 0
    for start, end, kind, label in ordered:
        if start >= last_end:
            chosen.append((start, end, kind or "mention", label))
            last_end = end
    out: list[Segment] = []
    at = 0
    for start, end, kind, label in chosen:
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], kind, label))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def quote_segments(quote: str | None, start: int | None, end: int | None, words: str | None = None) -> list[Segment]:
    """A claim's sentence with the claim's own words marked, from the stored offsets within the
    quote; without usable offsets the words are looked up in the quote (first occurrence)."""
    quote = quote or ""
    if start is None or end is None or not (0 <= start < end <= len(quote)):
        at = quote.find(words) if words else -1
        if at < 0:
            return [Segment(quote)] if quote else []
        start, end = at, at + len(words)
    return segments(quote, [(start, end, "claim", None)])


def http_url(url: str | None) -> str | None:
    """The url when it is an absolute http(s) url (the only links a page makes), else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and not any(c in url for c in "\x00\r\n\t "):
        return url
    return None


def with_params(params: list[tuple[str, str]], **changes) -> str:
    """A query string: ``params`` with the named keys replaced (None or "" drops a key)."""
    kept = [(k, v) for k, v in params if k not in changes]
    for key, value in changes.items():
        if value is None or value == "":
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            kept.append((key, str(item)))
    return "?" + urlencode(kept) if kept else "?"


def figure(estimate: dict | None) -> str:
    """An estimate as analysts read it: '91 (84-103)', '91', '30+' (open high) or '' when unknown."""
    if not estimate or estimate.get("best") is None:
        return ""
    best, low, high = estimate.get("best"), estimate.get("low"), estimate.get("high")
    if low is None and high is None:
        return str(best)
    if low == best == high:
        return str(best)
    high_text = "+" if high is None else f"{high}"
    low_text = "" if low is None else f"{low}"
    if high is None:
        return f"{best} ({low_text}+)" if low_text else f"{best}+"
    return f"{best} ({low_text}\u2013{high_text})"


# The chart: reported killed/injured by publication date, drawn as server-side SVG (no script).
CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 560, 200, 36
SERIES_STYLE = {"killed": "series-killed", "injured": "series-injured"}


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _date_ticks(first: date, last: date, most: int = 4) -> list[date]:
    """Up to ``most`` evenly spaced days from first to last (both included)."""
    days = (last - first).days
    if days == 0:
        return [first]
    steps = min(most - 1, days)
    return sorted({first + timedelta(days=round(days * i / steps)) for i in range(steps + 1)})


def chart(points) -> dict | None:
    """Screen geometry for ``points`` (dicts with ``category``, ``published``, ``value``): axes
    ticks and one dot per reported figure, by category; None when nothing is dated and counted."""
    usable = [(p["category"], _day(p.get("published")), p.get("value")) for p in points or []]
    usable = [(c, d, v) for c, d, v in usable if d is not None and isinstance(v, (int, float)) and c in SERIES_STYLE]
    if not usable:
        return None
    first = min(d for _, d, _ in usable)
    last = max(d for _, d, _ in usable)
    span = max((last - first).days, 1)
    top = max(max(v for _, _, v in usable), 1)
    inner_w, inner_h = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD

    def x(d: date) -> float:
        offset = (d - first).days / span if last != first else 0.5
        return round(CHART_PAD + offset * inner_w, 1)

    def y(v: float) -> float:
        return round(CHART_HEIGHT - CHART_PAD - v / top * inner_h, 1)

    series = []
    for category, css in SERIES_STYLE.items():
        mine = sorted((d, v) for c, d, v in usable if c == category)
        if not mine:
            continue
        dots = [{"x": x(d), "y": y(v), "value": v, "date": d.isoformat()} for d, v in mine]
        series.append({"category": category, "css": css, "dots": dots})
    ticks_y = sorted({0, top // 2, top})
    return {
        "width": CHART_WIDTH, "height": CHART_HEIGHT, "pad": CHART_PAD, "series": series,
        "x_ticks": [{"x": x(d), "label": d.isoformat()} for d in _date_ticks(first, last)],
        "y_ticks": [{"y": y(t), "label": t} for t in ticks_y],
        "baseline": CHART_HEIGHT - CHART_PAD, "right": CHART_WIDTH - CHART_PAD,
    }  # fmt: skip
