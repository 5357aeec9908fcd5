"""Read queries behind the HTTP API and the web pages: the WHERE and ORDER BY of an incident
listing (filters, text search, sorting), its total and facet counts, the actor registry with
what incidents say about and by each actor, and where a claim's words sit in its quote. SQL only:
the shapes the pages show are built by corroborate.browse."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from ..model import INCIDENT_SORTS, IncidentQuery
from .records import MAX_PAGE, _actor_filter, _policy

FACET_LIMIT = 20  # values listed per facet, most frequent first
ROWS_LIMIT = 500  # statements listed about or by one actor
CACHED_QUERIES = 64  # facet and count answers kept per connection, until the database changes
_answers: dict[str, tuple] = {}  # database path -> (state of its files, {key: answer})
_lock = threading.Lock()
_STATEMENT_COLUMNS = "incident_id, document_id, words, quote, char_start, char_end, speaker, speaker_actor_id, outlet, published"


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def incident_where(q: IncidentQuery) -> tuple[str, list]:
    """The WHERE clause (without the word; "" for none) and its parameters that keep the
    incidents ``q`` asks for, over the ``incidents`` table."""
    where, params = [], []
    if q.ids is not None:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(q.ids)))
    if q.countries:
        where.append(f"country IN ({', '.join('?' for _ in q.countries)})")
        params += q.countries
    if q.since:
        where.append("event_date_end >= ?")
        params.append(q.since)
    if q.until:
        where.append("event_date <= ?")
        params.append(q.until)
    if q.type:
        where.append("event_type = ?")
        params.append(q.type)
    if q.min_killed is not None:
        where.append(f"fatalities_best_{_policy(q.policy)} >= ?")
        params.append(q.min_killed)
    if q.has_conflict is not None:
        where.append("has_conflict = ?")
        params.append(int(q.has_conflict))
    if q.actor or q.role:
        sub, sub_params = _actor_filter(q.actor, q.role)
        where.append(f"id IN ({sub})")
        params += sub_params
    if q.text and q.text.strip():
        sub, sub_params = _text_filter(q.text.strip())
        where.append(sub)
        params += sub_params
    return " AND ".join(where), params


def _text_filter(text: str) -> tuple[str, list]:
    """Incidents whose place, facility, area, type, an actor named or a report's title holds
    ``text`` (case-insensitive), or in the country it names ("Iran", "IR")."""
    from ..countries import country_code

    pattern = _like(text)
    clauses = [
        "location LIKE ? ESCAPE '\\'", "facility LIKE ? ESCAPE '\\'", "admin1 LIKE ? ESCAPE '\\'", "event_type LIKE ? ESCAPE '\\'",
        "id IN (SELECT incident_id FROM incident_actors WHERE name LIKE ? ESCAPE '\\' OR actor_id LIKE ? ESCAPE '\\')",
        "id IN (SELECT incident_id FROM document_incidents WHERE document_id IN (SELECT id FROM documents WHERE title LIKE ? ESCAPE '\\'))",
    ]  # fmt: skip
    params: list = [pattern] * len(clauses) + [pattern]  # the actor clause takes two
    code = country_code(text) if len(text) <= 60 else None
    if code:
        clauses.append("country = ?")
        params.append(code)
    return "(" + " OR ".join(clauses) + ")", params


def incident_order(q: IncidentQuery) -> str:
    """The ORDER BY of a listing: ``q.sort`` (unknown values raise ValueError), ties and
    unknown dates or figures last, in creation order."""
    if q.sort not in INCIDENT_SORTS:
        raise ValueError(f"unknown sort {q.sort!r}: use one of {', '.join(INCIDENT_SORTS)}")
    if q.sort == "created":
        return "seq"
    what, direction = q.sort.rsplit("_", 1)
    column = "event_date" if what == "date" else f"fatalities_best_{_policy(q.policy)}"
    return f"{column} IS NULL, {column} {direction.upper()}, seq"


def _cached(store, key: tuple, compute: Callable):
    """``compute()``, remembered for the database until its files change (a commit writes the
    WAL or the file): a listing's pages share their total and facets, which scan every match."""
    state = []
    for path in (store.path, store.path.with_name(store.path.name + "-wal")):
        try:
            stat = path.stat()
            state.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
        except OSError:
            state.append(None)
    place = str(store.path.resolve())
    with _lock:
        held = _answers.get(place)
        if held is None or held[0] != state:
            held = _answers[place] = (state, OrderedDict())
        if key in held[1]:
            held[1].move_to_end(key)
            return held[1][key]
    answer = compute()
    with _lock:
        held[1][key] = answer
        if len(held[1]) > CACHED_QUERIES:
            held[1].popitem(last=False)
    return answer


