"""What every export reads: the incidents a query selects, as stored (``model.Incident``), in
batches together with their documents' metadata and the actors they name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from ..model import Claim, Incident, IncidentQuery
from ..store.exports import document_rows

BATCH = 500  # incidents per batch: one round of document and actor look-ups


@dataclass
class Batch:
    incidents: list[Incident]
    documents: dict[str, dict]  # document id -> metadata (store.exports.DOCUMENT_FIELDS)
    actors: dict[str, dict]  # actor id -> registry entry (id, name, kind, parent, aliases)


def incidents(corpus, query: IncidentQuery) -> Iterator[Incident]:
    """The incidents ``query`` selects, in listing order, read in chunks by the store."""
    return corpus.store.records(corpus.store.query_incidents(query), query.policy)


def batches(corpus, query: IncidentQuery, size: int = BATCH) -> Iterator[Batch]:
    records = incidents(corpus, query)
    while True:
        chunk = list(islice(records, size))
        if not chunk:
            return
        document_ids = {d for i in chunk for d in i.documents}
        actor_ids = {a.actor_id for i in chunk for a in i.actors if a.actor_id} | {a.by for i in chunk for a in i.actors if a.by}
        actor_ids |= {c.speaker_actor for i in chunk for c in claims(i) if c.speaker_actor}  # ``by`` may be words: unmatched, left out
        actors = {e["id"]: e for e in corpus.store.actor_entries(actor_ids)}
        yield Batch(chunk, document_rows(corpus.store, document_ids), actors)


def unfiltered(query: IncidentQuery) -> bool:
    """Whether ``query`` selects every incident (its policy and order aside)."""
    defaults = IncidentQuery()
    return all(getattr(query, f) == getattr(defaults, f) for f in query.__dataclass_fields__ if f not in ("policy", "sort"))


def claims(incident: Incident) -> Iterator[Claim]:
    """Every claim of an incident: casualty figures, then the statements naming actors and people."""
    for estimate in (incident.killed, incident.injured, incident.arrested):
        yield from estimate.claims
    for role in incident.actors:
        yield from role.claims
    for person in incident.people:
        yield from person.claims


@lru_cache(maxsize=512)
def country(code: str | None) -> tuple[str | None, str | None]:
    """(English name, ISO alpha-3) of an ISO alpha-2 code; (None, None) when unknown."""
    if not code:
        return None, None
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper())
    if found is None:
        return None, None
    return getattr(found, "common_name", None) or found.name, found.alpha_3


def perpetrator(incident: Incident, actors: dict[str, dict] | None = None) -> tuple[str | None, bool | None, bool]:
    """(perpetrator, uncertain, claimed): the group that claimed the attack when exactly one did;
    otherwise the groups blamed or suspected (several joined by "; "), marked uncertain; (None,
    None, False) when no report names one. Denials are not attributions. A reading of the stored
    roles, not a new judgement: docs/exports.md says how."""
    def names(roles: tuple[str, ...]) -> list[str]:
        found = {}  # one name per actor (by registry id, else by name as written)
        for a in incident.actors:
            if a.role in roles:
                entry = (actors or {}).get(a.actor_id or "")
                found.setdefault(a.actor_id or a.name.lower(), entry["name"] if entry else a.name)
        return list(found.values())

    claimed = names(("claimed",))
    if claimed:
        return "; ".join(claimed), len(claimed) > 1, True
    named = names(("blamed", "suspected"))
    if named:
        return "; ".join(named), True, False
    return None, None, False
