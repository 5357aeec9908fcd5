"""One reader per input format; each yields RawDocument or Rejection, never raises on bad content."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..model import Metadata, RawDocument, Rejection, Status
from .decode import MAX_DOCUMENT_BYTES, Decoded, decode, too_large
from .metadata import normalise_published

Read = RawDocument | Rejection
Progress = Callable[[int], None]  # called with the number of bytes just consumed

# Headlines are short; a first line longer than this is a paragraph, not a title.
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 25
MAX_NOTE_VALUE_CHARS = 40  # how much of an unusable value a note quotes
JSONL_TEXT_KEYS = ("text", "content")
WARC_MAGIC = b"WARC/"
GZIP_MAGIC = b"\x1f\x8b"


def read_txt(source: str, data: bytes) -> Read:
    decoded = decode(data)
    if isinstance(decoded, str):
        return _reject(source, decoded)
    return RawDocument(
        source=source,
        text=decoded.text,
        format="txt",
        meta=Metadata(title=_headline(decoded.text)),
        encoding=decoded.encoding,
        note=decoded.note,
    )


def _headline(text: str) -> str | None:
    """First line of a plain-text article when it reads as a headline: short, no closing full stop."""
    first = text.strip().split("\n", 1)[0].strip()
    if 0 < len(first) <= MAX_TITLE_CHARS and len(first.split()) <= MAX_TITLE_WORDS and not first.endswith("."):
        return first
    return None


def read_html(source: str, data: bytes, url: str | None = None, fmt: str = "html") -> Read:
    decoded = decode(data)
    if isinstance(decoded, str):
        return _reject(source, decoded)
    return html_document(source, decoded, url=url, fmt=fmt)


def html_document(source: str, decoded: Decoded, url: str | None = None, fmt: str = "html") -> Read:
    """Main text and metadata of a web page, via trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        page = trafilatura.bare_extraction(
            decoded.text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            # The page's own date metadata only: a date guessed from the body or the URL would
            # pass a reported event's date off as the publication date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # a parser failure on hostile HTML is a rejection, not a crash
        return _reject(source, f"html:parse_error:{type(error).__name__}")
    if page is None or not (page.text or "").strip():
        return Rejection(source, "html:no_main_text", Status.SKIPPED)
    meta = Metadata(
        title=page.title or None,
        url=page.url or url,
        outlet=page.sitename or None,
        published=normalise_published(page.date),
    )
    return RawDocument(source, page.text, fmt, meta, encoding=decoded.encoding, note=decoded.note)


def read_jsonl(source: str, stream: BinaryIO, progress: Progress) -> Iterator[Read]:
    """One article per line; a broken line is rejected with its line number, the rest still load."""
    number = 0
    while line := stream.readline(MAX_DOCUMENT_BYTES + 1):
        number += 1
        progress(len(line))
        where = f"{source}:{number}"
        if len(line) > MAX_DOCUMENT_BYTES:
            size = len(line) + _skip_rest_of_line(stream, line, progress)
            yield _reject(where, too_large(size, MAX_DOCUMENT_BYTES))
        elif line.strip():
            yield _jsonl_record(where, line)


def _skip_rest_of_line(stream: BinaryIO, line: bytes, progress: Progress) -> int:
    """Consume an over-long line without holding it in memory; return the bytes skipped."""
    skipped = 0
    while not line.endswith(b"\n"):
        line = stream.readline(1 << 20)
        if not line:
            break
        skipped += len(line)
        progress(len(line))
    return skipped


def _jsonl_record(where: str, line: bytes) -> Read:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else "not_utf-8"
        return _reject(where, f"jsonl:invalid_json:{detail}")
    if not isinstance(record, dict):
        return _reject(where, f"jsonl:not_an_object:{type(record).__name__}")
    text = next((record[k] for k in JSONL_TEXT_KEYS if isinstance(record.get(k), str)), None)
    if text is None:
        return _reject(where, "jsonl:no_text_field")
    if not text.strip():
        return Rejection(where, "empty", Status.SKIPPED)
    published = _string(record.get("published"))
    meta = Metadata(
        title=_string(record.get("title")),
        url=_string(record.get("url")),
        outlet=_string(record.get("outlet")),
        published=normalise_published(published),
    )
    note = f"published:unparsed:{published[:MAX_NOTE_VALUE_CHARS]}" if published and not meta.published else None
    external = record.get("id")
    return RawDocument(
        where, text, "jsonl", meta, external_id=None if external is None else str(external), note=note
    )


def _string(value: object) -> str | None:
    """A metadata field as text; structured values (lists, objects) are not metadata and are dropped."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


def read_warc(source: str, stream: BinaryIO, progress: Progress) -> Iterator[Read]:
    """Each HTML response record of a WARC file (plain or gzipped) is one document."""
    from warcio.archiveiterator import ArchiveIterator

    head = stream.read(len(WARC_MAGIC))
    if not head.startswith(WARC_MAGIC) and not head.startswith(GZIP_MAGIC):
        yield _reject(source, "warc:not_a_warc_file")
        return
    position = found = 0
    counted = ChainedStream(io.BytesIO(head), stream)
    records = ArchiveIterator(counted)
    last = None
    try:
        for record in records:
            last = record
            wanted = record.rec_type == "response" and _is_html(record)
            body = _read_limited(record.content_stream(), MAX_DOCUMENT_BYTES + 1) if wanted else b""
            offset = records.get_record_offset()  # only valid once the body has been read
            progress(max(offset - position, 0))
            position = offset
            if not wanted:
                continue
            where = f"{source}#{offset}"
            reason = too_large(len(body), MAX_DOCUMENT_BYTES) or _truncated(record)
            if reason:
                yield _reject(where, reason)
                if reason == "warc:truncated_record":
                    return  # nothing follows a cut-off record
                continue
            found += 1
            yield read_html(where, body, url=record.rec_headers.get_header("WARC-Target-URI"), fmt="warc")
    except Exception as error:  # warcio raises many types on damaged input, AttributeError included
        # Records before the damage are already yielded; the rest of the file is unreadable.
        yield _reject(f"{source}#{position}", f"warc:unreadable:{type(error).__name__}")
        return
    if last is not None:
        while last.raw_stream.read(1 << 16):
            pass  # drain the last record, so its reader can tell if bytes are missing
    if last is None or counted.read(1) or _truncated(last):
        yield _reject(f"{source}#{position}", "warc:truncated_record")
    elif not found:
        yield Rejection(source, "warc:no_html_responses", Status.SKIPPED)


def _truncated(record) -> str | None:
    """warcio returns a cut-off record's partial body silently; its reader still expects bytes."""
    return "warc:truncated_record" if getattr(record.raw_stream, "limit", 0) > 0 else None


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit:
        chunk = stream.read(min(1 << 16, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _is_html(record) -> bool:
    if record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def _reject(source: str, reason: str) -> Rejection:
    """Empty input is nothing to process (skipped); every other reason is a failure."""
    return Rejection(source, reason, Status.SKIPPED if reason == "empty" else Status.FAILED)


class ChainedStream:
    """A read-only binary stream over a buffered prefix and the rest of a stream."""

    def __init__(self, *streams):
        self._streams = list(streams)

    def read(self, size: int = -1) -> bytes:
        out = b""
        while self._streams and (size < 0 or len(out) < size):
            chunk = self._streams[0].read(-1 if size < 0 else size - len(out))
            if not chunk:
                self._streams.pop(0)
            out += chunk
        return out

    def readline(self, size: int = -1) -> bytes:
        out = b""
        while self._streams and not out.endswith(b"\n") and (size < 0 or len(out) < size):
            chunk = self._streams[0].readline(-1 if size < 0 else size - len(out))
            if not chunk:
                self._streams.pop(0)
            out += chunk
        return out

    def __iter__(self):
        while line := self.readline():
            yield line

