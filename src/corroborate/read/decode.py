"""Bytes at the edge: size caps, binary sniffing and text decoding, each failure a named reason."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# Named limits. A news article is a few KB; 10 MB of text is a book, or not an article.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Share of undecodable bytes up to which a UTF-8 text is kept, with the bad bytes replaced
# (and the count recorded), rather than handed to charset detection.
MAX_UTF8_ERROR_RATIO = 0.01
SNIFF_BYTES = 8192
# Up to this share of bytes >= 0x80, non-UTF-8 text is taken as Windows-1252 (Western European
# text; Cyrillic, Greek or Arabic legacy encodings are mostly high bytes and go to detection).
MAX_LEGACY_HIGH_BYTE_RATIO = 0.1
# UTF-16 without a byte-order mark (Windows tools write it): the high byte of each character
# (every other byte) is NUL for Latin script in at least this share, or, for one other script
# (Cyrillic, Arabic), is one block's byte or the NUL of a space or digit in at least
# MIN_UTF16_ONE_BLOCK_RATIO; the low bytes hold almost no NUL.
MIN_UTF16_NUL_RATIO = 0.6
MIN_UTF16_ONE_BLOCK_RATIO = 0.9
MAX_UTF16_LOW_NUL_RATIO = 0.05
MAX_CONTROL_CHAR_RATIO = 0.01  # a decoded text with more control characters is not text

# Leading bytes of common binary formats that arrive with a text extension.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "elf"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"RIFF", "riff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"\xd0\xcf\x11\xe0", "ole"),
)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    note: str | None = None  # set when decoding needed more than plain UTF-8


def too_large(size: int, limit: int = MAX_DOCUMENT_BYTES) -> str | None:
    """The rejection reason for an input of ``size`` bytes, or None if it fits."""
    if size > limit:
        return f"too_large:{size / 1_048_576:.1f}MB>{limit / 1_048_576:.0f}MB"
    return None


def sniff_binary(data: bytes) -> str | None:
    """Name of the binary format ``data`` starts with, or None if it looks like text."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in head and _bomless_utf16(head) is None:
        return "unknown"
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``data`` looks like UTF-16 without a byte-order mark:
    NUL bytes in most odd (LE) or even (BE) positions, ASCII-like bytes in the others."""
    head = data[:SNIFF_BYTES]
    if len(data) % 2 or len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if _high_bytes(odd) and even.count(0) <= MAX_UTF16_LOW_NUL_RATIO * len(even):
        return "utf-16-le"
    if _high_bytes(even) and odd.count(0) <= MAX_UTF16_LOW_NUL_RATIO * len(odd):
        return "utf-16-be"
    return None


def _high_bytes(high: bytes) -> bool:
    """Whether these bytes read as the high bytes of UTF-16 characters of one script."""
    nul = high.count(0)
    if nul >= MIN_UTF16_NUL_RATIO * len(high):
        return True
    block = max((high.count(b) for b in set(high) if b), default=0)
    return nul > 0 and nul + block >= MIN_UTF16_ONE_BLOCK_RATIO * len(high)


def _decode_bomless_utf16(data: bytes, encoding: str) -> Decoded | str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return f"encoding:invalid_{encoding}"
    controls = sum(1 for c in text if c not in "\t\n\r\f\v" and unicodedata.category(c)[0] == "C")
    if controls > MAX_CONTROL_CHAR_RATIO * len(text):
        return "binary:unknown"  # NULs in alternate bytes, but what they spell is not text
    return Decoded(text, encoding, note=f"decoded:{encoding}")


def decode(data: bytes) -> Decoded | str:
    """Decode bytes to text; on failure return the rejection reason."""
    if not data.strip():
        return "empty"
    binary = sniff_binary(data)
    if binary:
        return f"binary:{binary}"
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding.removesuffix("-sig"))
            except UnicodeDecodeError:
                return f"encoding:invalid_{encoding}"
    utf16 = _bomless_utf16(data)
    if utf16:
        return _decode_bomless_utf16(data, utf16)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8:
        return mostly_utf8
    windows = _mostly_ascii_windows_1252(data)
    if windows:
        return windows
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        return "encoding:undetected"
    encoding = codecs.lookup(best.encoding).name
    return Decoded(str(best), encoding, note=f"decoded:{encoding}")


def _mostly_ascii_windows_1252(data: bytes) -> Decoded | None:
    """English with a few accented names ("Zürich", "São Paulo") in a legacy encoding is the web's
    default, Windows-1252; statistical detection guesses wrong on so few non-ASCII bytes."""
    high = sum(1 for b in data if b >= 0x80)
    if high > MAX_LEGACY_HIGH_BYTE_RATIO * len(data):
        return None
    try:
        return Decoded(data.decode("cp1252"), "cp1252", note="decoded:cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined: not cp1252
        return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few corrupt bytes: keep it, replacing and counting the bad bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80)
    # Text with valid multi-byte sequences and only stray bad bytes is UTF-8; text whose
    # every high byte is invalid is a legacy single-byte encoding.
    if bad and bad < non_ascii and bad <= MAX_UTF8_ERROR_RATIO * len(data):
        return Decoded(text, "utf-8", note=f"utf-8:{bad}_invalid_bytes_replaced")
    return None
