"""The command line as a script would use it: JSON contracts, exit codes, help text."""

import json
import re

import pytest
import typer.main

from corroborate.cli import app

from conftest import ROOT, article, run_module, write

COMMANDS = sorted(command.name for command in typer.main.get_command(app).commands.values())


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", article("alpha"))
    write(folder / "b.txt", article("beta"))
    return folder


def test_cli_ingest_json_contract(cli, folder):
    result = cli("ingest", str(folder), "--json", "--quiet")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert set(report) == {"seen", "ok", "duplicate", "skipped", "failed", "inputs", "extraction", "resolution"}
    assert report["seen"] == report["ok"] == 2
    assert all(set(i) == {"source", "status", "reason", "document_id"} for i in report["inputs"])
    assert {i["source"] for i in report["inputs"]} == {str(folder / "a.txt"), str(folder / "b.txt")}


def test_cli_ingest_human_summary_and_exit_1_when_something_failed(cli, folder):
    write(folder / "broken.txt", b"\x89PNG\r\n\x1a\n" + bytes(50))
    result = cli("ingest", str(folder), "--quiet")
    assert result.exit_code == 1
    assert "failed   " in result.stdout and "binary:png" in result.stdout
    assert "seen 3 = ok 2 + duplicate 0 + skipped 0 + failed 1" in result.stdout


def test_cli_documents_json_contract(cli, folder):
    cli("ingest", str(folder), "--quiet")
    result = cli("documents", "--json")
    rows = json.loads(result.stdout)
    assert [set(row) for row in rows] == [
        {"id", "source", "title", "outlet", "published", "language", "status", "reason", "syndication_group"}
    ] * 2
    assert rows[0]["source"] == str(folder / "a.txt") and rows[0]["syndication_group"] == rows[0]["id"]


def test_cli_documents_filters(cli, folder, tmp_path):
    write(folder / "fr.txt", "Une explosion a tué douze personnes mardi dans un marché de Kaboul, selon la police locale.")
    cli("ingest", str(folder), "--quiet", "--outlet", "Wire", "--published", "2024-01-04")
    skipped = json.loads(cli("documents", "--json", "--status", "skipped").stdout)
    assert [(r["language"], r["reason"]) for r in skipped] == [("fr", "language:fr")]
    assert len(json.loads(cli("documents", "--json", "--language", "en").stdout)) == 2
    assert len(json.loads(cli("documents", "--json", "--outlet", "wire", "--since", "2024-01-04").stdout)) == 3
    assert json.loads(cli("documents", "--json", "--until", "2024-01-03").stdout) == []
    assert len(json.loads(cli("documents", "--json", "--limit", "1").stdout)) == 1


def test_cli_show_by_prefix_with_ledger_and_text(cli, folder):
    cli("ingest", str(folder), "--quiet")
    document = json.loads(cli("documents", "--json").stdout)[0]
    result = cli("show", document["id"][:10], "--json")
    shown = json.loads(result.stdout)
    assert shown["id"] == document["id"]
    assert shown["ledger"][0]["status"] == "ok"
    assert shown["text"].startswith("Report on alpha")
    human = cli("show", document["id"][:10])
    assert "ledger:" in human.stdout and "Report on alpha" in human.stdout


def test_cli_show_unknown_and_ambiguous_ids(cli, folder):
    cli("ingest", str(folder), "--quiet")
    assert cli("show", "ffffffffffff").exit_code == 1
    assert cli("show", "abc").exit_code == 2  # too short to be a prefix


def test_cli_status_counts(cli, folder):
    cli("ingest", str(folder), "--quiet")
    cli("ingest", str(folder), "--quiet")
    report = json.loads(cli("status", "--json").stdout)
    assert report["documents"] == {"ok": 2}
    assert report["ledger"] == {"ok": 2, "duplicate": 2}
    assert report["languages"] == {"en": 2}
    assert len(report["runs"]) == 2 and all(run["finished_at"] for run in report["runs"])


