"""The one orchestrator: every front door (`corroborate ingest`, ``Corpus.ingest``, the eval
scripts, the benchmarks) runs the same stages through ``Run``:

1. read -> normalise -> identify language -> store -> syndicate, one input at a time (``Ingest``);
2. extract mentions of every stored English document that lacks the current extractor's (``Extract``);
3. assemble each extracted document's incidents and resolve them across documents, then write
   the incident tables (``Resolve``).

Each input is stored in one transaction, each document's mentions in one, and resolution in
one, so a killed run leaves either the whole of a step or none of it; re-running completes the
rest. A stage that raises on one input fails that input, named, and the batch goes on; a stage
that stops on a bug is recorded in ``IngestSummary.errors`` and the run still ends cleanly.

``analyse`` is the per-document function underneath (text and publication date in, mentions and
the document's incidents out): the `extract` preview calls it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from . import dedup
from .model import Document, ExtractSummary, InputResult, IngestSummary, Mention, RawDocument, Rejection, ResolveSummary, Status
from .read import Read, detect_language
from .store import DatabaseError, StoreError
from .store.interface import Store

ENGLISH = "en"
MAX_REASON_CHARS = 300  # an exception message can be long; the ledger keeps its start
TABULATE_CHUNK = 200  # incidents whose members are read per batch of queries
HEADLINE_FORMATS = ("html", "jsonl", "warc")  # formats whose headline is metadata, not part of the text


class Observer:
    """What a front end shows of a run's later stages; the default shows nothing."""

    def stage(self, name: str, total: int) -> None:
        """A stage starts with ``total`` documents to do."""

    def advance(self, name: str) -> None:
        """One document of the stage is done."""


@dataclass
class Run:
    """One ingest, as `corroborate ingest` runs it: iterate for each input's result as it is
    stored; after the last input, extraction and resolution run (unless ``extract`` is False)
    before the iteration ends. ``summary`` holds the counts of every stage."""

    store: Store
    items: Iterable[Read]
    command: str = "ingest"
    extract: bool = True
    workers: int = 1
    observer: Observer = field(default_factory=Observer)

    def __post_init__(self):
        self._ingest = Ingest(self.store, self.items)
        self.summary = self._ingest.summary

    def __iter__(self) -> Iterator[InputResult]:
        self.summary.run_id = self.store.start_run(self.command)
        yield from self._ingest
        if self.extract:
            self.summary.extraction = self._stage("extracting", lambda: Extract(self.store, workers=self.workers))
            if self.summary.extraction is not None:
                self.summary.resolution = self._stage("assembling incidents", lambda: Resolve(self.store))
        self.store.finish_run(self.summary)

    def run(self) -> IngestSummary:
        for _ in self:
            pass
        return self.summary

    def _stage(self, name: str, make: Callable):
        """Run a later stage with progress; a bug in it is recorded, not raised, so the inputs
        already stored and the run's report survive it."""
        try:
            stage = make()
            self.observer.stage(name, stage.pending())
            for _ in stage:
                self.observer.advance(name)
            return stage.summary
        except (StoreError, DatabaseError):
            raise  # the database itself failed (damaged, unwritable): not a bug of the stage, and nothing later can work
        except Exception as error:  # a bug: named in the report, the run ends cleanly
            self.summary.errors.append(f"internal:{name}:{type(error).__name__}:{error}"[:MAX_REASON_CHARS])
            return None


@dataclass
class Analysis:
    """What Corroborate reads in one document: its mentions and the incidents it reports; or,
    when extraction failed (over its time or memory budget, a crash), why."""

    mentions: list  # corroborate.model.Mention, in text order
    incidents: list  # corroborate.model.DocIncident, the main one first
    reason: str | None = None  # extract_timeout, extract_memory, extract_crash:SIGNAL, extract:Error:...


def analyse(text: str, published: str | None = None) -> Analysis:
    """The per-document function of the pipeline: a stored text (see ``document_text``) and its
    publication date in, mentions and assembled incidents out. Pure: nothing is stored.
    Extraction runs as ingest runs it, in a supervised worker with a time and memory budget."""
    return next(analyse_many([(text, published)]))


