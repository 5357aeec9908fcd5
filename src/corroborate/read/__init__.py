"""Read inputs (files, folders, globs, stdin) into raw documents or recorded rejections.

This package is the only code that touches input. Every input ends up as exactly one
``RawDocument`` or ``Rejection`` per article it holds; nothing raises on bad content.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..model import Metadata, RawDocument, Rejection
from .decode import MAX_DOCUMENT_BYTES, too_large
from .formats import ChainedStream, Read, read_html, read_jsonl, read_txt, read_warc
from .language import detect_language
from .metadata import ManifestError, load_manifest, normalise_published

__all__ = [
    "FORMATS",
    "ManifestError",
    "Read",
    "detect_language",
    "load_manifest",
    "normalise_published",
    "read_inputs",
    "total_bytes",
]

STDIN = "-"
STDIN_SOURCE = "<stdin>"
FORMATS = ("txt", "html", "jsonl", "warc")
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}
GLOB_CHARS = frozenset("*?[")


def read_inputs(
    paths: Iterable[str],
    *,
    manifest: dict[Path, Metadata] | None = None,
    defaults: Metadata = Metadata(),
    fmt: str | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[Read]:
    """Yield one RawDocument or Rejection per article found under ``paths``.

    Metadata precedence: a manifest entry for the file, then what the article itself says
    (HTML tags, JSONL fields), then ``defaults`` (the command-line flags).
    """
    manifest = manifest or {}
    for path in _expand(paths):
        if isinstance(path, Rejection):
            yield path
            continue
        entry = manifest.get(path.resolve()) if path.name != STDIN else None
        for item in _read_one(path, fmt, progress):
            if isinstance(item, RawDocument):
                meta = item.meta.merged_over(defaults)
                item = replace(item, meta=entry.merged_over(meta) if entry else meta)
            yield item


def total_bytes(paths: Iterable[str]) -> int:
    """Bytes that read_inputs will consume, for a progress bar (0 for stdin)."""
    total = 0
    for path in _expand(paths):
        if isinstance(path, Path) and path.name != STDIN:
            try:
                total += path.stat().st_size
            except OSError:
                pass
    return total


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def _expand(paths: Iterable[str]) -> Iterator[Path | Rejection]:
    """Named files (any suffix), folders (recursively, known suffixes only), globs and stdin."""
    for raw in paths:
        if raw == STDIN:
            yield Path(STDIN)
        elif GLOB_CHARS & set(raw) and not os.path.exists(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Rejection(raw, "not_found:glob_matched_nothing")
            for match in matches:
                yield from _expand_one(Path(match), named=False)
        else:
            yield from _expand_one(Path(raw), named=True)


def _expand_one(path: Path, named: bool) -> Iterator[Path | Rejection]:
    if path.is_dir():
        yield from _walk(path)
    elif path.is_file():
        if named or format_of(path):
            yield path
    elif os.path.lexists(path) and not path.exists():
        yield Rejection(str(path), "not_found:broken_link")
    elif not path.exists():
        yield Rejection(str(path), "not_found")
    else:
        yield Rejection(str(path), "unreadable:not_a_regular_file")


def _walk(folder: Path) -> Iterator[Path | Rejection]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if not name.startswith(".") and format_of(path):
                yield path
        while errors:
            error = errors.pop()
            yield Rejection(str(error.filename or folder), f"unreadable:{type(error).__name__}")


def _read_one(path: Path, fmt: str | None, progress: Callable[[int], None]) -> Iterator[Read]:
    if path.name == STDIN:
        yield from _read_stdin(fmt, progress)
        return
    source = str(path)
    fmt = fmt or format_of(path) or "txt"
    try:
        size = path.stat().st_size
        if fmt in ("jsonl", "warc"):  # containers: streamed, the size limit applies per record
            with path.open("rb") as stream:
                reader = read_jsonl if fmt == "jsonl" else read_warc
                yield from reader(source, stream, progress)
            return
        reason = too_large(size)
        if reason:
            progress(size)
            yield Rejection(source, reason)
            return
        data = path.read_bytes()
    except OSError as error:
        yield Rejection(source, f"unreadable:{type(error).__name__}")
        return
    progress(len(data))
    yield read_txt(source, data) if fmt == "txt" else read_html(source, data)


def _read_stdin(fmt: str | None, progress: Callable[[int], None]) -> Iterator[Read]:
    import io

    data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
    fmt = fmt or _sniff_format(data)
    if fmt in ("jsonl", "warc"):
        reader = read_jsonl if fmt == "jsonl" else read_warc
        rest = sys.stdin.buffer  # a container may be longer than one document's limit
        yield from reader(STDIN_SOURCE, ChainedStream(io.BytesIO(data), rest), progress)
        return
    progress(len(data))
    if too_large(len(data)):
        yield Rejection(STDIN_SOURCE, f"too_large:>{MAX_DOCUMENT_BYTES // 1_048_576}MB")
        return
    yield read_txt(STDIN_SOURCE, data) if fmt == "txt" else read_html(STDIN_SOURCE, data)


def _sniff_format(data: bytes) -> str:
    head = data[:4096].lstrip()
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"<"):
        return "html"
    first = head.split(b"\n", 1)[0]
    try:
        if isinstance(json.loads(first), dict):
            return "jsonl"
    except (ValueError, UnicodeDecodeError):
        pass
    return "txt"
