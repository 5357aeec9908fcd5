"""Plain data that flows between the stages: read -> dedup -> store -> extract -> resolve."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import Enum
from typing import ClassVar


class Status(str, Enum):
    """Outcome of one input, as recorded in the ledger."""

    OK = "ok"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Metadata:
    """What is known about an article besides its text. Any field may be missing."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or datetime

    def merged_over(self, fallback: Metadata) -> Metadata:
        """Fields of self win; missing ones come from fallback."""
        return Metadata(**{k: v if v is not None else getattr(fallback, k) for k, v in asdict(self).items()})


@dataclass(frozen=True)
class RawDocument:
    """An article as read from its input: text decoded, not yet normalised."""

    source: str  # path, path:line (JSONL), path#offset (WARC), or "<stdin>"
    text: str
    format: str  # txt | html | jsonl | warc
    meta: Metadata = Metadata()
    external_id: str | None = None  # an id the input supplied, e.g. a JSONL "id"
    encoding: str | None = None
    note: str | None = None  # something the reader had to do, e.g. "decoded:cp1251"


@dataclass(frozen=True)
class Rejection:
    """An input that could not become a document, with the reason why."""

    source: str
    reason: str
    status: Status = Status.FAILED


@dataclass(frozen=True)
class Document:
    """A stored article. ``id`` is the SHA-256 of the normalised text."""

    id: str
    source: str
    text: str
    format: str
    status: Status
    language: str | None = None
    reason: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    external_id: str | None = None
    encoding: str | None = None
    syndication_group: str | None = None
    ingested_at: str | None = None

    def summary(self) -> dict:
        """The fields of the `documents --json` contract."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "status": self.status.value,
            "reason": self.reason,
            "syndication_group": self.syndication_group,
        }


@dataclass(frozen=True)
class InputResult:
    """One ledger row: what became of one input."""

    source: str
    status: Status
    reason: str | None = None
    document_id: str | None = None
    meta: Metadata | None = None  # what this input said about itself (kept for exact copies)
    external_id: str | None = None

    def as_dict(self) -> dict:
        return {"source": self.source, "status": self.status.value, "reason": self.reason, "document_id": self.document_id}


@dataclass
class ExtractSummary:
    """What the extraction stage did: documents read by the extractor, failed (with their reason
    recorded), and the mentions saved."""

    extracted: int = 0
    failed: int = 0
    mentions: int = 0


@dataclass
class ResolveSummary:
    """What assembly and resolution did."""

    assembled: int = 0  # documents whose incidents were (re)assembled
    resolved: int = 0  # documents whose incidents were resolved into canonical incidents
    rebuilt: bool = False  # resolution started again from scratch
    incidents: int = 0  # canonical incidents after the run


@dataclass
class IngestSummary:
    """Counts of one ingest run. ``seen == ok + duplicate + skipped + failed`` always.
    ``extraction`` and ``resolution`` are None when those stages did not run (``--no-extract``);
    ``errors`` names a stage that stopped on a bug (the inputs stored before it stay stored)."""

    run_id: int | None = None
    counts: dict[Status, int] = field(default_factory=lambda: {s: 0 for s in Status})
    groups_joined: int = 0  # documents that joined an existing syndication group
    extraction: ExtractSummary | None = None
    resolution: ResolveSummary | None = None
    errors: list[str] = field(default_factory=list)

    def add(self, result: InputResult) -> None:
        self.counts[result.status] += 1

    @property
    def seen(self) -> int:
        return sum(self.counts.values())

    def __getattr__(self, name: str) -> int:
        try:
            return self.__dict__["counts"][Status(name)]
        except (KeyError, ValueError):
            raise AttributeError(name) from None

    def as_dict(self) -> dict:
        return {"seen": self.seen, **{s.value: n for s, n in self.counts.items()}}


# --------------------------------------------------------------------------- incidents as read
# What resolution stores and every reader gets: the incident tables (store/records.py) build
# these, the CLI, the API and the exports show them, and the JSON export is their ``as_dict``
# (schema/corroborate-export.schema.json; a test checks the two agree).


def _shallow(record) -> dict:
    """A record's fields as a dict, one level deep (``dataclasses.asdict`` deep-copies every value:
    ten times slower, and exports write a million of these)."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


