"""An eval script's figure is the product's: eval/semeval_incidents.py on a sample gives the groups and
figures that `corroborate ingest` + `export` of the same articles give."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import corroborate
from conftest import ROOT, require_shared, run_module

SAMPLE = 40


@pytest.mark.slow
def test_eval_semeval_script_equals_ingest_and_export(tmp_path):
    sys.path.insert(0, str(ROOT / "eval"))
    from common import load_jsonl, write_feed
    from semeval_incidents import DATA, feed_articles

    require_shared(DATA)
    articles = load_jsonl(DATA / "articles.jsonl")[:SAMPLE]
    done = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "semeval_incidents.py"), "--limit", str(SAMPLE), "--out", str(tmp_path / "r.json"), "--quiet"],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((tmp_path / "r.json").read_text())

    feed, db = tmp_path / "feed.jsonl", tmp_path / "cli.db"
    write_feed(feed_articles(articles), feed)
    ingested = run_module("ingest", str(feed), "--db", str(db), "--json", "--quiet", timeout=900)
    assert ingested.returncode == 0, ingested.stderr.decode()[-2000:]
    inputs = json.loads(ingested.stdout)["inputs"]
    exported = json.loads(run_module("export", "--db", str(db), timeout=300).stdout)
    best = {i["id"]: (i["killed"]["best"] or 0, i["injured"]["best"] or 0) for i in exported["incidents"]}

    predicted = {}
    with corroborate.open(db, readonly=True) as corpus:
        for article, result in zip(articles, inputs):
            assert result["source"].endswith(f":{articles.index(article) + 1}")
            mains = [i["incident_id"] for i in corpus.document_incidents(result["document_id"]) if i["main"]] if result["document_id"] else []
            predicted[article["doc_id"]] = mains[0] if mains else f"alone:{article['doc_id']}"
    assert predicted == results["predicted"]
    for detail in results["incidents_detail"]:
        if not detail["predicted"].startswith("alone:"):
            assert best[detail["predicted"]] == (detail["killed"][0], detail["injured"][0])