@pytest.mark.parametrize(
    "args",
    [
        ["ingest"],
        ["ingest", "x.txt", "--format", "pdf"],
        ["ingest", "x.txt", "--published", "yesterday"],
        ["documents", "--status", "maybe"],
        ["ingest", "x.txt", "--no-such-option"],
    ],
)
def test_cli_usage_errors_exit_2(cli, args):
    assert cli(*args).exit_code == 2


def test_cli_bad_manifest_is_a_usage_error(cli, folder, tmp_path):
    result = cli("ingest", str(folder), "--manifest", str(write(tmp_path / "m.csv", "nope\n1\n")))
    assert result.exit_code == 2 and "'file' column" in result.stderr


def test_cli_reading_commands_on_missing_database_explain(tmp_path):
    result = run_module("status", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and b"run `corroborate ingest` first" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_cli_not_a_database_is_refused_cleanly(tmp_path):
    junk = write(tmp_path / "junk.db", b"this is not sqlite at all" * 100)
    result = run_module("ingest", str(tmp_path / "x.txt"), "--db", str(junk))
    assert result.returncode == 2 and b"is not a SQLite database" in result.stderr
    assert junk.read_bytes() == b"this is not sqlite at all" * 100


def test_cli_stdin_text_and_jsonl(tmp_path):
    db = str(tmp_path / "s.db")
    text = run_module("ingest", "-", "--db", db, "--json", "-q", input=article("stdin").encode())
    assert text.returncode == 0
    assert json.loads(text.stdout)["inputs"][0]["source"] == "<stdin>"
    lines = "\n".join(json.dumps({"text": article(f"line{n}")}) for n in range(3)).encode()
    feed = run_module("ingest", "-", "--db", db, "--json", "-q", input=lines)
    assert [i["source"] for i in json.loads(feed.stdout)["inputs"]] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]