@dataclass(frozen=True)
class Claim:
    """One thing one article says, traced to its words: ``text`` is the stored document's
    text[start:end], ``quote`` the sentence holding it, ``speaker`` who the text says said it."""

    document: str
    text: str
    quote: str
    start: int
    end: int
    speaker: str | None = None
    speaker_actor: str | None = None
    outlet: str | None = None
    published: str | None = None

    def as_dict(self) -> dict:
        return _shallow(self)


@dataclass(frozen=True)
class CountClaim(Claim):
    """A casualty claim: the range its words give (``max`` None: open, "at least 94")."""

    min: int = 0
    max: int | None = None
    qualifier: str | None = None
    update: bool = False  # a toll update ("rose to")


@dataclass(frozen=True)
class Figure:
    """A distinct figure member articles give, with its support."""

    min: int
    max: int | None
    documents: list[str]
    independent_sources: int

    def as_dict(self) -> dict:
        return _shallow(self)


@dataclass(frozen=True)
class Estimate:
    """A count (killed, injured, arrested): the consensus under one policy and every claim."""

    low: int | None
    best: int | None
    high: int | None
    claims: list[CountClaim]
    values: list[Figure]

    def as_dict(self) -> dict:
        return {"low": self.low, "best": self.best, "high": self.high, "claims": [c.as_dict() for c in self.claims],
                "values": [v.as_dict() for v in self.values]}  # fmt: skip


@dataclass(frozen=True)
class DateInterval:
    start: str
    end: str
    precision: str  # day | week | month | year
    basis: str | None  # stated | stated_year | document_year | published

    def as_dict(self) -> dict:
        return _shallow(self)


@dataclass(frozen=True)
class Location:
    name: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: str | None  # facility | city | unresolved | admin1 | country
    facility: str | None

    def as_dict(self) -> dict:
        return _shallow(self)


@dataclass(frozen=True)
class ActorRole:
    """An actor the reports name in a role (claimed, blamed, denied, suspected), by whom."""

    actor_id: str | None  # registry id, country:XX, or None for an unregistered organisation
    name: str
    role: str
    by: str | None
    claims: list[Claim]

    def as_dict(self) -> dict:
        return {"actor_id": self.actor_id, "name": self.name, "role": self.role, "by": self.by, "claims": [c.as_dict() for c in self.claims]}


@dataclass(frozen=True)
class PersonRole:
    name: str
    role: str | None
    claims: list[Claim]

    def as_dict(self) -> dict:
        return {"name": self.name, "role": self.role, "claims": [c.as_dict() for c in self.claims]}


@dataclass(frozen=True)
class Conflict:
    """A classified disagreement; its claims are of the field's kind (counts, dates, places,
    attributions), as exported."""

    field: str  # killed | injured | arrested | date | location | perpetrator
    kind: str  # contradiction | refinement | update
    claims: list[dict]

    def as_dict(self) -> dict:
        return {"field": self.field, "kind": self.kind, "claims": self.claims}


@dataclass(frozen=True)
class Incident:
    """A canonical incident: one real-world event, however many articles report it."""

    id: str
    type: str
    status: str
    date: DateInterval | None
    location: Location | None
    documents: list[str]  # in publication order
    independent_sources: int
    conflicts: list[Conflict]
    killed: Estimate
    injured: Estimate
    arrested: Estimate
    actors: list[ActorRole]
    people: list[PersonRole]

    def as_dict(self) -> dict:
        """The export's incident (the JSON Schema's ``incident``)."""
        return {
            "id": self.id, "type": self.type, "status": self.status,
            "date": None if self.date is None else self.date.as_dict(),
            "location": None if self.location is None else self.location.as_dict(),
            "documents": list(self.documents), "independent_sources": self.independent_sources,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "killed": self.killed.as_dict(), "injured": self.injured.as_dict(), "arrested": self.arrested.as_dict(),
            "actors": [a.as_dict() for a in self.actors], "people": [p.as_dict() for p in self.people],
        }  # fmt: skip


# Consensus policies (how an incident's best figure is picked; consensus.py says how each works).
POLICIES = ("conservative", "ucdp", "latest")
DEFAULT_POLICY = "latest"


