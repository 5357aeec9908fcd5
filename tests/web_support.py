"""Helpers for the web UI's tests: a database from the project's sample corpus (plus a hostile
article), a `corroborate serve` subprocess on a free loopback port, and Debian's chromium."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("CORROBORATE_CHROMIUM", "/usr/bin/chromium"))
SERVER_START_LIMIT = 60.0  # seconds `corroborate serve` may take to answer before the test gives up

# A few sample articles with a toll revision (a conflict: 41 dead, then cut to 39), a claim and a blame.
SMALL = (
    "2025-03-06_meridian-wire_peshawar-market-blast.txt",
    "html/2025-03-07_frontier-dispatch_peshawar-toll-41.html",
    "2025-03-10_daily-lantern_peshawar-toll-revised.txt",
    "2025-02-04_frontier-dispatch_quetta-lawmaker-killed.txt",
)

# What a hostile article tries: each payload would set window.__pwned if it ever ran.
PAYLOAD_FLAG = "__pwned"
HOSTILE = {
    "id": "hostile-1",
    "title": 'Bomb kills 12 <script>window.__pwned="title-script"</script><img src=x onerror="window.__pwned=\'title-img\'">',
    "url": "javascript:window.__pwned='url'",
    "outlet": "<b onmouseover=\"window.__pwned='outlet'\">Evil Wire</b>",
    "published": "2025-04-02",
    "text": (
        "KABUL - A suicide bomber killed 12 people <script>window.__pwned='body-script'</script> at a crowded market "
        "in Kabul on Tuesday, police said. <img src=x onerror=\"window.__pwned='body-img'\"> At least 20 other people "
        "were wounded in the blast, the interior ministry said. Readers can see more "
        "<a href=\"javascript:window.__pwned='body-link'\">here</a> or at javascript:window.__pwned='bare'. "
        "No group immediately claimed responsibility for the bombing."
    ),
}


def build_db(folder: Path, files=SMALL, hostile: bool = False) -> Path:
    """Ingest sample articles (``files`` from examples/corpus, None: all of it) and optionally the
    hostile article into folder/web.db, the way `corroborate ingest` does."""
    import corroborate

    folder.mkdir(parents=True, exist_ok=True)
    inputs = [str(EXAMPLES)] if files is None else [str(EXAMPLES / name) for name in files]
    if hostile:
        (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    db = folder / "web.db"
    with corroborate.open(db) as corpus:
        if inputs:
            corpus.ingest(inputs, manifest=EXAMPLES / "manifest.csv")
        if hostile:
            corpus.ingest([str(folder / "hostile.jsonl")])
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


@contextmanager
def served(db: Path):
    """`corroborate serve --db DB --port P` in a subprocess; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(db.parent / f"serve-{port}.log", "w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "serve", "--db", str(db), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, cwd=db.parent,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + SERVER_START_LIMIT
        while True:
            try:
                urllib.request.urlopen(base + "/?format=json", timeout=5).close()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"corroborate serve did not start (exit {process.poll()}):\n{log.read()}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def require_chromium() -> Path:
    """Debian's chromium, or a skip (a failure under CI: the browser tests must run there)."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"{CHROMIUM} is missing: run scripts/setup-browser (Debian's chromium) to run the browser tests"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def browser():
    """A headless Chromium through Playwright's sync API (never `playwright install`)."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(path), args=args)
        try:
            yield chromium
        finally:
            chromium.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