def test_cli_db_from_environment(tmp_path, folder):
    db = tmp_path / "env.db"
    result = run_module("ingest", str(folder), "-q", env={"CORROBORATE_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_cli_python_m_and_version():
    result = run_module("--version")
    assert result.returncode == 0 and result.stdout.startswith(b"corroborate ")


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_and_an_example(command):
    click_command = typer.main.get_command(app).commands[command]
    assert click_command.help and "Example: corroborate " + command in click_command.help
    for param in click_command.params:
        if param.param_type_name == "option":
            assert param.help, f"{command} {param.opts} has no help text"


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_is_documented_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### `corroborate {command}", readme, re.M), f"README has no usage section for {command}"


def test_cli_formats_through_ingest_htm_warc_and_json_manifest(cli, tmp_path):
    from test_read_formats import PAGE, make_warc

    folder = tmp_path / "mixed"
    write(folder / "page.htm", PAGE.format(extra=""))
    write(folder / "crawl.warc", make_warc([("https://w.example/1", "text/html", PAGE.format(extra="<p>Second day.</p>"))], gzip=False))
    write(folder / "note.txt", article("manifested"))
    write(folder / "m.json", json.dumps({"note.txt": {"outlet": "Manifest Wire", "published": "2024-02-02"}}))
    result = cli("ingest", str(folder), "--manifest", str(folder / "m.json"), "--json", "-q", "--no-extract")
    report = json.loads(result.stdout)
    assert (report["ok"], report["failed"]) == (3, 0), report
    rows = {row["source"].rsplit("/", 1)[1].split("#")[0]: row for row in json.loads(cli("documents", "--json").stdout)}
    assert rows["note.txt"]["outlet"] == "Manifest Wire" and rows["note.txt"]["published"] == "2024-02-02"
    assert rows["page.htm"]["outlet"] == "Meridian Wire"
    assert "crawl.warc" in rows


@pytest.mark.parametrize(
    "flash",
    [
        "Quetta blast kills 9.",
        "Al-Shabaab claims Mogadishu hotel siege.",
        "Boko Haram kidnaps 20 in Borno.",
        "Explosion rocks Kabul mosque.",
        "Gunmen kill 12 at market in Maiduguri.",
        "Police arrest three over Leipzig concert plot.",
    ],
)
def test_cli_short_english_flashes_are_not_skipped_as_foreign(cli, flash):
    report = json.loads(cli("ingest", "-", "--json", "-q", "--no-extract", input=flash).stdout)
    assert report["inputs"][0]["status"] == "ok", report


@pytest.mark.parametrize("text,language", [("Des hommes armés ont tué douze personnes mardi.", "fr"), ("Explosión en Kabul deja 12 muertos.", "es")])
def test_cli_short_foreign_texts_are_still_skipped(cli, text, language):
    report = json.loads(cli("ingest", "-", "--json", "-q", "--no-extract", input=text).stdout)
    assert report["inputs"][0]["reason"] == f"language:{language}"


def test_cli_short_latin1_english_is_decoded_right(cli, tmp_path):
    path = write(tmp_path / "z.txt", "Swiss police in Zürich said a parcel bomb exploded at an office.".encode("latin-1"))
    cli("ingest", str(path), "-q", "--no-extract")
    document = json.loads(cli("documents", "--json").stdout)[0]
    assert "Zürich" in json.loads(cli("show", document["id"], "--json").stdout)["text"]


def test_cli_quiet_hides_the_progress_bar_and_default_shows_it(tmp_path, folder):
    db = str(tmp_path / "p.db")
    quiet = run_module("ingest", str(folder), "--db", db, "-q", "--no-extract", env={"COLUMNS": "100", "TERM": "xterm", "FORCE_COLOR": "1"})
    loud = run_module("ingest", str(folder), "--db", str(tmp_path / "p2.db"), "--no-extract", env={"COLUMNS": "100", "TERM": "xterm", "FORCE_COLOR": "1"})
    assert b"ingesting" not in quiet.stderr
    assert b"ingesting" in loud.stderr


def test_cli_folder_without_articles_is_reported(cli, tmp_path):
    write(tmp_path / "empty" / "notes.md", "# nothing to read")
    result = cli("ingest", str(tmp_path / "empty"), "--json", "-q", "--no-extract")
    (entry,) = json.loads(result.stdout)["inputs"]
    assert (entry["status"], entry["reason"]) == ("skipped", "no_articles:no_readable_files_in_folder")


def test_cli_fifo_in_folder_does_not_hang(cli, tmp_path):
    import os

    folder = tmp_path / "fifo"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    write(folder / "a.txt", article("beside-fifo"))
    report = json.loads(cli("ingest", str(folder), "--json", "-q", "--no-extract").stdout)
    assert {(i["source"].rsplit("/", 1)[1], i["status"]) for i in report["inputs"]} == {("a.txt", "ok"), ("pipe.txt", "failed")}


def test_cli_date_filters_accept_compact_dates(cli, folder):
    cli("ingest", str(folder), "-q", "--no-extract", "--published", "2025-10-05")
    assert len(json.loads(cli("documents", "--json", "--since", "20251001").stdout)) == 2
    assert json.loads(cli("documents", "--json", "--until", "20250301").stdout) == []


def test_cli_sniffing_stdin_and_unknown_suffixes(cli, tmp_path):
    from test_read_formats import PAGE

    broken_first = "{broken\n" + "\n".join(json.dumps({"text": article(f"sniff{n}")}) for n in range(3))
    report = json.loads(cli("ingest", "-", "--json", "-q", "--no-extract", input=broken_first).stdout)
    assert [i["status"] for i in report["inputs"]] == ["failed", "ok", "ok", "ok"]
    bom_html = "\ufeff" + PAGE.format(extra="")
    report = json.loads(cli("ingest", "-", "--json", "-q", "--no-extract", input=bom_html.encode()).stdout)
    assert report["ok"] == 1
    shtml = write(tmp_path / "story.shtml", PAGE.format(extra="<p>Another paragraph.</p>"))
    cli("ingest", str(shtml), "-q", "--no-extract")
    texts = [json.loads(cli("show", d["id"], "--json").stdout)["text"] for d in json.loads(cli("documents", "--json").stdout)]
    assert all("<p>" not in text and "<html" not in text for text in texts)