@dataclass(frozen=True)
class IncidentQuery:
    """Which incidents a reader asks for (every field optional): the filters of `corroborate
    incidents`, the HTTP API and the exports, answered by one SQL query in the store."""

    policy: str = DEFAULT_POLICY  # whose best figure min_killed compares
    countries: tuple[str, ...] | None = None  # ISO 3166-1 alpha-2 codes
    since: str | None = None  # ISO dates: the incident's date interval reaches the bound
    until: str | None = None
    type: str | None = None
    actor: str | None = None  # an actor id, name or alias (its branches too), or an unregistered name
    role: str | None = None  # claimed | blamed | denied | suspected
    min_killed: int | None = None
    has_conflict: bool | None = None
    ids: tuple[str, ...] | None = None
    limit: int | None = None
    offset: int = 0
    text: str | None = None  # words in the place, facility, country, an actor's name or a report's title
    sort: str = "created"  # one of INCIDENT_SORTS


# How a listing may be ordered (IncidentQuery.sort): creation order (the CLI's), by date (undated
# last) or by the policy's best killed figure (unknown last); ties in creation order.
INCIDENT_SORTS = ("created", "date_desc", "date_asc", "killed_desc", "killed_asc")


# --------------------------------------------------------------------------- mention payloads
# What the extractor reads in a mention, by kind. Stored as JSON (mentions.data) and read back as
# these types; they are also read by key (``data["min"]``, ``data.get("alive")``) exactly like the
# JSON, so a reader may use either. Optional flags are written only when true.


@dataclass(frozen=True, eq=False)
class Payload(Mapping):
    FLAGS: ClassVar[tuple[str, ...]] = ()  # booleans kept only when true

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in self.FLAGS or getattr(self, f.name)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Payload:
        if isinstance(data, cls):
            return data
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {sorted(unknown)}")
        return cls(**data)

    def __getitem__(self, key: str):
        if key not in self._names() or (key in self.FLAGS and not getattr(self, key)):
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_dict())

    def __len__(self) -> int:
        return len(self.as_dict())

    @classmethod
    def _names(cls) -> frozenset[str]:
        return frozenset(f.name for f in fields(cls))


@dataclass(frozen=True, eq=False)
class CasualtyData(Payload):
    """A casualty claim: ``category`` killed, injured, missing, arrested or casualties (killed and
    injured together); the range ``min``..``max`` (None: open) its words give, with ``qualifier``
    (exact, at_least, more_than, about, up_to, range, vague, ...) and ``quantity`` (the number's
    words); ``update`` for a toll statement ("rose to"). ``perpetrators_killed`` counts attackers
    killed, never among the victims."""

    FLAGS: ClassVar[tuple[str, ...]] = ("individual", "alive", "others", "shot", "superseded")
    category: str
    min: int | None
    max: int | None
    qualifier: str
    quantity: str
    update: bool = False
    individual: bool = False  # one person named or described, not a count ("a man", "Jordan Smith")
    alive: bool = False  # said to be alive ("in stable condition", "treated and released")
    others: bool = False  # other people than ones counted before ("three others were shot")
    shot: bool = False  # people shot: the dead may be among them
    superseded: bool = False  # an earlier toll the sentence replaces ("rose from 90 to 170": 90)


@dataclass(frozen=True, eq=False)
class PlaceData(Payload):
    """A place, geocoded offline; ``precision`` facility, city, unresolved, admin1 or country."""

    FLAGS: ClassVar[tuple[str, ...]] = ("destination",)
    name: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: str
    facility: str | None = None
    population: int | None = None
    destination: bool = False  # a hospital or a place victims were taken to: not where it happened


@dataclass(frozen=True, eq=False)
class DateData(Payload):
    """A date as an interval (ISO days) with a precision (day, week, month, year) and a basis
    (stated, document_year, published, ...)."""

    start: str
    end: str
    precision: str
    basis: str


@dataclass(frozen=True, eq=False)
class IncidentData(Payload):
    """An incident trigger: its type, its status (executed, planned, foiled) and its words."""

    type: str
    status: str
    trigger: str


@dataclass(frozen=True, eq=False)
class ActorData(Payload):
    """An organisation: its registry id (None: unregistered), name and kind."""

    actor_id: str | None
    name: str
    kind: str
    registered: bool


@dataclass(frozen=True, eq=False)
class PersonData(Payload):
    """A named person: the role the text gives them, and a reported nationality as quoted."""

    role: str
    nationality: str | None = None


@dataclass(frozen=True, eq=False)
class StatementData(Payload):
    """A statement: ``type`` report, claim, blame or denial; ``target`` the party claimed,
    blamed or denied ({text, start, end, actor_id}), if any."""

    type: str
    target: dict | None = None


