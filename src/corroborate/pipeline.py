"""The ingest loop: read -> normalise -> identify language -> store -> syndicate, one input at a time.

Each input is handled in one transaction, so a killed run leaves every document either
fully stored (text, ledger row, fingerprints, group) or absent; re-running completes the rest.
A stage that raises on one input fails that input, named, and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import dedup
from .model import Document, InputResult, IngestSummary, RawDocument, Rejection, Status
from .read import Read, detect_language
from .store import SQLiteStore

ENGLISH = "en"
MAX_REASON_CHARS = 300  # an exception message can be long; the ledger keeps its start
TABULATE_CHUNK = 200  # incidents whose members are read per batch of queries


@dataclass
class Ingest:
    """Runs inputs through the stages into the store; iterate it for per-input results."""

    store: SQLiteStore
    items: Iterable[Read]
    command: str = "ingest"

    def __post_init__(self):
        self.summary = IngestSummary()

    def __iter__(self) -> Iterator[InputResult]:
        self.summary.run_id = self.store.start_run(self.command)
        for item in self.items:
            result = self._one(item)
            self.summary.add(result)
            yield result
        self.store.finish_run(self.summary)

    def _one(self, item: Read) -> InputResult:
        if isinstance(item, Rejection):
            result = InputResult(item.source, item.status, item.reason)
            self.store.record(self.summary.run_id, result)
            return result
        self._stage = "normalise"
        try:
            with self.store.transaction():
                text = dedup.normalise(item.text)
                if text:
                    result = self._store(item, text)
                else:
                    result = InputResult(item.source, Status.SKIPPED, "empty")
                self.store.record(self.summary.run_id, result)
        except Exception as error:  # one bad input must not end the batch; it is recorded instead
            detail = f"internal:{self._stage}:{type(error).__name__}:{error}"
            result = InputResult(item.source, Status.FAILED, detail[:MAX_REASON_CHARS])
            self.store.record(self.summary.run_id, result)
        return result

    def _store(self, item: RawDocument, text: str) -> InputResult:
        document_id = dedup.content_id(text)
        if self.store.has_document(document_id):
            return InputResult(item.source, Status.DUPLICATE, "same_text_as_stored", document_id, item.meta, item.external_id)
        self._stage = "language"
        language = detect_language(text)
        status, reason = (Status.OK, item.note) if language == ENGLISH else (Status.SKIPPED, f"language:{language}")
        document = Document(
            id=document_id,
            source=item.source,
            text=text,
            format=item.format,
            status=status,
            language=language,
            reason=reason,
            title=item.meta.title,
            url=item.meta.url,
            outlet=item.meta.outlet,
            published=item.meta.published,
            external_id=item.external_id,
            encoding=item.encoding,
            syndication_group=document_id if status is Status.OK else None,
        )
        self._stage = "store"
        seq = self.store.insert_document(document)
        if status is Status.OK:
            self._stage = "syndicate"
            group = dedup.assign_group(self.store, document_id, seq, text)
            if group != document_id:
                self.summary.groups_joined += 1
        return InputResult(item.source, status, reason, document_id, item.meta, item.external_id)


@dataclass
class ExtractSummary:
    extracted: int = 0
    failed: int = 0
    mentions: int = 0


@dataclass
class Extract:
    """Extracts mentions for every stored English document that lacks the current extractor's.

    Documents are fed to spaCy in batches; each document's mentions are saved in their own
    transaction, so an interrupted run resumes with the documents still pending. A document
    the extractor fails on is recorded as failed (with the error) and the run goes on.
    """

    store: SQLiteStore
    workers: int = 1
    batch_size: int = 16

    def __post_init__(self):
        from .extract import EXTRACTOR_VERSION

        self.version = EXTRACTOR_VERSION
        self.summary = ExtractSummary()

    def pending(self) -> int:
        return self.store.count_pending_extraction(self.version)

    def __iter__(self) -> Iterator[str]:
        """Yields each document id as its extraction is saved."""
        from .extract import parallel

        pending = self.store.pending_extraction(self.version)
        for document_id, result in parallel.extract_all(pending, workers=self.workers, batch_size=self.batch_size):
            if isinstance(result, str):
                self.store.save_extraction(document_id, self.version, [], reason=result)
                self.summary.failed += 1
            else:
                self.store.save_extraction(document_id, self.version, result)
                self.summary.extracted += 1
                self.summary.mentions += len(result)
            yield document_id


@dataclass
class ResolveSummary:
    assembled: int = 0  # documents whose incidents were (re)assembled
    resolved: int = 0  # documents whose incidents were resolved into canonical incidents
    rebuilt: bool = False  # resolution started again from scratch
    incidents: int = 0  # canonical incidents after the run


@dataclass
class Resolve:
    """Assembles each extracted document's incidents, then resolves them into canonical
    incidents (see corroborate.assemble and corroborate.resolve).

    Assembly is saved per document. Resolution adds the documents not yet resolved, in ingest
    order, to the stored incidents, in one transaction: an interrupted run leaves the previous
    incidents intact. If a document earlier in ingest order than a resolved one is new (it was
    re-extracted by a newer version), resolution starts from scratch so that the result is
    always the one of resolving every document in order.
    """

    store: SQLiteStore

    def __post_init__(self):
        from .assemble import ASSEMBLER_VERSION
        from .extract import EXTRACTOR_VERSION

        self.version = f"{EXTRACTOR_VERSION}+{ASSEMBLER_VERSION}"
        self.summary = ResolveSummary()
        self._assemble = self.store.pending_assembly(self.version)

    def pending(self) -> int:
        return len(self._assemble)

    def __iter__(self) -> Iterator[str]:
        """Yields each document id as its incidents are assembled; resolution follows the last."""
        from .assemble import assemble
        from .extract import Mention

        for document_id, published in self._assemble:
            mentions = [Mention.from_dict(m) for m in self.store.mentions(document_id)]
            incidents = assemble(mentions, published, self.store.text(document_id))
            with self.store.transaction():
                self.store.save_assembly(document_id, self.version, [i.as_dict() for i in incidents])
            self.summary.assembled += 1
            yield document_id
        self._resolve()

    def run(self) -> ResolveSummary:
        for _ in self:
            pass
        return self.summary

    def _resolve(self) -> None:
        from .assemble import DocIncident
        from .resolve import Candidate, Cluster, Resolver, paused_gc

        with self.store.transaction(), paused_gc():
            if self.store.needs_rebuild():
                self.store.forget_resolution()
                self.summary.rebuilt = True
            resolver = Resolver(Cluster.from_dict(state) for state in self.store.clusters())
            for document_id, incidents in list(self.store.unresolved()):
                for data in incidents:
                    incident = DocIncident.from_dict(data)
                    self.store.set_incident(document_id, incident.index, resolver.add(Candidate.from_incident(document_id, incident)))
                self.store.mark_resolved(document_id)
                self.summary.resolved += 1
            for cluster_id in sorted(resolver.changed):
                self.store.save_cluster(resolver.clusters[cluster_id].as_dict())
            self._tabulate({i: resolver.clusters[i].order for i in resolver.changed})
            self.summary.incidents = len(resolver.clusters)

    def _tabulate(self, changed: dict[str, int]) -> None:
        """Write the incident tables of the incidents that changed: their consensus under every
        policy, claims, actors, people and conflicts (see corroborate.store.records)."""
        from .consensus import Source, tabulate
        from .export import actor_entries

        ids = sorted(changed, key=changed.get)
        self.store.forget_incident_records(ids)
        for offset in range(0, len(ids), TABULATE_CHUNK):
            chunk = ids[offset : offset + TABULATE_CHUNK]
            members = self.store.incident_members(chunk)
            sources = {row[0]: Source(*row) for row in self.store.sources({d for rows in members.values() for d, _ in rows})}
            for incident_id in chunk:
                self.store.save_record(changed[incident_id], *tabulate(incident_id, members[incident_id], sources))
        known = self.store.known_actors()
        missing = self.store.named_actor_ids(ids) - known
        if missing or not known:
            self.store.save_actors(actor_entries(missing, everything=not known))