def analyse_many(items: Iterable[tuple[str, str | None]], batch_size: int = 16, workers: int = 1) -> Iterator[Analysis]:
    """``analyse`` over (text, published) pairs, in order, batched, in ``workers`` processes."""
    from .extract import parallel

    pairs = list(items)
    jobs = ((str(i), text, published) for i, (text, published) in enumerate(pairs))
    for (text, published), (_, result) in zip(pairs, parallel.extract_all(jobs, workers=workers, batch_size=batch_size)):
        if isinstance(result, str):
            yield Analysis([], [], result)
            continue
        mentions = [Mention.from_dict(m) for m in result]
        yield Analysis(mentions, document_incidents(mentions, published, text))


def document_incidents(mentions: list, published: str | None, text: str) -> list:
    """A document's incidents from its mentions (corroborate.assemble)."""
    from .assemble import assemble

    return assemble(mentions, published, text)


def document_text(item: RawDocument) -> str:
    """The text stored for an input, and read: normalised, its headline first."""
    return dedup.normalise(with_headline(item))


def with_headline(item: RawDocument) -> str:
    """The text to store: for formats that carry the headline apart from the body (HTML, JSONL,
    WARC), the headline first, so what it says (a toll, a place, a date) is read and quoted
    like the rest; unless the body already starts with it."""
    title = (item.meta.title or "").strip()
    if item.format not in HEADLINE_FORMATS or not title or item.text.lstrip().startswith(title):
        return item.text
    return f"{title}\n\n{item.text}"


@dataclass
class Ingest:
    """Stores inputs, one transaction each (within a ``Run``, which records the run)."""

    store: Store
    items: Iterable[Read]

    def __post_init__(self):
        self.summary = IngestSummary()

    def __iter__(self) -> Iterator[InputResult]:
        for item in self.items:
            result = self._one(item)
            self.summary.add(result)
            yield result

    def _one(self, item: Read) -> InputResult:
        if isinstance(item, Rejection):
            result = InputResult(item.source, item.status, item.reason)
            self.store.record(self.summary.run_id, result)
            return result
        self._stage = "normalise"
        try:
            with self.store.transaction():
                text = document_text(item)
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
class Extract:
    """Extracts mentions for every stored English document that lacks the current extractor's.

    Documents are fed to spaCy in batches; each document's mentions are saved in their own
    transaction, so an interrupted run resumes with the documents still pending. A document
    the extractor fails on is recorded as failed (with the error) and the run goes on.
    """

    store: Store
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
class Resolve:
    """Assembles each extracted document's incidents, then resolves them into canonical
    incidents (see corroborate.assemble and corroborate.resolve).

    Assembly is saved per document. Resolution adds the documents not yet resolved, in ingest
    order, to the stored incidents, in one transaction: an interrupted run leaves the previous
    incidents intact. If a document earlier in ingest order than a resolved one is new (it was
    re-extracted by a newer version), resolution starts from scratch so that the result is
    always the one of resolving every document in order.
    """

    store: Store

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
        for document_id, published in self._assemble:
            mentions = [Mention.from_dict(m) for m in self.store.mentions(document_id)]
            incidents = document_incidents(mentions, published, self.store.text(document_id))
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
        from .resolve import Candidate, Resolver, paused_gc

        with self.store.transaction(), paused_gc():
            if self.store.needs_rebuild():
                self.store.forget_resolution()
                self.summary.rebuilt = True
            resolver = Resolver(source=self.store)  # loads only the incidents the new reports' blocks hold
            for document_id, incidents in list(self.store.unresolved()):
                for data in incidents:
                    incident = DocIncident.from_dict(data)
                    self.store.set_incident(document_id, incident.index, resolver.add(Candidate.from_incident(document_id, incident)))
                self.store.mark_resolved(document_id)
                self.summary.resolved += 1
            for cluster_id in sorted(resolver.changed):
                self.store.save_cluster(resolver.clusters[cluster_id].as_dict())
            self.store.save_filings(resolver.new_filings)
            self._tabulate({i: resolver.clusters[i].order for i in resolver.changed})
            self.summary.incidents = resolver.count

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