PAYLOADS: dict[str, type[Payload]] = {
    "casualty": CasualtyData, "place": PlaceData, "date": DateData, "incident": IncidentData,
    "actor": ActorData, "person": PersonData, "statement": StatementData,
}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """Something the extractor read in a document: its ``kind`` (incident, casualty, date, place,
    actor, person, statement), its character span and sentence in the stored text, what it was
    read as (``data``, a payload of the kind's type), and, for claims and statements, who the text
    says said it (``speaker``: {text, start, end, actor_id})."""

    kind: str
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    data: Payload | dict = field(default_factory=dict, compare=False)
    speaker: dict | None = field(default=None, compare=False)

    def __post_init__(self):
        payload = PAYLOADS.get(self.kind)
        if payload is not None and not isinstance(self.data, payload):
            object.__setattr__(self, "data", payload.from_dict(self.data))

    @classmethod
    def from_dict(cls, row: dict) -> Mention:
        """The inverse of ``as_dict`` (mentions as the store returns them)."""
        start, end = row["sentence"]
        return cls(row["kind"], row["start"], row["end"], row["text"], start, end, row["data"], row["speaker"])

    def as_dict(self) -> dict:
        data = self.data.as_dict() if isinstance(self.data, Payload) else self.data
        return {
            "kind": self.kind, "start": self.start, "end": self.end, "text": self.text,
            "sentence": [self.sentence_start, self.sentence_end], "data": data, "speaker": self.speaker,
        }  # fmt: skip


@dataclass(frozen=True)
class Count:
    """A figure for one category: the range of the claim chosen, and every claim considered."""

    low: int
    best: int
    high: int | None  # None: open ("at least 30")
    chosen: Mention
    claims: tuple[Mention, ...] = field(default=(), compare=False)
    adjusted_by: Mention | None = None  # the killed claim taken out of a count of people shot


@dataclass
class DocIncident:
    """One incident as one article reports it: every mention that belongs to it, and the
    values read from them (type, date, location, counts, actors, people)."""

    index: int  # order in the article (0 = the incident the article is mainly about)
    main: bool
    mentions: list[Mention]
    type: str
    status: str
    date: dict | None  # {start, end, precision, basis}
    location: dict | None  # a place mention's data: {name, country_code, admin1, ..., facility}
    counts: dict[str, Count | None]
    actors: list[dict]  # {actor_id, name, role, by, mention}
    people: list[dict]  # {name, role, mention}
    reference_year: int | None = None  # the article's time: its publication year, else its latest stated year

    def as_dict(self) -> dict:
        """JSON-ready; mentions by position in ``mentions`` where a field points at one."""
        position = {id(m): i for i, m in enumerate(self.mentions)}
        counts = {}
        for category, count in self.counts.items():
            if count is None:
                counts[category] = None
                continue
            counts[category] = {
                "low": count.low, "best": count.best, "high": count.high, "chosen": position[id(count.chosen)],
                "adjusted_by": None if count.adjusted_by is None else position.get(id(count.adjusted_by)),
            }  # fmt: skip
        return {
            "index": self.index, "main": self.main, "type": self.type, "status": self.status,
            "date": self.date, "location": self.location, "counts": counts,
            "actors": [{**a, "mention": position[id(a["mention"])]} for a in self.actors],
            "people": [{**p, "mention": position[id(p["mention"])]} for p in self.people],
            "reference_year": self.reference_year,
            "mentions": [m.as_dict() for m in self.mentions],
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict) -> DocIncident:
        mentions = [Mention.from_dict(m) for m in data["mentions"]]
        counts: dict[str, Count | None] = {}
        for category, c in data["counts"].items():
            if c is None:
                counts[category] = None
                continue
            claims = tuple(m for m in mentions if m.kind == "casualty" and m.data["category"] == category)
            adjusted = None if c.get("adjusted_by") is None else mentions[c["adjusted_by"]]
            counts[category] = Count(c["low"], c["best"], c["high"], mentions[c["chosen"]], claims, adjusted)
        return cls(
            data["index"], data["main"], mentions, data["type"], data["status"], data["date"], data["location"], counts,
            [{**a, "mention": mentions[a["mention"]]} for a in data["actors"]],
            [{**p, "mention": mentions[p["mention"]]} for p in data["people"]],
            data.get("reference_year"),
        )  # fmt: skip
