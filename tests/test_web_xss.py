"""Hostile article text in a real browser: an article whose title, outlet, url and body carry
<script>, <img onerror=...> and javascript: links is ingested; its document page, its incident
page and the list are opened in Chromium; nothing runs (the flag each payload would set stays
undefined, no dialog opens), the CSP header is there, and the javascript: url is no link."""

from __future__ import annotations

import pytest

from web_support import HOSTILE, PAYLOAD_FLAG, browser, build_db, get_json, require_chromium, screenshot, served

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()  # skip (or fail under CI) before spending time on the database
    db = build_db(tmp_path_factory.mktemp("web-xss"), files=(), hostile=True)
    with served(db) as base:
        yield base


def _hostile_pages(site) -> dict[str, str]:
    incident = get_json(site + "/?format=json")["incidents"][0]["id"]
    document = get_json(site + f"/incidents/{incident}?format=json")["documents"][0]["id"]
    return {"document": f"/documents/{document}", "incident": f"/incidents/{incident}", "list": "/", "map": "/map"}


def test_web_xss_nothing_executes(site):
    pages = _hostile_pages(site)
    with browser() as chromium:
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        for name, path in pages.items():
            response = page.goto(site + path)
            assert response.status == 200
            policy = response.headers.get("content-security-policy", "")
            assert "default-src 'self'" in policy, f"{path}: CSP header missing ({policy!r})"
            if name == "map":
                page.wait_for_selector("#map svg .points a")
            # Hover and click everything the payloads might hang on, then look for their flag.
            for element in page.locator("main a, main mark, main b, main img").all()[:200]:
                if element.is_visible():
                    element.hover()
            assert page.evaluate(f"typeof window.{PAYLOAD_FLAG}") == "undefined", f"a payload ran on {path}"
            assert page.locator("main img, main script, main b").count() == 0, f"{path}: article markup became elements"
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
            assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
            screenshot(page, f"xss-{name}")
        # The document page shows the hostile title and url as text.
        page.goto(site + pages["document"])
        assert "<script>" in page.locator("h1").inner_text()
        assert HOSTILE["url"] in page.locator("main").inner_text()
        assert page.locator(f'a[href="{HOSTILE["url"]}"]').count() == 0
        context.close()
    assert dialogs == [] and not errors, (dialogs, errors)
