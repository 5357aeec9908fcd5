"""The Corpus: one database of documents, with the operations the CLI and API are shells over."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .model import Document, InputResult, IngestSummary, Metadata
from .pipeline import Extract, Ingest
from .read import load_manifest, read_inputs, total_bytes
from .store import SQLiteStore

DEFAULT_DB = "corroborate.db"
DB_ENV = "CORROBORATE_DB"


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


class Corpus:
    """A Corroborate database. Open with :func:`corroborate.open`."""

    def __init__(self, path: str | os.PathLike | None = None, *, readonly: bool = False):
        self.path = Path(path) if path is not None else default_db_path()
        self.store = SQLiteStore(self.path, readonly=readonly)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, paths: Iterable[str], **options) -> IngestSummary:
        """Read, deduplicate and store everything under ``paths``; return the run's counts."""
        run = self.ingest_iter(paths, **options)
        for _ in run:
            pass
        return run.summary

    def ingest_iter(
        self,
        paths: Iterable[str],
        *,
        manifest: str | os.PathLike | None = None,
        published: str | None = None,
        outlet: str | None = None,
        fmt: str | None = None,
        progress: Callable[[int], None] = lambda n: None,
        command: str = "ingest",
    ) -> Ingest:
        """Like :meth:`ingest`, but iterate the returned run for each input's result as it is stored.

        ``manifest`` (CSV or JSON) gives per-file metadata; ``published`` and ``outlet`` are
        defaults for inputs that carry none; ``fmt`` forces one input format.
        """
        paths = list(paths)
        items = read_inputs(
            paths,
            manifest=load_manifest(manifest) if manifest else None,
            defaults=Metadata(published=published, outlet=outlet),
            fmt=fmt,
            progress=progress,
        )
        return Ingest(self.store, items, command=command)

    @staticmethod
    def input_bytes(paths: Iterable[str]) -> int:
        """Total bytes an ingest of ``paths`` will read (for progress bars)."""
        return total_bytes(paths)

    def extract_iter(self, workers: int = 1) -> Extract:
        """Extraction of every stored English document that lacks the current extractor's
        mentions; iterate it (one document id per saved document) or call :meth:`extract`."""
        return Extract(self.store, workers=workers)

    def extract(self, workers: int = 1):
        run = self.extract_iter(workers)
        for _ in run:
            pass
        return run.summary

    def mentions(self, document_id: str, kinds: Iterable[str] | None = None) -> list[dict]:
        """A stored document's mentions, in text order (see corroborate.extract for their fields)."""
        return self.store.mentions(document_id, kinds)

    def documents(self, **filters) -> Iterator[Document]:
        """Stored documents in ingest order; filters: status, language, outlet, group, since,
        until, search, with_text, limit."""
        return self.store.documents(**filters)

    def document(self, id_or_prefix: str) -> Document | None:
        return self.store.document(id_or_prefix)

    def ledger(self, document_id: str) -> list[dict]:
        """Every input that produced or repeated this document, oldest first."""
        return self.store.ledger(document_id)

    def syndication(self, document: Document) -> dict:
        """The document's group: its members and the copy links that formed it."""
        members = self.store.group_members(document.syndication_group) if document.syndication_group else []
        return {"group": document.syndication_group, "members": members, "links": self.store.links(document.id)}

    def status(self) -> dict:
        return {"database": str(self.path), **self.store.counts(), "runs": self.store.runs()}


def open(path: str | os.PathLike | None = None, *, readonly: bool = False) -> Corpus:  # noqa: A001
    """Open (creating if needed) the database at ``path``, or $CORROBORATE_DB, or ./corroborate.db."""
    return Corpus(path, readonly=readonly)
