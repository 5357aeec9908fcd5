"""The web UI's presentation helpers: highlight segments, safe links, figures, the chart."""

from __future__ import annotations

import pytest

from corroborate.web.render import Segment, chart, figure, http_url, quote_segments, segments, with_params


def test_web_render_segments_cut_at_spans_without_nesting():
    text = "Gunmen killed 12 people in Kabul."
    spans = [(7, 16, "casualty", "killed 12"), (14, 16, "number", None), (27, 32, "place", "Kabul"), (40, 50, "x", None)]
    assert segments(text, spans) == [
        Segment("Gunmen "), Segment("killed 12", "casualty", "killed 12"), Segment(" people in "),
        Segment("Kabul", "place", "Kabul"), Segment("."),
    ]  # fmt: skip
    assert "".join(s.text for s in segments(text, spans)) == text


def test_web_render_quote_segments_prefer_offsets_then_find_the_words():
    quote = "Police said 30 died; later 39 died."
    assert quote_segments(quote, 27, 35, "39 died")[1] == Segment("39 died.", "claim")
    assert quote_segments(quote, None, None, "39 died")[1] == Segment("39 died", "claim")
    assert quote_segments(quote, 5, 999, "nothing here") == [Segment(quote)]
    assert quote_segments(None, None, None, None) == []


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True), ("http://example.org", True), ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False), ("data:text/html,<script>", False), ("//example.org", False),
        ("http://exa mple.org", False), ("ftp://example.org", False), (None, False), ("", False),
        ("https://", False), ("http://example.org/\njavascript:x", False),
    ],
)  # fmt: skip
def test_web_render_links_only_for_http(url, safe):
    assert (http_url(url) is not None) is safe


def test_web_render_figures():
    assert figure({"best": 91, "low": 84, "high": 103}) == "91 (84\u2013103)"
    assert figure({"best": 5, "low": 5, "high": 5}) == "5"
    assert figure({"best": 30, "low": 30, "high": None}) == "30 (30+)"
    assert figure({"best": None, "low": None, "high": None}) == ""


def test_web_render_with_params_replaces_and_drops():
    params = [("country", "IR"), ("country", "PK"), ("page", "3"), ("sort", "date_desc")]
    assert with_params(params, page=None, sort="killed_desc") == "?country=IR&country=PK&sort=killed_desc"
    assert with_params([], q="<x>") == "?q=%3Cx%3E"


def test_web_render_chart_scales_points_by_date_and_value():
    points = [
        {"category": "killed", "published": "2024-01-03", "value": 103},
        {"category": "killed", "published": "2024-01-05T10:00:00+00:00", "value": 84},
        {"category": "injured", "published": "2024-01-04", "value": 170},
        {"category": "killed", "published": None, "value": 1},
        {"category": "arrested", "published": "2024-01-04", "value": 9},
    ]
    geometry = chart(points)
    killed, injured = geometry["series"]
    assert [d["date"] for d in killed["dots"]] == ["2024-01-03", "2024-01-05"]
    assert killed["dots"][0]["x"] < injured["dots"][0]["x"] < killed["dots"][1]["x"]
    assert injured["dots"][0]["y"] == geometry["pad"]  # the largest value touches the top
    assert chart([{"category": "killed", "published": None, "value": 3}]) is None