def count_incidents(store, q: IncidentQuery) -> int:
    """How many incidents pass ``q``'s filters (its limit and offset ignored)."""
    where, params = incident_where(q)
    sql = "SELECT COUNT(*) FROM incidents" + (" WHERE " + where if where else "")
    return _cached(store, ("count", sql, *params), lambda: store.conn.execute(sql, params).fetchone()[0])


def incident_facets(store, q: IncidentQuery, limit: int = FACET_LIMIT) -> dict[str, list[tuple]]:
    """Counts of the incidents passing ``q`` by country, type, year, has_conflict (value, count)
    and actor (id or unregistered name, display name, count: incidents naming it or a branch of
    it, as its filter finds them), most frequent first."""
    where, params = incident_where(q)
    return _cached(store, ("facets", where, *params, limit), lambda: _facets(store, where, params, limit))


def _facets(store, where: str, params: list, limit: int) -> dict[str, list[tuple]]:
    """Every facet in one statement: the filters run once (into ``hits``), not once per facet."""
    limit = int(limit)
    # An actor counts the incidents naming it or any of its branches: what its filter finds.
    # Each registered actor's lineage (itself and its parents) is small: joined, not recursed per row.
    head = (
        "WITH RECURSIVE lineage(actor_id, ancestor) AS (SELECT id, id FROM actors "
        "UNION ALL SELECT l.actor_id, a.parent_id FROM lineage l JOIN actors a ON a.id = l.ancestor WHERE a.parent_id IS NOT NULL)"
    )
    source, scope = "incidents", ""
    if where:
        head += f", hits AS MATERIALIZED (SELECT id, country, event_type, event_date, has_conflict FROM incidents WHERE {where})"
        source, scope = "hits", " JOIN hits h ON h.id = ia.incident_id"
    parts = [
        f"SELECT * FROM (SELECT '{facet}', {column} AS value, NULL, COUNT(*) FROM {source} GROUP BY value HAVING value IS NOT NULL "
        f"ORDER BY 4 DESC, 2 LIMIT {limit})"
        for facet, column in (("country", "country"), ("type", "event_type"), ("year", "substr(event_date, 1, 4)"), ("has_conflict", "has_conflict"))
    ]  # fmt: skip
    parts.append(
        "SELECT * FROM (SELECT 'actor', COALESCE(l.ancestor, ia.actor_id, ia.name) AS value, COALESCE(a.name, MIN(ia.name)), "
        f"COUNT(DISTINCT ia.incident_id) FROM incident_actors ia{scope} LEFT JOIN lineage l ON l.actor_id = ia.actor_id "
        f"LEFT JOIN actors a ON a.id = l.ancestor GROUP BY value ORDER BY 4 DESC, 3 LIMIT {limit})"
    )
    out: dict[str, list[tuple]] = {"country": [], "type": [], "year": [], "has_conflict": [], "actor": []}
    for facet, value, name, count in store.conn.execute(head + " " + " UNION ALL ".join(parts), params):
        out[facet].append((value, name, count) if facet == "actor" else (value, count))
    return out


def documents_meta(store, document_ids: Iterable[str]) -> dict[str, dict]:
    """id -> title, url, outlet, published and independent group (its syndication group, or
    itself) of these documents."""
    rows = store.conn.execute(
        "SELECT id, title, url, outlet, published, COALESCE(syndication_group, id) FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(set(document_ids))),),
    )
    return {r[0]: {"title": r[1], "url": r[2], "outlet": r[3], "published": r[4], "group": r[5]} for r in rows}


def sentence_start(store, document_id: str, start: int, end: int) -> int | None:
    """Where the sentence holding the words at [start, end) of a document begins (from the
    mention that spans them), or None when no mention does."""
    row = store.conn.execute(
        "SELECT sentence_start FROM mentions WHERE document_id = ? AND start <= ? AND end >= ? AND sentence_end >= ? "
        "ORDER BY end - start LIMIT 1",
        (document_id, start, end, end),
    ).fetchone()
    return None if row is None else row[0]


