"""The data of every page and API endpoint: plain JSON-able dicts built from Corpus and store
queries. The HTML pages (corroborate.web) and the JSON API (corroborate.api) both call these, so
every page has a JSON twin made by the same function. Nothing here computes consensus or filters
rows: filters are SQL (model.IncidentQuery), consensus is the stored model.Incident."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .corpus import Corpus, NotFound
from .model import DEFAULT_POLICY, Incident, IncidentQuery
from .store import browse as sql

MAX_PER_PAGE = 500  # the hard cap of every listing's page size
CATEGORIES = ("killed", "injured", "arrested")


def _page(page: int, per_page: int) -> tuple[int, int]:
    """(limit, offset) of a 1-based page; ValueError for a page or size out of range."""
    if page < 1:
        raise ValueError("page must be 1 or more")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    return per_page, (page - 1) * per_page


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """The English name of an ISO 3166-1 alpha-2 code (the code itself when unknown)."""
    if not code:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or getattr(country, "name", None) or code


def _count(estimate) -> dict:
    return {"best": estimate.best, "low": estimate.low, "high": estimate.high}


def incident_row(incident: Incident) -> dict:
    """One listing row: id, date, precision, type, status, place, facility, country, country_name,
    lat, lon, killed/injured/arrested {best, low, high}, actors [{id, name, role}] (distinct),
    n_sources (articles), n_independent (syndication groups), has_conflict, conflicts (count)."""
    location = incident.location
    actors, seen = [], set()
    for actor in incident.actors:
        key = (actor.actor_id, actor.name, actor.role)
        if key not in seen:
            seen.add(key)
            actors.append({"id": actor.actor_id, "name": actor.name, "role": actor.role})
    return {
        "id": incident.id, "type": incident.type, "status": incident.status,
        "date": incident.date.start if incident.date else None, "date_end": incident.date.end if incident.date else None,
        "precision": incident.date.precision if incident.date else None,
        "place": location.name if location else None, "facility": location.facility if location else None,
        "admin1": location.admin1 if location else None, "country": location.country_code if location else None,
        "country_name": country_name(location.country_code) if location else None,
        "lat": location.latitude if location else None, "lon": location.longitude if location else None,
        **{c: _count(getattr(incident, c)) for c in CATEGORIES},
        "actors": actors, "n_sources": len(incident.documents), "n_independent": incident.independent_sources,
        "has_conflict": any(c.kind in ("contradiction", "update") for c in incident.conflicts),
        "conflicts": len(incident.conflicts),
    }  # fmt: skip


def incident_list(corpus: Corpus, query: IncidentQuery = IncidentQuery(), *, text: str | None = None, sort: str = "date_desc",
                  page: int = 1, per_page: int = 50, facets: bool = True) -> dict:  # fmt: skip
    """One page of incidents passing ``query``'s filters (and ``text``: words in the place,
    country, an actor's name or a report's title), sorted by ``sort`` (model.INCIDENT_SORTS).

    Returns {"incidents": [incident_row(...)], "total": n passing the filters, "page", "per_page",
    "pages", "sort", "text", "facets": {"country": [(code, name, count)], "type": [(type, type, count)],
    "actor": [(id or name, display name, count)], "year": [("2025", "2025", count)],
    "has_conflict": [(True|False, "yes"|"no", count)]}}; facets count every incident passing the
    filters, most frequent first (``facets=False``: {} and one query less per facet, for clients
    that page through rows). ValueError for an unknown sort or a page out of range.
    """
    limit, offset = _page(page, per_page)
    query = replace(query, text=text if text is not None else query.text, sort=sort, limit=limit, offset=offset)
    ids = corpus.store.query_incidents(query)  # ValueError for an unknown sort, before anything is counted
    total = sql.count_incidents(corpus.store, query)
    return {
        "incidents": [incident_row(i) for i in corpus.store.records(ids, query.policy)],
        "total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)),
        "sort": sort, "text": query.text, "facets": _facets(corpus, query) if facets else {},
    }  # fmt: skip


def _facets(corpus: Corpus, query: IncidentQuery) -> dict:
    raw = sql.incident_facets(corpus.store, query)
    return {
        "country": [(code, country_name(code), n) for code, n in raw["country"]],
        "type": [(kind, kind, n) for kind, n in raw["type"]],
        "actor": [tuple(r) for r in raw["actor"]],
        "year": [(year, year, n) for year, n in raw["year"]],
        "has_conflict": [(bool(v), "yes" if v else "no", n) for v, n in raw["has_conflict"]],
    }


def incident_rows(corpus: Corpus, query: IncidentQuery = IncidentQuery()):
    """Every incident passing ``query`` (its limit and offset too) as incident_row dicts,
    streamed: records are read in chunks, so a CSV of every incident stays in flat memory."""
    for incident in corpus.store.records(corpus.store.query_incidents(query), query.policy):
        yield incident_row(incident)


def _highlight(corpus: Corpus, claim) -> tuple[int | None, int | None]:
    """Where the claim's words sit in its quote (offsets into the quote), from the stored offsets;
    (None, None) when the quote does not hold them."""
    words, quote = claim.text or "", claim.quote or ""
    begin = sql.sentence_start(corpus.store, claim.document, claim.start, claim.end)
    if begin is not None:
        at = claim.start - begin
        if 0 <= at and quote[at : at + len(words)] == words:
            return at, at + len(words)
    at = quote.find(words) if words else -1
    return (at, at + len(words)) if at >= 0 else (None, None)


def _claim_row(corpus: Corpus, claim, meta: dict, **what) -> dict:
    start, end = _highlight(corpus, claim)
    document = meta.get(claim.document, {})
    return {
        **what, "text": claim.text, "quote": claim.quote, "quote_start": start, "quote_end": end,
        "speaker": claim.speaker, "speaker_actor": claim.speaker_actor, "outlet": claim.outlet, "published": claim.published,
        "document": {"id": claim.document, "title": document.get("title"), "url": document.get("url")},
        "group": document.get("group"),
    }  # fmt: skip


def incident_detail(corpus: Corpus, incident_id: str, policy: str = DEFAULT_POLICY) -> dict:
    """An incident with every claim behind it. Raises corpus.NotFound for an unknown id.

    Returns {"incident": Incident.as_dict(), "row": incident_row(...), "claims": [{"category":
    killed|injured|arrested, "value": {min, max, qualifier, update}, "text" (as written), "quote",
    "quote_start", "quote_end" (the words' offsets in the quote, for highlighting; None if not
    found), "speaker", "speaker_actor", "outlet", "published", "document": {id, title, url},
    "group" (independent group id: reports of one group count as one source)}], "attributions":
    the same rows for actors (category "actor", "value": {actor_id, name, role, by}), "series":
    {"killed": [{published, min, max, outlet, document}], "injured": [...]} by publication date,
    "conflicts": [Conflict.as_dict()], "documents": [{id, title, url, outlet, published, group}]}.
    """
    incident = corpus.incident(incident_id, policy)
    claims = [(c, getattr(incident, c).claims) for c in CATEGORIES]
    sources = set(incident.documents) | {x.document for _, cs in claims for x in cs} | {x.document for a in incident.actors for x in a.claims}
    meta = sql.documents_meta(corpus.store, sources)
    rows = [
        _claim_row(corpus, x, meta, category=c, value={"min": x.min, "max": x.max, "qualifier": x.qualifier, "update": x.update})
        for c, cs in claims for x in cs
    ]  # fmt: skip
    attributions = [
        _claim_row(corpus, x, meta, category="actor", value={"actor_id": a.actor_id, "name": a.name, "role": a.role, "by": a.by})
        for a in incident.actors for x in a.claims
    ]  # fmt: skip
    series = {
        c: sorted(
            ({"published": x.published, "min": x.min, "max": x.max, "outlet": x.outlet, "document": x.document} for x in cs if x.published),
            key=lambda p: p["published"],
        )
        for c, cs in claims if c != "arrested"
    }  # fmt: skip
    documents = [{"id": d, **meta.get(d, {})} for d in incident.documents]
    return {
        "incident": incident.as_dict(), "row": incident_row(incident), "claims": rows, "attributions": attributions,
        "series": series, "conflicts": [c.as_dict() for c in incident.conflicts], "documents": documents, "policy": policy,
    }  # fmt: skip


def conflict_list(corpus: Corpus, kind: str | None = None, field: str | None = None, page: int = 1, per_page: int = 50) -> dict:
    """One page of classified disagreements in incident order: {"conflicts": [{incident, place
    {facility, name, country_code}, field, kind, claims [as exported]}], "total", "page", "per_page", "pages"}."""
    limit, offset = _page(page, per_page)
    total = sql.count_conflicts(corpus.store, kind, field)
    rows = corpus.conflicts(kind=kind, field=field, limit=limit, offset=offset)
    return {"conflicts": rows, "total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page))}


def actor_list(corpus: Corpus, text: str | None = None, page: int = 1, per_page: int = 50) -> dict:
    """One page of registered actors whose id, name or alias holds ``text``, most often named
    first: {"actors": [{id, name, kind, parent, incidents (count)}], "total", "page", "per_page", "pages", "text"}."""
    limit, offset = _page(page, per_page)
    total, rows = sql.actor_rows(corpus.store, text, limit, offset)
    return {"actors": rows, "total": total, "page": page, "per_page": per_page, "pages": max(1, -(-total // per_page)), "text": text}


def actor_detail(corpus: Corpus, actor_id: str, policy: str = DEFAULT_POLICY, per_page: int = 50) -> dict:
    """A registered actor. Raises NotFound for an id the registry lacks.

    Returns {"actor": {id, name, kind, aliases, parent {id, name} | None, branches [{id, name}]},
    "incidents": incident_list(...) of the incidents naming it or a branch (first page, newest
    first), "about": [{role, by, incident, document, text, quote, start, end, speaker,
    speaker_actor, outlet, published}] (what reports say it did), "by": [{kind "role"|"count",
    actor+role or category+min+max, incident, document, text, quote, ...}] (what it said)}.
    """
    entry = sql.actor_entry(corpus.store, actor_id)
    if entry is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    incidents = incident_list(corpus, IncidentQuery(policy=policy, actor=entry["id"]), per_page=per_page)
    return {
        "actor": entry, "incidents": incidents,
        "about": sql.statements_about(corpus.store, entry["id"]), "by": sql.statements_by(corpus.store, entry["id"]),
    }  # fmt: skip


def mention_label(mention: dict) -> str:
    """A few words saying what was read in a mention ("killed 91", "Kerman, IR", "bombing")."""
    data, kind = mention.get("data") or {}, mention["kind"]
    if kind == "casualty":
        low, high = data.get("min"), data.get("max")
        return f"{data.get('category')} {low}" + ("" if high == low else f"-{'' if high is None else high}")
    if kind == "place":
        return ", ".join(str(p) for p in (data.get("facility"), data.get("name"), data.get("country_code")) if p)
    if kind == "incident":
        return str(data.get("type") or "incident")
    if kind == "date":
        start, end = data.get("start"), data.get("end")
        return str(start) if start == end else f"{start}..{end}"
    if kind == "actor":
        return str(data.get("actor_id") or data.get("name") or mention["text"])
    if kind == "person":
        return f"person ({data['role']})" if data.get("role") else "person"
    if kind == "statement":
        return f"statement ({data.get('type')})"
    return kind


def document_detail(corpus: Corpus, document_id: str) -> dict:
    """A stored document. Raises NotFound for an unknown id (or prefix).

    Returns {"document": {id, source, title, outlet, published, language, status, reason,
    syndication_group, url, external_id}, "text", "mentions": [{kind, start, end, label, text,
    speaker}] (offsets into text, text order), "syndication": {"group", "members": [{id, title,
    outlet, published, url}]}, "incidents": [{index, main, type, incident_id}]}.
    """
    document = corpus.document(document_id)
    if document is None:
        raise NotFound(f"no document with id {document_id!r}")
    mentions = [
        {"kind": m["kind"], "start": m["start"], "end": m["end"], "label": mention_label(m), "text": m["text"],
         "speaker": (m.get("speaker") or {}).get("text")}
        for m in corpus.mentions(document.id)
    ]  # fmt: skip
    group = corpus.syndication(document)
    meta = sql.documents_meta(corpus.store, group["members"])
    members = [{"id": m, **{k: v for k, v in meta.get(m, {}).items() if k != "group"}} for m in group["members"]]
    incidents = [
        {"index": i.get("index"), "main": i.get("main"), "type": i.get("type"), "incident_id": i.get("incident_id")}
        for i in corpus.document_incidents(document.id)
    ]  # fmt: skip
    return {
        "document": {**document.summary(), "url": document.url, "external_id": document.external_id},
        "text": document.text, "mentions": mentions, "syndication": {"group": group["group"], "members": members},
        "incidents": incidents,
    }  # fmt: skip
