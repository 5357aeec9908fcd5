"""Exact and near copies: content ids, shingle fingerprints and the containment test.

Exact copies share the SHA-256 of their normalised text, so re-ingesting is a no-op.

Near and partial copies (a wire story re-published with a new intro, "ISKP" edited to
"ISIS-K", the last paragraphs cut) are found in two steps, neither of them all-pairs:

1. Candidates. Every 5-word shingle is hashed; the shingles whose hash is 0 modulo
   ``SAMPLE_MODULUS`` are the document's fingerprints (a content-defined sample, so two
   texts sharing a passage share the fingerprints of that passage, wherever it sits). The
   store indexes fingerprints; documents sharing at least ``MIN_SHARED_FINGERPRINTS`` are
   candidates. Document-level MinHash banding was measured and rejected for this step: a
   short article re-publishing part of a long one has a low Jaccard similarity (0.12 on the
   seed pair) but a high containment (0.32), and banding for Jaccard that low floods the
   candidate list.
2. Verification. For each candidate the exact shingle sets, quotations left out, are compared:
   containment (shared shingles over the smaller set) at least ``MIN_CONTAINMENT`` and at least
   ``MIN_SHARED_SHINGLES`` shared shingles (fewer for very short texts) make it a copy.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

SHINGLE_WORDS = 5
SAMPLE_MODULUS = 4
MIN_SHARED_FINGERPRINTS = 2
MIN_CONTAINMENT = 0.2
MIN_SHARED_SHINGLES = 20
# Candidates verified per new document, most shared fingerprints first.
MAX_CANDIDATES = 50
# A fingerprint found in more documents than this is boilerplate (a footer, a stock
# sentence), not evidence of copying, and is not used to find candidates.
MAX_FINGERPRINT_POSTINGS = 200

SHORT_TEXT_SHARE = 0.8
SHORT_TEXT_FINGERPRINTS = 8
# A quotation: paired curly or straight double quotes within one paragraph.
_QUOTED = re.compile(r"“[^”\n]{0,1000}”|\"[^\"\n]{0,1000}\"")
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Format and control characters other than newline: invisible, and they break hashing.
_INVISIBLE = {c: None for c in range(0x20) if c != 0x0A} | {0x7F: None, 0xFEFF: None, 0x200B: None}


def normalise(text: str) -> str:
    """The stored form of a text: NFC, Unix newlines, single spaces, at most one blank line."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (e.g. "\ud800" in JSON) cannot be stored: U+FFFD
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\t", " ").translate(_INVISIBLE)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def content_id(normalised_text: str) -> str:
    """Document id: SHA-256 of the normalised text, hex."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE_WORDS lower-cased words, as signed 64-bit ints (SQLite's)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {_hash64(" ".join(words))} if words else set()
    return {_hash64(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def fingerprints(shingle_set: set[int]) -> list[int]:
    return sorted(h for h in shingle_set if h % SAMPLE_MODULUS == 0)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


@dataclass(frozen=True)
class Overlap:
    """How much of two documents is shared text."""

    shared: int
    containment: float  # shared / size of the smaller shingle set
    jaccard: float

    smaller: int  # shingles in the smaller text

    @property
    def is_copy(self) -> bool:
        # A short flash copied whole has fewer than MIN_SHARED_SHINGLES shingles in all.
        needed = min(MIN_SHARED_SHINGLES, math.ceil(SHORT_TEXT_SHARE * self.smaller))
        return self.containment >= MIN_CONTAINMENT and self.shared >= needed



def overlap(new: set[int], old: set[int]) -> Overlap:
    if not new or not old:
        return Overlap(0, 0.0, 0.0, 0)
    shared = len(new & old)
    union = len(new) + len(old) - shared
    smaller = min(len(new), len(old))
    return Overlap(shared, shared / smaller, shared / union, smaller)


def evidence(text: str, all_shingles: set[int] | None = None) -> set[int]:
    """Shingles that count as evidence of copying: quotations are left out, because two reports
    written independently often quote the same official statement word for word."""
    if all_shingles is not None and not _QUOTED.search(text):
        return all_shingles
    return shingles(_QUOTED.sub(" ", text))


class SyndicationIndex(Protocol):
    """What syndication needs from the store (implemented by store.SQLiteStore)."""

    def postings(self, fingerprints: list[int], limit: int) -> dict[int, list[str]]: ...
    def text(self, document_id: str) -> str: ...
    def group_of(self, document_id: str) -> str | None: ...
    def link(self, document_id: str, copies_id: str, overlap: Overlap) -> None: ...
    def set_group(self, document_id: str, group: str) -> None: ...
    def add_fingerprints(self, seq: int, fingerprints: Iterable[int]) -> None: ...


def assign_group(index: SyndicationIndex, document_id: str, seq: int, text: str) -> str:
    """Link a just-stored document to the documents it copies; return its syndication group.

    The document joins the group of the source it copies most (groups are never merged through
    it: a round-up quoting four unrelated stories must not make them one source); every copy
    link is kept as evidence. A document that copies nothing founds its own group.
    """
    own_all = shingles(text)
    prints = fingerprints(own_all)
    postings = index.postings(prints, MAX_FINGERPRINT_POSTINGS + 1)
    boilerplate = {fp for fp, documents in postings.items() if len(documents) > MAX_FINGERPRINT_POSTINGS}
    shared = Counter(doc for fp, documents in postings.items() if fp not in boilerplate for doc in documents)
    needed = MIN_SHARED_FINGERPRINTS if len(prints) >= SHORT_TEXT_FINGERPRINTS else 1  # a flash has few
    candidates = [doc for doc, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])) if n >= needed]
    own = evidence(text, own_all)
    best: tuple[str, Overlap] | None = None
    copied: set[int] = set()
    for candidate in candidates[:MAX_CANDIDATES]:
        candidate_text = index.text(candidate)
        theirs = shingles(candidate_text)
        found = overlap(own, evidence(candidate_text, theirs))
        if found.is_copy:
            index.link(document_id, candidate, found)
            copied |= theirs
            if best is None or found.containment > best[1].containment:
                best = (candidate, found)
    # Index only the text this document adds: passages it copies are already indexed under
    # their source, and indexing every copy's copy would push a much re-published story's
    # fingerprints past MAX_FINGERPRINT_POSTINGS, where they would stop finding new copies.
    index.add_fingerprints(seq, [fp for fp in prints if fp not in copied and fp not in boilerplate])
    if best is None:
        return document_id
    group = index.group_of(best[0]) or best[0]
    index.set_group(document_id, group)
    return group
