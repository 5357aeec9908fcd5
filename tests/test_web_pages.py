"""The web UI's pages over a database of sample articles (and one hostile article), through
api.create_app: each page renders, has its JSON twin, escapes what articles say, and needs no
inline script or style (the Content-Security-Policy forbids them)."""

from __future__ import annotations

import json
import re
import warnings

import pytest

from corroborate import browse
from web_support import HOSTILE, build_db

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from corroborate.api import create_app

    db = build_db(tmp_path_factory.mktemp("web"), hostile=True)
    app = create_app(db)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def listing(client):
    return client.get("/?format=json").json()


def _incident(listing, **want) -> dict:
    return next(r for r in listing["incidents"] if all(r[k] == v for k, v in want.items()))


def _no_inline_code(html: str) -> None:
    """Every script is a file of ours; no style="", no on*="" handler written by a template."""
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html), "inline script"
    assert not re.search(r"<[a-z][^>]*\sstyle=", html, re.I), "inline style attribute"
    assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html, re.I), "inline event handler"
    assert not re.search(r"href=\"\s*javascript:", html, re.I), "javascript: link"


def test_web_list_renders_rows_facets_and_twin(client, listing):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    for row in listing["incidents"]:
        assert f'href="/incidents/{row["id"]}"' in html
    # Facets are form controls that work without JS; the twin is the browse function's data.
    assert 'type="checkbox" name="country" value="PK"' in html
    assert 'name="has_conflict" value="true"' in html
    assert listing["total"] == len(listing["incidents"]) and listing["facets"]["country"]
    assert 'href="/?format=json"' in html
    _no_inline_code(html)


def test_web_list_filters_through_the_query(client, listing):
    kabul = _incident(listing, place="Kabul")
    only_pk = client.get("/?country=PK&format=json").json()
    assert only_pk["total"] == sum(1 for r in listing["incidents"] if r["country"] == "PK")
    assert kabul["id"] not in {r["id"] for r in only_pk["incidents"]}
    html = client.get("/?country=PK").text
    assert 'value="PK" checked' in html and f'/incidents/{kabul["id"]}"' not in html
    conflicted = client.get("/?has_conflict=true&format=json").json()
    assert conflicted["incidents"] and all(r["has_conflict"] for r in conflicted["incidents"])


def test_web_list_sorts_and_pages(client, listing):
    by_killed = client.get("/?sort=killed_desc&format=json").json()["incidents"]
    killed = [r["killed"]["best"] for r in by_killed if r["killed"]["best"] is not None]
    assert killed == sorted(killed, reverse=True)
    first = client.get("/?per_page=2&sort=killed_desc").text
    assert 'rel="next"' in first and "page=2" in first
    second = client.get("/?per_page=2&sort=killed_desc&page=2&format=json").json()
    assert [r["id"] for r in second["incidents"]] == [r["id"] for r in by_killed[2:4]]


@pytest.mark.parametrize("query", ["year=20x5", "sort=loudest", "page=0", "has_conflict=maybe", "per_page=100000"])
def test_web_list_rejects_bad_parameters(client, query):
    page = client.get("/?" + query)
    assert page.status_code == 422 and "<h1>422" in page.text


def test_web_incident_page_marks_each_claim_in_its_quote(client, listing):
    peshawar = _incident(listing, place="Peshawar", has_conflict=True)
    page = client.get(f"/incidents/{peshawar['id']}")
    assert page.status_code == 200
    html = page.text
    data = client.get(f"/incidents/{peshawar['id']}?format=json").json()
    twin = browse.incident_detail(client.app.state.corpus, peshawar["id"], client.app.state.policy)
    assert data == json.loads(json.dumps(twin))  # the JSON twin is the page's data, built by the same function
    marked = re.findall(r'<mark class="m-claim">([^<]*)</mark>', html)
    highlighted = [c for c in data["claims"] if c["quote_start"] is not None]
    assert highlighted and len(marked) >= len(highlighted)
    for claim in highlighted:
        assert claim["quote"][claim["quote_start"] : claim["quote_end"]] == claim["text"]
    assert 'class="flag"' in html and "Reports disagree" in html  # the toll revision is flagged
    assert "<svg class=\"chart\"" in html and "<circle" in html
    for document in data["documents"]:
        assert f'href="/documents/{document["id"]}"' in html
    assert "source A" in html  # independent-group badge
    _no_inline_code(html)


def test_web_document_page_highlights_mentions_and_group(client, listing):
    peshawar = _incident(listing, place="Peshawar", has_conflict=True)
    document = client.get(f"/incidents/{peshawar['id']}?format=json").json()["documents"][0]["id"]
    page = client.get(f"/documents/{document}")
    assert page.status_code == 200
    assert page.text.count("<mark class=\"m-") > 5
    assert '<a class="out" href="https://' in page.text
    _no_inline_code(page.text)


def test_web_actor_page(client):
    page = client.get("/actors/islamic-state-khorasan")
    assert page.status_code == 200
    assert "Islamic State Khorasan Province" in page.text and "/incidents/inc_" in page.text
    assert 'href="/actors/islamic-state"' in page.text  # its parent
    _no_inline_code(page.text)


def test_web_map_page_and_its_points(client, listing):
    page = client.get("/map")
    assert page.status_code == 200
    assert 'data-source="/map?format=json"' in page.text and "/static/vendor/d3.min.js" in page.text
    points = client.get("/map?format=json").json()
    assert points["total"] == listing["total"]
    assert any(r["lat"] is not None for r in points["incidents"])
    _no_inline_code(page.text)


@pytest.mark.parametrize("path", ["/static/app.css", "/static/map.js", "/static/vendor/d3.min.js", "/static/vendor/countries-110m.json"])
def test_web_serves_bundled_assets(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/static/%2e%2e/routes.py", "/static/nothing.js", "/incidents/inc_000000000000", "/documents/ffff", "/documents/ffffffffffff", "/actors/nobody-at-all"])
def test_web_unknown_is_404(client, path):
    assert client.get(path).status_code == 404


def test_web_hostile_article_is_inert_text(client, listing):
    """The hostile article's title, outlet, url and body come back escaped, never as markup."""
    kabul = _incident(listing, place="Kabul")
    incident = client.get(f"/incidents/{kabul['id']}")
    document_id = client.get(f"/incidents/{kabul['id']}?format=json").json()["documents"][0]["id"]
    document = client.get(f"/documents/{document_id}")
    for page in (incident, document, client.get("/")):
        html = page.text
        assert "<script>window" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        _no_inline_code(html)
    assert "&lt;script&gt;window.__pwned" in document.text
    assert "javascript:window.__pwned=&#39;url&#39;" in document.text  # shown as text, not a link
    assert HOSTILE["url"] not in re.findall(r'href="([^"]*)"', document.text)
