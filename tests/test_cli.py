"""The command line as a script would use it: JSON contracts, exit codes, help text."""

import json
import random
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

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


# -- hardened edges: what is not a bug ends in one `error: ...` line and exit 2 -----------------

READ_COMMANDS = [["status"], ["documents"], ["show", "0000000000"], ["incidents"], ["conflicts"], ["timeline", "inc_000000"], ["export"]]
WRITE_COMMANDS = [["ingest", "{input}", "-q", "--no-extract"], ["resolve", "-q"]]


@pytest.fixture(scope="module")
def stored_db(tmp_path_factory):
    """A small real database (three documents, not extracted), built once; tests damage copies."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("stored")
    for name in ("one", "two", "three"):
        write(folder / "in" / f"{name}.txt", article(f"stored {name}"))
    db = folder / "stored.db"
    result = CliRunner().invoke(app, ["ingest", str(folder / "in"), "--db", str(db), "-q", "--no-extract"])
    assert result.exit_code == 0, result.output
    return db


def _damaged(kind: str, good: Path, target: Path) -> None:
    data = good.read_bytes()
    if kind == "random_bytes":
        target.write_bytes(random.Random(7).randbytes(8192))
    elif kind == "truncated":
        target.write_bytes(data[: len(data) // 3])
    else:
        target.write_bytes(data)
        conn = sqlite3.connect(target)
        if kind == "table_dropped":
            conn.execute("DROP TABLE incidents")
        elif kind == "newer_schema":
            conn.execute("INSERT INTO schema_migrations VALUES ('9999_future', '2099-01-01')")
        conn.commit()
        conn.close()  # the last connection checkpoints: the change is in the file itself


def _is_clean_error(result, *words: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return (
        result.exit_code == 2 and len(lines) == 1 and lines[0].startswith("error: ")
        and "Traceback" not in result.output and all(word in lines[0] for word in words)
    )  # fmt: skip


@pytest.mark.parametrize(
    "kind,words",
    [
        ("random_bytes", ["not a SQLite database"]),
        ("truncated", ["is damaged"]),
        ("table_dropped", ["is damaged", "incidents missing"]),
        ("newer_schema", ["newer version of Corroborate", "9999_future"]),
    ],
)
@pytest.mark.parametrize("command", READ_COMMANDS + WRITE_COMMANDS, ids=lambda c: c[0])
def test_cli_unusable_database_is_a_clear_error_for_every_command(cli, db, stored_db, tmp_path, kind, words, command):
    _damaged(kind, stored_db, db)
    before = db.read_bytes()
    argv = [arg.replace("{input}", str(write(tmp_path / "new.txt", article("new input")))) for arg in command]
    result = cli(*argv)
    assert _is_clean_error(result, *words), result.output
    assert db.read_bytes() == before  # refused before anything was written


def test_cli_database_damaged_under_a_running_ingest_ends_it_with_exit_2(cli, db, stored_db, tmp_path):
    """A damaged page is found by the first statement that reads it, mid-run: the run stops there
    instead of recording every input as failed."""
    db.write_bytes(stored_db.read_bytes())
    with sqlite3.connect(db) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_documents_1'").fetchone()[0]
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(random.Random(3).randbytes(page_size))
    folder = tmp_path / "in"
    for number in range(3):
        write(folder / f"{number}.txt", article(f"after damage {number}"))
    result = cli("ingest", str(folder), "-q", "--no-extract")
    assert result.exit_code == 2 and "is damaged" in result.stderr and "Traceback" not in result.output
    assert _is_clean_error(cli("show", "0" * 12), "is damaged")


@pytest.mark.parametrize("command", [["ingest", "{input}", "-q", "--no-extract"], ["resolve"], ["status"], ["export"]], ids=lambda c: c[0])
@pytest.mark.parametrize("place", ["a_file.txt/x.db", "/proc/x.db", "/sys/x.db", "a_folder"])
def test_cli_database_where_none_can_be(tmp_path, place, command):
    from typer.testing import CliRunner

    write(tmp_path / "a_file.txt", "not a folder")
    (tmp_path / "a_folder").mkdir()
    where = place if place.startswith("/") else str(tmp_path / place)
    argv = [arg.replace("{input}", str(write(tmp_path / "in.txt", article("nowhere")))) for arg in command]
    result = CliRunner().invoke(app, [*argv, "--db", where], catch_exceptions=False)
    assert _is_clean_error(result), result.output
    assert not Path(where).is_file()


@pytest.mark.parametrize("output", ["a_folder", "a_file.txt/out.json", "/proc/out.json", "/sys/out.json"])
def test_cli_export_to_a_place_that_cannot_be_written(cli, folder, tmp_path, output):
    cli("ingest", str(folder), "-q", "--no-extract")
    write(tmp_path / "a_file.txt", "not a folder")
    (tmp_path / "a_folder").mkdir()
    target = output if output.startswith("/") else str(tmp_path / output)
    result = cli("export", "-o", target)
    assert _is_clean_error(result), result.output
    assert not list(tmp_path.glob("**/*.partial"))


@pytest.mark.parametrize(
    "args",
    [
        ["documents", "--limit", "99999999999999999999"],
        ["documents", "--limit", "-1"],
        ["incidents", "--limit", "99999999999999999999"],
        ["incidents", "--min-killed", "99999999999999999999"],
        ["incidents", "--offset", "99999999999999999999"],
        ["conflicts", "--limit", "99999999999999999999"],
        ["ingest", "x.txt", "--workers", "99999999999999999999"],
    ],
)
def test_cli_integers_beyond_sqlite_are_usage_errors(cli, args):
    result = cli(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_cli_integer_at_sqlite_limit_works(cli, folder):
    cli("ingest", str(folder), "-q", "--no-extract")
    assert len(json.loads(cli("documents", "--json", "--limit", str(2**63 - 1)).stdout)) == 2


@pytest.mark.parametrize(
    "args,listed",
    [
        (["conflicts", "--field", "bogus"], "killed, injured"),
        (["conflicts", "--kind", "bogus"], "contradiction, refinement, update"),
        (["extract", "x.txt", "--kind", "bogus"], "incident, casualty, date, place, actor, person, statement"),
    ],
)
def test_cli_unknown_choices_are_refused_with_the_valid_ones(cli, args, listed):
    result = cli(*args, with_db=args[0] != "extract")
    assert result.exit_code == 2 and listed in result.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        ("not json at all\n", "g.jsonl:1: not JSON"),
        ('{"document": "a.txt"}\n[1, 2]\n', 'g.jsonl:2: not an object with a "document"'),
        (b"\xff\xfe\x00\x01 binary", "not a gold file"),
    ],
)
def test_cli_eval_gold_that_is_not_a_gold_file(cli, tmp_path, content, message):
    result = cli("eval", "--gold", str(write(tmp_path / "g.jsonl", content)), with_db=False)
    assert _is_clean_error(result, message), result.output


def test_cli_user_strings_with_markup_print_literally(cli, tmp_path):
    """Paths, outlets and titles go through rich: `[/]`, `[bold]` and `:x:` must come out as typed."""
    hostile = tmp_path / "in[" / "]x[bold]:x:.txt"  # the path holds "[/]"
    write(hostile, "[red]Headline[/red] of :fire: news\n\n" + article("markup"))
    broken = write(tmp_path / "in[" / "]bad[/].txt", b"\x89PNG\r\n\x1a\n" + bytes(20))
    outlet = "[bold red]Wire[/] :x:"
    db = tmp_path / "db[" / "]store.db"
    ingest = cli("ingest", str(hostile), str(broken), "--outlet", outlet, "-q", "--no-extract", "--db", str(db), with_db=False)
    assert ingest.exit_code == 1, ingest.output
    assert str(broken) in ingest.stdout and f"(database: {db})" in ingest.stdout
    listing = cli("documents", "--db", str(db), with_db=False)
    assert outlet[:24] in listing.stdout and "[red]Headline[/red] of :fire: news" in listing.stdout
    document = json.loads(cli("documents", "--json", "--db", str(db), with_db=False).stdout)[0]
    shown = cli("show", document["id"], "--db", str(db), with_db=False).stdout
    assert str(hostile) in shown and f"[{outlet}]" in shown and outlet in shown
    status = cli("status", "--db", str(db), with_db=False).stdout
    assert str(db) in status
    export = cli("export", "-o", str(tmp_path / "out[" / "]x.json"), "--db", str(db), with_db=False)
    assert str(tmp_path / "out[" / "]x.json") in export.stderr
    missing = cli("show", "[/]bogus:x:", "--db", str(db), with_db=False)
    assert missing.exit_code in (1, 2) and "[/]bogus:x:" in missing.stderr


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("m.csv", "name,url\na.txt,https://x.example\n", "'file' column"),
        ("m.csv", bytes(range(256)) * 4, "not a text file"),
        ("m.csv", b"file,title\n\xff\xfe a.txt,broken\n", "not UTF-8"),
        ("m.csv", "file,title\na.txt," + "x" * 100_000 + "\n", "title is 100,000 characters long"),
        ("m.json", "[1, 2, 3]", "no usable row"),
        ("m.json", '{"a.txt": 5}', "no usable row"),
        ("m.json", '"a string"', "expected a list of objects"),
        ("m.csv", "", "'file' column"),
        ("m.csv", "file,published\na.txt,yesterday\n", "not an ISO 8601 date"),
    ],
)
def test_cli_broken_manifest_is_a_usage_error(cli, db, folder, tmp_path, name, content, message):
    manifest = write(tmp_path / name, content)
    for command in (["ingest", str(folder), "-q", "--no-extract"], ["extract", str(folder / "a.txt")]):
        result = cli(*command, "--manifest", str(manifest), with_db=command[0] == "ingest")
        assert _is_clean_error(result, message), result.output
    assert not db.exists()  # refused before the database is made


def test_cli_manifest_partial_dates_kept_and_bad_rows_reported_by_line(cli, folder, tmp_path):
    write(folder / "c.txt", article("gamma"))
    write(folder / "d.txt", article("delta"))
    manifest = write(
        folder / "m.csv",
        "file,published,outlet\na.txt,2023-08,Month Wire\nb.txt,2023,Year Wire\nc.txt,last week,Bad Date\n,2024-01-01,No File\n",
    )
    result = cli("ingest", str(folder), "--manifest", str(manifest), "-q")
    assert result.exit_code == 0, result.output
    assert f"{manifest}:4: published 'last week' is not an ISO 8601 date" in result.stderr
    assert f"{manifest}:5: no file name" in result.stderr
    rows = {Path(row["source"]).name: row for row in json.loads(cli("documents", "--json").stdout)}
    assert (rows["a.txt"]["published"], rows["a.txt"]["outlet"]) == ("2023-08", "Month Wire")
    assert (rows["b.txt"]["published"], rows["b.txt"]["outlet"]) == ("2023", "Year Wire")
    assert rows["c.txt"]["outlet"] is None and rows["d.txt"]["published"] is None
    # the whole chain reads a month or a year as a publication date of that precision
    assert cli("incidents", "--json").exit_code == 0 and cli("export").exit_code == 0
    assert {Path(r["source"]).name for r in json.loads(cli("documents", "--json", "--since", "2023-08-15").stdout)} == {"a.txt", "b.txt"}
    assert {Path(r["source"]).name for r in json.loads(cli("documents", "--json", "--until", "2023-07-31").stdout)} == {"b.txt"}


def test_cli_partial_published_option(cli, folder):
    assert cli("ingest", str(folder), "-q", "--no-extract", "--published", "2024-05").exit_code == 0
    assert {row["published"] for row in json.loads(cli("documents", "--json").stdout)} == {"2024-05"}
    assert cli("documents", "--since", "2024-05").exit_code == 2  # a filter needs a day


def test_cli_bad_input_corpus_is_recorded_and_changes_nothing_stored(cli, db, folder, tmp_path):
    from bad_inputs import build

    cli("ingest", str(folder), "-q", "--no-extract")
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT id, text, source, status FROM documents ORDER BY seq").fetchall()
    expected = build(tmp_path / "bad")
    result = cli("ingest", str(tmp_path / "bad"), "--json", "-q", "--no-extract")
    assert result.exit_code == 1, result.output  # some inputs failed; the run itself did not
    report = json.loads(result.stdout)
    got = {row["source"]: (row["status"], row["reason"]) for row in report["inputs"]}
    assert set(got) == set(expected)
    for source, (status, reason) in expected.items():
        assert got[source][0] == status and (got[source][1] or "").startswith(reason), (source, got[source])
    assert all(reason for _, reason in got.values())  # every input says why
    with sqlite3.connect(db) as conn:
        after = conn.execute("SELECT id, text, source, status FROM documents ORDER BY seq").fetchall()
        ledger = conn.execute("SELECT COUNT(*) FROM ledger WHERE run_id = 2").fetchone()[0]
    stored = sum(1 for status, _ in got.values() if status in ("ok", "skipped") and status != "duplicate")
    assert after[: len(before)] == before  # what was stored is untouched
    assert len(after) == len(before) + len({row["document_id"] for row in report["inputs"] if row["document_id"]})
    assert ledger == len(got) and stored >= 1


# -- two writers at once ---------------------------------------------------------------------


def test_cli_writer_waits_for_the_write_lock_with_a_note(tmp_path, folder):
    db = tmp_path / "locked.db"
    assert run_module("ingest", str(folder), "--db", str(db), "-q", "--no-extract").returncode == 0
    write(tmp_path / "more" / "c.txt", article("gamma"))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holding the write lock, as a long resolve does
    holder.execute("INSERT INTO runs (command, started_at) VALUES ('holding', 'now')")
    child = subprocess.Popen(
        [sys.executable, "-m", "corroborate", "ingest", str(tmp_path / "more"), "--db", str(db), "-q", "--no-extract"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    time.sleep(3)
    assert child.poll() is None  # still waiting, not failed
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as reader:  # readers are never blocked
        assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    holder.execute("COMMIT")
    holder.close()
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 0, stderr
    assert b"waiting for another process to finish writing to" in stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 3


@pytest.mark.slow
def test_cli_two_ingests_into_one_database_at_once(tmp_path):
    db = tmp_path / "shared.db"
    for side in ("a", "b"):
        for number in range(4):
            write(tmp_path / side / f"{side}{number}.txt", article(f"writer {side} {number}"))
    children = [
        subprocess.Popen([sys.executable, "-m", "corroborate", "ingest", str(tmp_path / side), "--db", str(db), "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for side in ("a", "b")
    ]  # fmt: skip
    outputs = [child.communicate(timeout=600) for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    with sqlite3.connect(db) as conn:
        sources = {Path(row[0]).name for row in conn.execute("SELECT source FROM documents")}
        pending = conn.execute(
            "SELECT COUNT(*) FROM documents d LEFT JOIN extractions e ON e.document_id = d.id WHERE e.document_id IS NULL"
        ).fetchone()[0]
    assert sources == {f"{side}{number}.txt" for side in "ab" for number in range(4)}
    assert pending == 0
