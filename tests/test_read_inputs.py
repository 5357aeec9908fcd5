import json
import os

import pytest

from corroborate.model import Metadata, RawDocument, Rejection, Status
from corroborate.read import ManifestError, load_manifest, read_inputs, total_bytes

from conftest import write


def sources(items):
    return [item.source for item in items]


def test_read_inputs_folder_is_recursive_sorted_and_keeps_known_suffixes(tmp_path):
    write(tmp_path / "b.txt", "Second article.")
    write(tmp_path / "a" / "c.html", "<html><body><article><p>" + "Gunmen attacked a bus on Monday. " * 5 + "</p></article></body></html>")
    write(tmp_path / "a" / "notes.md", "# not an article")
    write(tmp_path / "manifest.csv", "file,title\nb.txt,B\n")
    write(tmp_path / ".hidden" / "x.txt", "hidden")
    items = list(read_inputs([str(tmp_path)]))
    assert sources(items) == [str(tmp_path / "b.txt"), str(tmp_path / "a" / "c.html")]  # files, then sub-folders


def test_read_inputs_named_file_of_any_suffix_is_read_as_text(tmp_path):
    path = write(tmp_path / "report.md", "Blast in the capital\n\nA bomb exploded.")
    (item,) = read_inputs([str(path)])
    assert isinstance(item, RawDocument) and item.format == "txt"


def test_read_inputs_glob(tmp_path):
    for name in ("x1.txt", "x2.txt", "y.txt"):
        write(tmp_path / name, f"Text of {name}.")
    items = list(read_inputs([str(tmp_path / "x*.txt")]))
    assert sources(items) == [str(tmp_path / "x1.txt"), str(tmp_path / "x2.txt")]
    (nothing,) = read_inputs([str(tmp_path / "z*.txt")])
    assert nothing.reason == "not_found:glob_matched_nothing"


def test_read_inputs_missing_paths_and_broken_links_are_rejections(tmp_path):
    # (unreadable files: the next test raises PermissionError itself, since root reads anything)
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    items = list(read_inputs([str(tmp_path / "missing.txt"), str(tmp_path / "link.txt")]))
    assert items == [Rejection(str(tmp_path / "missing.txt"), "not_found"), Rejection(str(tmp_path / "link.txt"), "not_found:broken_link")]


def test_read_inputs_permission_error_and_special_files_are_named(tmp_path, monkeypatch):
    from pathlib import Path

    locked = write(tmp_path / "locked.txt", "text")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)  # root reads anything, so simulate the refusal
    items = list(read_inputs([str(locked), str(fifo)]))
    assert items == [Rejection(str(locked), "unreadable:PermissionError"), Rejection(str(fifo), "unreadable:not_a_regular_file")]


def test_read_inputs_huge_file_is_rejected_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    (item,) = read_inputs([str(path)])
    assert item == Rejection(str(path), "too_large:50.0MB>10MB")


def test_read_inputs_metadata_precedence_manifest_then_document_then_flags(tmp_path):
    write(tmp_path / "a.txt", "Headline A\n\nBody of a.")
    write(tmp_path / "feed.jsonl", json.dumps({"text": "Body of b.", "outlet": "Own Outlet"}) + "\n")
    write(tmp_path / "m.csv", "file,outlet,published,url\na.txt,Manifest Outlet,2024-01-05,https://m.example/a\n")
    defaults = Metadata(outlet="Flag Outlet", published="2024-02-01")
    a, b = read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "feed.jsonl")], manifest=load_manifest(tmp_path / "m.csv"), defaults=defaults)
    assert a.meta == Metadata(title="Headline A", url="https://m.example/a", outlet="Manifest Outlet", published="2024-01-05")
    assert b.meta.outlet == "Own Outlet" and b.meta.published == "2024-02-01"


def test_load_manifest_json_forms(tmp_path):
    write(tmp_path / "m.json", json.dumps({"x.txt": {"title": "X", "published": "2024-03-22T19:00:00+03:00"}}))
    write(tmp_path / "l.json", json.dumps([{"file": "sub/y.txt", "outlet": "Y"}]))
    assert load_manifest(tmp_path / "m.json")[(tmp_path / "x.txt").resolve()].published == "2024-03-22T19:00:00+03:00"
    assert load_manifest(tmp_path / "l.json")[(tmp_path / "sub" / "y.txt").resolve()].outlet == "Y"


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("m.csv", "name,title\na,b\n", "'file' column"),
        ("m.csv", "file,published\na.txt,yesterday\n", "not an ISO 8601 date"),
        ("m.json", "{broken", "invalid JSON"),
        ("m.json", "[1, 2]", "expected a list of objects"),
    ],
)
def test_load_manifest_errors_say_what_is_wrong(tmp_path, name, content, message):
    with pytest.raises(ManifestError, match=message):
        load_manifest(write(tmp_path / name, content))


def test_total_bytes_counts_what_will_be_read(tmp_path):
    write(tmp_path / "a.txt", "12345")
    write(tmp_path / "b.jsonl", "1234567890")
    assert total_bytes([str(tmp_path)]) == 15


def test_read_inputs_reports_progress_in_bytes(tmp_path):
    write(tmp_path / "a.txt", "12345")
    write(tmp_path / "b.jsonl", '{"text": "x"}\n{"text": "y"}\n')
    seen = []
    list(read_inputs([str(tmp_path)], progress=seen.append))
    assert sum(seen) == total_bytes([str(tmp_path)])


def test_load_manifest_keeps_partial_dates_and_skips_bad_rows_by_line(tmp_path):
    manifest = write(tmp_path / "m.csv", "file,published\na.txt,2023-08\nb.txt,2023\nc.txt,someday\n,2024-01-01\nd.txt,2023-13\n")
    loaded = load_manifest(manifest)
    assert {path.name: meta.published for path, meta in loaded.items()} == {"a.txt": "2023-08", "b.txt": "2023"}
    assert [problem.split(": ", 1)[0] for problem in loaded.problems] == [f"{manifest}:4", f"{manifest}:5", f"{manifest}:6"]
    assert "someday" in loaded.problems[0] and "no file name" in loaded.problems[1]
    assert load_manifest(loaded) is loaded  # a loaded manifest passes through


def test_load_manifest_json_entries_are_named_by_number(tmp_path):
    manifest = write(tmp_path / "m.json", json.dumps([{"file": "a.txt"}, 5, {"file": ["x"]}, {"title": "no file"}]))
    loaded = load_manifest(manifest)
    assert [path.name for path in loaded] == ["a.txt"]
    assert [problem.split(": ", 1)[0] for problem in loaded.problems] == [f"{manifest} entry {n}" for n in (2, 3, 4)]


@pytest.mark.parametrize("value,partial,expected", [("2023-08", True, "2023-08"), ("2023", True, "2023"), ("2023-08", False, None),
                                                    ("2023-13", True, None), ("2024-01-03", True, "2024-01-03"), ("23", True, None)])
def test_normalise_published_partial_dates(value, partial, expected):
    from corroborate.read import normalise_published

    assert normalise_published(value, partial=partial) == expected
