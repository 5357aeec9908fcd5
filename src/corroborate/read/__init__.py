"""Read inputs (files, folders, globs, stdin) into raw documents or recorded rejections.

This package is the only code that touches input. Every input ends up as exactly one
``RawDocument`` or ``Rejection`` per article it holds; nothing raises on bad content.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from ..model import Metadata, RawDocument, Rejection
from .decode import MAX_DOCUMENT_BYTES, too_large
from .formats import ChainedStream, Read, read_html, read_jsonl, read_txt, read_warc
from .language import detect_language
from .metadata import Manifest, ManifestError, load_manifest, normalise_published
from .paths import STDIN, expand, format_of

__all__ = [
    "FORMATS",
    "Manifest",
    "ManifestError",
    "Read",
    "detect_language",
    "load_manifest",
    "normalise_published",
    "read_inputs",
    "total_bytes",
]

STDIN_SOURCE = "<stdin>"
MAX_REASON_CHARS = 300
SNIFF_LINES = 5
FORMATS = ("txt", "html", "jsonl", "warc")


def read_inputs(
    paths: Iterable[str],
    *,
    manifest: dict[Path, Metadata] | None = None,  # e.g. a Manifest
    defaults: Metadata = Metadata(),
    fmt: str | None = None,
    progress: Callable[[int], None] = lambda n: None,
) -> Iterator[Read]:
    """Yield one RawDocument or Rejection per article found under ``paths``.

    Metadata precedence: a manifest entry for the file, then what the article itself says
    (HTML tags, JSONL fields), then ``defaults`` (the command-line flags).
    """
    manifest = manifest or {}
    for path in expand(paths):
        if isinstance(path, Rejection):
            yield path
            continue
        entry = manifest.get(path.resolve()) if path.name != STDIN else None
        for item in _guarded(path, _read_one(path, fmt, progress)):
            if isinstance(item, RawDocument):
                meta = item.meta.merged_over(defaults)
                item = replace(item, meta=entry.merged_over(meta) if entry else meta)
            yield item


def _guarded(path: Path, items: Iterator[Read]) -> Iterator[Read]:
    """A reader that raises fails the rest of its file, recorded; the next inputs still run."""
    try:
        yield from items
    except Exception as error:  # a parser library bug must not end the batch
        yield Rejection(str(path), f"internal:read:{type(error).__name__}:{error}"[:MAX_REASON_CHARS])


def total_bytes(paths: Iterable[str]) -> int:
    """Bytes that read_inputs will consume, for a progress bar (0 for stdin)."""
    total = 0
    for path in expand(paths):
        if isinstance(path, Path) and path.name != STDIN:
            try:
                total += path.stat().st_size
            except OSError:
                pass
    return total


def _read_one(path: Path, fmt: str | None, progress: Callable[[int], None]) -> Iterator[Read]:
    if path.name == STDIN:
        yield from _read_stdin(fmt, progress)
        return
    source = str(path)
    fmt = fmt or format_of(path) or _sniff_file(path)
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
        yield Rejection(STDIN_SOURCE, f"too_large:>{MAX_DOCUMENT_BYTES / 1_048_576:.0f}MB")
        return
    yield read_txt(STDIN_SOURCE, data) if fmt == "txt" else read_html(STDIN_SOURCE, data)


def _sniff_file(path: Path) -> str:
    """A named file with an unknown suffix (.shtml, .php, none) is read as what it looks like."""
    try:
        with path.open("rb") as handle:
            return _sniff_format(handle.read(65536))
    except OSError:
        return "txt"


def _sniff_format(data: bytes) -> str:
    """The format of unnamed input: WARC, HTML, JSONL (most of the first lines are JSON objects), else text."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        return "warc"
    if head[:1] == b"<" and re.match(rb"<(!doctype|html|head|body|meta|div|p|article|\?xml|!--)", head[:20].lower()):
        return "html"
    lines = [line for line in head.split(b"\n")[:SNIFF_LINES] if line.strip()]
    objects = sum(1 for line in lines if line.lstrip().startswith(b"{"))
    if lines and objects * 2 > len(lines):
        return "jsonl"
    return "txt"
