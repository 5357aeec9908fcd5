"""Web UI benchmark: does the incident page render in Chromium about as fast as a static page?

    .venv/bin/python benchmarks/render.py [--db corroborate.db] [--loads 20] [--out benchmarks/results/render.json]

Serves a database (``--db``; by default the sample corpus, ingested into a temporary database the
way `corroborate ingest` does) with `corroborate serve` on a free loopback port, picks the incident
with the most claims, and saves its page. A plain file server then serves those same bytes, with the
same bundled assets, as the static baseline. Headless Chromium (Debian's, through Playwright) loads
each page ``--loads`` times, alternating, and reads the navigation timing (start to the load event).
Target: the served page's median and p95 at most ``TARGET_RATIO`` times the static page's. Exit
status 1 when missed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from api import serve  # noqa: E402  (benchmarks/api.py: `corroborate serve --port 0` in a child)

TARGET_RATIO = 2.0
CHROMIUM = Path(os.environ.get("CORROBORATE_CHROMIUM", "/usr/bin/chromium"))
EXAMPLES = ROOT / "examples" / "corpus"
STATIC = ROOT / "src" / "corroborate" / "web" / "static"


def sample_db(folder: Path) -> Path:
    import corroborate

    db = folder / "render.db"
    with corroborate.open(db) as corpus:
        corpus.ingest([str(EXAMPLES)], manifest=EXAMPLES / "manifest.csv")
    return db


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def busiest_incident(base: str) -> str:
    listing = json.loads(fetch(base + "/api/incidents?per_page=500&facets=false"))
    ids = [row["id"] for row in listing["incidents"]]
    return max(ids, key=lambda i: len(json.loads(fetch(f"{base}/api/incidents/{i}")).get("claims", [])))


def static_site(folder: Path, page: bytes) -> Path:
    """The saved page at /incidents/static.html with the bundled assets at /static/, as served."""
    site = folder / "site"
    (site / "incidents").mkdir(parents=True)
    (site / "incidents" / "static.html").write_bytes(page)
    shutil.copytree(STATIC, site / "static")
    return site


def file_server(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def load_times(urls: dict[str, str], loads: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    times: dict[str, list[float]] = {name: [] for name in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for name, url in urls.items():  # one warm-up each: fonts and the browser's own start
            page.goto(url, wait_until="load")
        for _ in range(loads):
            for name, url in urls.items():
                page.goto(url, wait_until="load")
                timing = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; }")
                times[name].append(timing / 1000)
        browser.close()
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to serve (default: the sample corpus, ingested now)")
    parser.add_argument("--loads", type=int, default=20, help="loads of each page (default 20)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "render.json")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: run scripts/setup-browser", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = args.db or sample_db(folder)
        process, host, port = serve(db)
        base = f"http://{host}:{port}"
        try:
            incident = busiest_incident(base)
            served_url = f"{base}/incidents/{incident}"
            page = fetch(served_url)
            server, static_base = file_server(static_site(folder, page))
            times = load_times({"served": served_url, "static": static_base + "/incidents/static.html"}, args.loads)
            server.shutdown()
        finally:
            process.terminate()
            process.wait(timeout=10)
    result = {"incident": incident, "page_bytes": len(page), "loads": args.loads}
    for name, values in times.items():
        result[name] = {"median": statistics.median(values), "p95": p95(values)}
    result["ratio_median"] = result["served"]["median"] / result["static"]["median"]
    result["ratio_p95"] = result["served"]["p95"] / result["static"]["p95"]
    result["target"] = TARGET_RATIO
    result["met"] = result["ratio_median"] <= TARGET_RATIO and result["ratio_p95"] <= TARGET_RATIO
    result["python"], result["platform"] = platform.python_version(), platform.platform()
    result["date"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    print(f"incident page {incident}: {len(page):,} bytes, {args.loads} loads each")
    print(f"{'':8} {'median':>8} {'p95':>8}")
    for name in ("served", "static"):
        print(f"{name:8} {result[name]['median']:8.3f} {result[name]['p95']:8.3f}  s")
    print(f"ratio    {result['ratio_median']:8.2f} {result['ratio_p95']:8.2f}  (target <= {TARGET_RATIO})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