def actor_rows(store, text: str | None, limit: int, offset: int) -> tuple[int, list[dict]]:
    """Registered actors (name, alias or id holding ``text``), most often named first: the total
    and one page of {id, name, kind, parent, incidents}."""
    where, params = "", []
    if text and text.strip():
        pattern = _like(text.strip())
        where = (
            " WHERE a.id LIKE ?1 ESCAPE '\\' OR a.name LIKE ?1 ESCAPE '\\' "
            "OR a.id IN (SELECT actor_id FROM actor_aliases WHERE alias LIKE ?1 ESCAPE '\\')"
        )
        params = [pattern]
    total = store.conn.execute(f"SELECT COUNT(*) FROM actors a{where}", params).fetchone()[0]
    n = len(params)
    rows = store.conn.execute(
        "SELECT a.id, a.name, a.kind, a.parent_id, (SELECT COUNT(DISTINCT incident_id) FROM incident_actors ia WHERE ia.actor_id = a.id) AS n "
        f"FROM actors a{where} ORDER BY n DESC, a.name LIMIT ?{n + 1} OFFSET ?{n + 2}",
        [*params, min(limit, MAX_PAGE), min(offset, MAX_PAGE)],
    )  # fmt: skip
    return total, [{"id": r[0], "name": r[1], "kind": r[2], "parent": r[3], "incidents": r[4]} for r in rows]


def actor_entry(store, actor_id: str) -> dict | None:
    """A registered actor by id (any case): id, name, kind, aliases, parent {id, name} or None,
    branches [{id, name}]; None when the registry lacks it."""
    row = store.conn.execute("SELECT id, name, kind, parent_id FROM actors WHERE id = ? COLLATE NOCASE", (actor_id,)).fetchone()
    if row is None:
        return None
    aliases = [r[0] for r in store.conn.execute("SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY rowid", (row[0],))]
    parent = store.conn.execute("SELECT id, name FROM actors WHERE id = ?", (row[3],)).fetchone() if row[3] else None
    branches = store.conn.execute("SELECT id, name FROM actors WHERE parent_id = ? ORDER BY name", (row[0],)).fetchall()
    return {
        "id": row[0], "name": row[1], "kind": row[2], "aliases": aliases,
        "parent": None if parent is None else {"id": parent[0], "name": parent[1]},
        "branches": [{"id": b[0], "name": b[1]} for b in branches],
    }  # fmt: skip


def _statement(row, **extra) -> dict:
    keys = ("incident", "document", "text", "quote", "start", "end", "speaker", "speaker_actor", "outlet", "published")
    return {**extra, **dict(zip(keys, row[-10:]))}


def statements_about(store, actor_id: str, limit: int = ROWS_LIMIT) -> list[dict]:
    """What reports say about an actor: each role (claimed, blamed, ...) it is named in, by
    whom, with the words, quote and source; oldest report first."""
    rows = store.conn.execute(
        f"SELECT role, by_actor, {_STATEMENT_COLUMNS} FROM incident_actors WHERE actor_id = ? COLLATE NOCASE "
        "ORDER BY published IS NULL, published, id LIMIT ?",
        (actor_id, limit),
    )  # fmt: skip
    return [_statement(r, role=r[0], by=r[1]) for r in rows]


def statements_by(store, actor_id: str, limit: int = ROWS_LIMIT) -> list[dict]:
    """What an actor is reported to have said: the roles it assigned (a claim of its own, a
    blame) and the casualty figures it gave; oldest report first."""
    rows = store.conn.execute(
        f"SELECT * FROM (SELECT 'role' AS what, name, role, NULL, NULL, {_STATEMENT_COLUMNS} FROM incident_actors "
        "WHERE speaker_actor_id = ?1 COLLATE NOCASE OR by_actor = ?1 COLLATE NOCASE "
        f"UNION ALL SELECT 'count', NULL, category, min, max, {_STATEMENT_COLUMNS} FROM claims WHERE speaker_actor_id = ?1 COLLATE NOCASE) "
        "ORDER BY published IS NULL, published LIMIT ?2",
        (actor_id, limit),
    )  # fmt: skip
    out = []
    for r in rows:
        if r[0] == "role":
            out.append(_statement(r, kind="role", actor=r[1], role=r[2]))
        else:
            out.append(_statement(r, kind="count", category=r[2], min=r[3], max=r[4]))
    return out


def count_conflicts(store, kind: str | None = None, field: str | None = None) -> int:
    where, params = [], []
    for column, value in (("kind", kind), ("field", field)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    return store.conn.execute("SELECT COUNT(*) FROM conflicts" + (" WHERE " + " AND ".join(where) if where else ""), params).fetchone()[0]
