"""The Corpus: one database of documents, with the operations the CLI and API are shells over."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO
from pathlib import Path

from .model import DEFAULT_POLICY, Document, Incident, IncidentQuery, InputResult, IngestSummary, Metadata
from .pipeline import Extract, Observer, Resolve, Run
from .read import load_manifest, read_inputs, total_bytes
from .store import SQLiteStore, StoreError

DEFAULT_DB = "corroborate.db"
DB_ENV = "CORROBORATE_DB"


class NotFound(StoreError):
    """No incident or document has the id asked for."""


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
        """Exactly what `corroborate ingest` does: read, deduplicate and store everything under
        ``paths``, then extract, assemble and resolve (unless ``extract=False``); return the
        run's counts. Options as :meth:`ingest_iter`."""
        return self.ingest_iter(paths, **options).run()

    def ingest_iter(
        self,
        paths: Iterable[str],
        *,
        manifest: str | os.PathLike | None = None,
        published: str | None = None,
        outlet: str | None = None,
        fmt: str | None = None,
        extract: bool = True,
        workers: int = 1,
        progress: Callable[[int], None] = lambda n: None,
        observer: Observer | None = None,
        command: str = "ingest",
    ) -> Run:
        """Like :meth:`ingest`, but iterate the returned run for each input's result as it is
        stored; extraction and resolution run after the last input, before the iteration ends.

        ``manifest`` (CSV or JSON) gives per-file metadata; ``published`` and ``outlet`` are
        defaults for inputs that carry none; ``fmt`` forces one input format; ``extract=False``
        only stores (a later ingest extracts); ``workers`` extraction processes; ``progress``
        is called with the bytes read, ``observer`` with the later stages' progress.
        """
        paths = list(paths)
        items = read_inputs(
            paths,
            manifest=load_manifest(manifest) if manifest else None,
            defaults=Metadata(published=published, outlet=outlet),
            fmt=fmt,
            progress=progress,
        )
        return Run(self.store, items, command=command, extract=extract, workers=workers, observer=observer or Observer())

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

    def resolve_iter(self) -> Resolve:
        """Assembly of each extracted document's incidents and their resolution into canonical
        incidents; iterate it (one document id per assembled document) or call :meth:`resolve`."""
        return Resolve(self.store)

    def resolve(self):
        return Resolve(self.store).run()

    def incidents(
        self,
        *,
        policy: str = DEFAULT_POLICY,
        country: str | Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        type: str | None = None,
        actor: str | None = None,
        role: str | None = None,
        min_killed: int | None = None,
        has_conflict: bool | None = None,
        ids: Iterable[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Incident]:
        """Canonical incidents (``model.Incident``; see corroborate.consensus for how their
        consensus is made), in creation order, filtered in SQL.

        ``country``: ISO codes or English names ("IR", "Iran"); ``since``/``until`` keep dated
        incidents whose date interval reaches the bound (undated ones are left out: see
        :meth:`count_undated`); ``actor``: an actor id, name or alias, matching its branches too
        ("islamic-state" finds ISKP), or an unregistered organisation's name; ``role``: claimed,
        blamed, denied, suspected, ...; ``min_killed``: the best killed figure under ``policy``.
        """
        codes = country_codes(country)
        query = IncidentQuery(
            policy=policy, countries=None if codes is None else tuple(codes), since=since, until=until, type=type, actor=actor,
            role=role, min_killed=min_killed, has_conflict=has_conflict, ids=None if ids is None else tuple(ids), limit=limit,
            offset=offset,
        )  # fmt: skip
        found = self.store.query_incidents(query)
        return self.store.records(found, policy)

    def actor_named(self, actor: str) -> bool:
        """Whether an actor filter names anything: a registered id, name or alias, or an
        organisation some incident names."""
        return self.store.actor_named(actor)

    def count_undated(self) -> int:
        """Incidents no report dates: a --since or --until filter leaves them out."""
        return self.store.count_undated()

    def incident(self, id_or_prefix: str, policy: str = DEFAULT_POLICY) -> Incident:
        """One incident by id or unique prefix. Raises StoreError when the prefix is ambiguous or
        no incident has it."""
        found = self.store.find_incident(id_or_prefix.strip().lower())
        if len(found) > 1:
            raise StoreError(f"incident id prefix {id_or_prefix!r} is ambiguous: give more characters")
        if not found:
            raise NotFound(f"no incident with id {id_or_prefix!r} (list them with `corroborate incidents`)")
        return next(self.store.records(found, policy))

    def conflicts(self, *, kind: str | None = None, field: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Every classified disagreement, with its incident id and place, in incident order."""
        return self.store.conflict_rows(kind=kind, field=field, limit=limit, offset=offset)

    def export_json(self, stream: IO[str], policy: str = DEFAULT_POLICY) -> dict:
        """Write the whole database as one JSON document (schema/corroborate-export.schema.json),
        streamed. Returns the counts written. Other formats and filters: corroborate.export.write."""
        from .export import write

        return write("json", self, stream, policy=policy)

    def document_incidents(self, document_id: str) -> list[dict]:
        """A stored document's incidents as assembled (main first), each with its ``incident_id``."""
        return self.store.document_incidents(document_id)

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


def country_codes(country: str | Iterable[str] | None) -> list[str] | None:
    """ISO codes for country filters given as codes or English names; raises ValueError for a
    name no country has (a filter that silently matches nothing would mislead)."""
    from .countries import country_code

    if country is None:
        return None
    wanted = [country] if isinstance(country, str) else list(country)
    codes = []
    for name in wanted:
        code = country_code(name)
        if code is None:
            raise ValueError(f"unknown country {name!r}: give an ISO 3166 code (IR) or an English name (Iran)")
        codes.append(code)
    return codes


def open(path: str | os.PathLike | None = None, *, readonly: bool = False) -> Corpus:  # noqa: A001
    """Open (creating if needed) the database at ``path``, or $CORROBORATE_DB, or ./corroborate.db."""
    return Corpus(path, readonly=readonly)
