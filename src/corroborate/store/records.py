"""The incident tables (migration 0005): written once per changed incident by resolution, read by
every command as typed ``model.Incident`` records. A record read back is the one
``consensus.build`` made (``Incident.as_dict()`` equals it), under any policy."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from ..model import DEFAULT_POLICY, POLICIES, IncidentQuery, ActorRole, Claim, Conflict, CountClaim, DateInterval, Estimate, Figure, Incident, Location, PersonRole

CATEGORIES = {"killed": "fatalities", "injured": "injured", "arrested": "arrested"}  # record key -> column prefix
SQL_CHUNK = 500
MAX_PAGE = 2**62  # a LIMIT or OFFSET beyond SQLite's integer range is cut to this
_CLAIM_COLUMNS = "document_id, words, quote, char_start, char_end, speaker, speaker_actor_id, outlet, published"
_INCIDENT_TABLES = ("claims", "incident_actors", "incident_people", "conflict_claims", "conflicts", "incidents")


def _claim_values(claim: dict) -> tuple:
    return (
        claim["document"], claim["text"], claim["quote"], claim["start"], claim["end"], claim["speaker"],
        claim["speaker_actor"], claim["outlet"], claim["published"],
    )  # fmt: skip


def _value(field: str, claim: dict) -> str:
    """What a report says of a field, in a few words, for the conflicts table."""
    if "role" in claim:
        return f"{claim['actor']} {claim['role']}"
    if "min" in claim and "text" in claim:
        high = claim["max"]
        return str(claim["min"]) if high == claim["min"] else f"{claim['min']}-{'' if high is None else high}"
    if "precision" in claim and "start" in claim and field == "date":
        return claim["start"] if claim["start"] == claim["end"] else f"{claim['start']}..{claim['end']}"
    return str(claim.get("facility") or claim.get("name") or claim.get("text") or "")


class RecordStore:
    """Mixin of SQLiteStore: the incident tables."""

    conn: sqlite3.Connection

    # -- writing (resolution) -----------------------------------------------------------

    def forget_incident_records(self, incident_ids: Iterable[str] | None = None) -> None:
        """Drop the rows of these incidents (all incidents when None) before they are written again."""
        if incident_ids is None:
            for table in _INCIDENT_TABLES:
                self.conn.execute(f"DELETE FROM {table}")
            return
        ids = list(incident_ids)
        for offset in range(0, len(ids), SQL_CHUNK):
            chunk = ids[offset : offset + SQL_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            self.conn.execute(f"DELETE FROM conflict_claims WHERE conflict_id IN (SELECT id FROM conflicts WHERE incident_id IN ({marks}))", chunk)
            for table in ("claims", "incident_actors", "incident_people", "conflicts"):
                self.conn.execute(f"DELETE FROM {table} WHERE incident_id IN ({marks})", chunk)
            self.conn.execute(f"DELETE FROM incidents WHERE id IN ({marks})", chunk)

    def save_record(self, seq: int, record: dict, bests: dict[str, dict[str, int | None]], chosen: dict[str, list]) -> None:
        """Write one incident: ``record`` as ``consensus.build`` made it under the default policy,
        ``bests`` {policy: {category: best}}, ``chosen`` {category: [(claim, low, high, listed)]}
        the figure each member article gives (see consensus.tabulate)."""
        date, location = record["date"] or {}, record["location"] or {}
        published = [c["published"] for k in CATEGORIES for c in record[k]["claims"] if c["published"]]
        values = {
            "id": record["id"], "seq": seq, "event_type": record["type"], "event_status": record["status"],
            "event_date": date.get("start"), "event_date_end": date.get("end"), "date_precision": date.get("precision"),
            "date_basis": date.get("basis"), "location": location.get("name"), "facility": location.get("facility"),
            "country": location.get("country_code"), "admin1": location.get("admin1"), "latitude": location.get("latitude"),
            "longitude": location.get("longitude"), "geo_precision": location.get("precision"),
            "n_documents": len(record["documents"]), "n_independent_sources": record["independent_sources"],
            "n_conflicts": len(record["conflicts"]),
            "has_conflict": int(any(c["kind"] != "refinement" for c in record["conflicts"])),
            "first_published": min(published, default=None), "last_published": max(published, default=None),
        }  # fmt: skip
        for category, prefix in CATEGORIES.items():
            values[f"{prefix}_low"] = record[category]["low"]
            values[f"{prefix}_high"] = record[category]["high"]
            values[f"{prefix}_best"] = bests[DEFAULT_POLICY][category]
            for policy in POLICIES:
                values[f"{prefix}_best_{policy}"] = bests[policy][category]
        self.conn.execute(
            f"INSERT INTO incidents ({', '.join(values)}) VALUES ({', '.join('?' for _ in values)})", tuple(values.values())
        )
        groups = self._groups({d for d in record["documents"]})
        rows = []
        for category in CATEGORIES:
            picked = {(c["document"], c["start"], c["end"]): (low, high) for c, low, high, _ in chosen[category]}
            unlisted = [(c, low, high) for c, low, high, listed in chosen[category] if not listed]
            for claim in record[category]["claims"]:
                figure = picked.get((claim["document"], claim["start"], claim["end"]))
                rows.append(self._claim_row(record["id"], category, claim, groups, figure, True))
            rows += [self._claim_row(record["id"], category, c, groups, (low, high), False) for c, low, high in unlisted]
        self.conn.executemany(
            "INSERT INTO claims (incident_id, category, min, max, qualifier, is_update, syndication_group, chosen, "
            f"figure_low, figure_high, listed, {_CLAIM_COLUMNS}) VALUES ({', '.join('?' for _ in range(20))})",
            rows,
        )
        self.conn.executemany(
            f"INSERT INTO incident_actors (incident_id, position, actor_id, name, role, by_actor, {_CLAIM_COLUMNS}) "
            f"VALUES ({', '.join('?' for _ in range(15))})",
            [
                (record["id"], position, a["actor_id"], a["name"], a["role"], a["by"], *_claim_values(c))
                for position, a in enumerate(record["actors"]) for c in a["claims"]
            ],
        )  # fmt: skip
        self.conn.executemany(
            f"INSERT INTO incident_people (incident_id, position, name, role, {_CLAIM_COLUMNS}) VALUES ({', '.join('?' for _ in range(13))})",
            [(record["id"], position, p["name"], p["role"], *_claim_values(c)) for position, p in enumerate(record["people"]) for c in p["claims"]],
        )
        for conflict in record["conflicts"]:
            conflict_id = self.conn.execute(
                "INSERT INTO conflicts (incident_id, field, kind, n_claims) VALUES (?, ?, ?, ?)",
                (record["id"], conflict["field"], conflict["kind"], len(conflict["claims"])),
            ).lastrowid
            self.conn.executemany(
                "INSERT INTO conflict_claims (conflict_id, document_id, value, words, quote, speaker, outlet, published, detail) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (conflict_id, c["document"], _value(conflict["field"], c), c.get("text"), c.get("quote"), c.get("speaker"),
                     c.get("outlet"), c.get("published"), json.dumps(c, ensure_ascii=False))
                    for c in conflict["claims"]
                ],
            )  # fmt: skip

    @staticmethod
    def _claim_row(incident_id: str, category: str, claim: dict, groups: dict, figure, listed: bool) -> tuple:
        return (
            incident_id, category, claim["min"], claim["max"], claim.get("qualifier"), int(bool(claim.get("update"))),
            groups.get(claim["document"]), int(figure is not None), *(figure or (None, None)), int(listed), *_claim_values(claim),
        )  # fmt: skip

    def _groups(self, document_ids: set[str]) -> dict[str, str]:
        ids, out = list(document_ids), {}
        for offset in range(0, len(ids), SQL_CHUNK):
            chunk = ids[offset : offset + SQL_CHUNK]
            rows = self.conn.execute(f"SELECT id, COALESCE(syndication_group, id) FROM documents WHERE id IN ({', '.join('?' for _ in chunk)})", chunk)
            out.update(dict(rows.fetchall()))
        return out

    def save_actors(self, entries: Iterable[dict]) -> None:
        """Upsert registry entries ({id, name, kind, parent, aliases})."""
        for entry in entries:
            self.conn.execute(
                "INSERT INTO actors (id, name, kind, parent_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id",
                (entry["id"], entry["name"], entry["kind"], entry["parent"]),
            )
            self.conn.execute("DELETE FROM actor_aliases WHERE actor_id = ?", (entry["id"],))
            self.conn.executemany(
                "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)", [(entry["id"], a) for a in entry["aliases"]]
            )

    def known_actors(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM actors")}

    def named_actor_ids(self, incident_ids: Iterable[str]) -> set[str]:
        """Actor ids the incidents name, as actors or as speakers."""
        ids, out = list(incident_ids), set()
        for offset in range(0, len(ids), SQL_CHUNK):
            chunk = ids[offset : offset + SQL_CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for sql in (
                f"SELECT actor_id FROM incident_actors WHERE incident_id IN ({marks}) AND actor_id IS NOT NULL",
                f"SELECT speaker_actor_id FROM claims WHERE incident_id IN ({marks}) AND speaker_actor_id IS NOT NULL",
            ):
                out |= {r[0] for r in self.conn.execute(sql, chunk)}
        return out

    # -- reading ----------------------------------------------------------------------

    def query_incidents(self, q: IncidentQuery = IncidentQuery()) -> list[str]:
        """Incident ids in listing order (``q.sort``, creation order by default) that pass every
        filter, one SQL query (the filters are store.browse.incident_where's)."""
        from .browse import incident_order, incident_where

        where, params = incident_where(q)
        sql = "SELECT id FROM incidents" + (" WHERE " + where if where else "") + f" ORDER BY {incident_order(q)} LIMIT ? OFFSET ?"
        params += [min(q.limit, MAX_PAGE) if q.limit is not None else -1, min(q.offset, MAX_PAGE)]
        return [r[0] for r in self.conn.execute(sql, params)]

    def actor_named(self, actor: str) -> bool:
        return self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM actors WHERE id = ?1 COLLATE NOCASE OR name = ?1 COLLATE NOCASE) "
            "OR EXISTS (SELECT 1 FROM actor_aliases WHERE alias = ?1) OR EXISTS (SELECT 1 FROM incident_actors WHERE name = ?1 COLLATE NOCASE)",
            (actor,),
        ).fetchone()[0] == 1

    def count_undated(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM incidents WHERE event_date IS NULL").fetchone()[0]

    def records(self, incident_ids: list[str], policy: str = DEFAULT_POLICY) -> Iterator[Incident]:
        """Full incident records in the order of ``incident_ids`` (``as_dict`` is what
        ``consensus.build`` made of them)."""
        policy = _policy(policy)
        for offset in range(0, len(incident_ids), SQL_CHUNK):
            chunk = incident_ids[offset : offset + SQL_CHUNK]
            yield from self._records(chunk, policy)

    def _records(self, ids: list[str], policy: str) -> Iterator[Incident]:
        marks = ", ".join("?" for _ in ids)
        rows = {r["id"]: r for r in self.conn.execute(f"SELECT * FROM incidents WHERE id IN ({marks})", ids)}
        documents: dict[str, list[str]] = {}
        for incident_id, document_id, _, _ in self.conn.execute(
            "SELECT DISTINCT di.incident_id, di.document_id, COALESCE(d.published, ''), d.seq FROM document_incidents di "
            f"JOIN documents d ON d.id = di.document_id WHERE di.incident_id IN ({marks}) ORDER BY 3, 4", ids,
        ):  # fmt: skip
            documents.setdefault(incident_id, []).append(document_id)
        claims: dict[str, list] = {}
        for row in self.conn.execute(
            f"SELECT incident_id, category, min, max, qualifier, is_update, syndication_group, chosen, figure_low, figure_high, listed, "
            f"{_CLAIM_COLUMNS} FROM claims WHERE incident_id IN ({marks}) ORDER BY id", ids,
        ):  # fmt: skip
            claims.setdefault(row[0], []).append(row)
        actors = _grouped(self.conn.execute(
            f"SELECT incident_id, position, actor_id, name, role, by_actor, {_CLAIM_COLUMNS} FROM incident_actors "
            f"WHERE incident_id IN ({marks}) ORDER BY id", ids,
        ))  # fmt: skip
        people = _grouped(self.conn.execute(
            f"SELECT incident_id, position, name, role, {_CLAIM_COLUMNS} FROM incident_people WHERE incident_id IN ({marks}) ORDER BY id", ids
        ))  # fmt: skip
        conflicts: dict[str, list[dict]] = {}
        by_id: dict[int, dict] = {}
        for conflict_id, incident_id, field, kind in self.conn.execute(
            f"SELECT id, incident_id, field, kind FROM conflicts WHERE incident_id IN ({marks}) ORDER BY id", ids
        ):
            by_id[conflict_id] = {"field": field, "kind": kind, "claims": []}
            conflicts.setdefault(incident_id, []).append(by_id[conflict_id])
        if by_id:
            for conflict_id, detail in self.conn.execute(
                "SELECT conflict_id, detail FROM conflict_claims WHERE conflict_id IN (SELECT value FROM json_each(?)) ORDER BY id",
                (json.dumps(list(by_id)),),
            ):
                by_id[conflict_id]["claims"].append(json.loads(detail))
        for incident_id in ids:
            row = rows.get(incident_id)
            if row is None:
                continue
            yield _record(row, policy, documents.get(incident_id, []), claims.get(incident_id, []),
                          actors.get(incident_id, []), people.get(incident_id, []), conflicts.get(incident_id, []))  # fmt: skip

    def find_incident(self, prefix: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM incidents WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "~"))]

    def conflict_rows(self, kind: str | None = None, field: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Conflicts with their incident's place, in incident order; each with its claims as exported."""
        where, params = [], []
        for column, value in (("c.kind", kind), ("c.field", field)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = (
            "SELECT c.id, c.incident_id, c.field, c.kind, i.facility, i.location, i.country FROM conflicts c "
            "JOIN incidents i ON i.id = c.incident_id" + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY i.seq, c.id LIMIT ? OFFSET ?"
        )  # fmt: skip
        params += [min(limit, MAX_PAGE) if limit is not None else -1, min(offset, MAX_PAGE)]
        out = []
        for cid, incident_id, fld, knd, facility, location, country in self.conn.execute(sql, params).fetchall():
            claims = [json.loads(r[0]) for r in self.conn.execute("SELECT detail FROM conflict_claims WHERE conflict_id = ? ORDER BY id", (cid,))]
            place = {"facility": facility, "name": location, "country_code": country}
            out.append({"incident": incident_id, "place": place, "field": fld, "kind": knd, "claims": claims})
        return out

    def actor_entries(self, actor_ids: set[str]) -> list[dict]:
        """Registry entries of these actors and their parents, sorted by id (the export's ``actors``)."""
        if not actor_ids:
            return []
        rows = self.conn.execute(
            "WITH RECURSIVE lineage(id) AS (SELECT value FROM json_each(?) "
            "UNION SELECT a.parent_id FROM actors a JOIN lineage l ON a.id = l.id WHERE a.parent_id IS NOT NULL) "
            "SELECT a.id, a.name, a.kind, a.parent_id FROM actors a JOIN lineage l ON a.id = l.id ORDER BY a.id",
            (json.dumps(sorted(actor_ids)),),
        ).fetchall()
        aliases: dict[str, list[str]] = {}
        for actor_id, alias in self.conn.execute(
            "SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN (SELECT value FROM json_each(?)) ORDER BY rowid",
            (json.dumps([r[0] for r in rows]),),
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [{"id": r[0], "name": r[1], "aliases": aliases.get(r[0], []), "parent": r[3], "kind": r[2]} for r in rows]

    def incident_counts(self) -> dict:
        return {
            "incidents": self.conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0],
            "document_incidents": self.conn.execute("SELECT COUNT(*) FROM document_incidents").fetchone()[0],
        }


def _policy(policy: str) -> str:
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}: use one of {', '.join(POLICIES)}")
    return policy


def _actor_filter(actor: str | None, role: str | None) -> tuple[str, list]:
    """Incidents naming an actor (by id, name or alias, or any branch of it), in a role."""
    where, params = [], []
    if actor:
        where.append(
            "(ia.actor_id IN (WITH RECURSIVE family(id) AS ("
            "SELECT id FROM actors WHERE id = ? COLLATE NOCASE OR name = ? COLLATE NOCASE "
            "UNION SELECT actor_id FROM actor_aliases WHERE alias = ? "
            "UNION SELECT a.id FROM actors a JOIN family f ON a.parent_id = f.id) SELECT id FROM family) "
            "OR ia.name = ? COLLATE NOCASE)"
        )
        params += [actor] * 4
    if role:
        where.append("ia.role = ?")
        params.append(role)
    return "SELECT ia.incident_id FROM incident_actors ia WHERE " + " AND ".join(where), params


def _grouped(rows) -> dict[str, list[list]]:
    """incident id -> entries, each the list of its rows (rows of one entry share a position)."""
    out: dict[str, list[list]] = {}
    for row in rows:
        entries = out.setdefault(row[0], [])
        if not entries or entries[-1][0][1] != row[1]:
            entries.append([])
        entries[-1].append(tuple(row))
    return out


def _record(row, policy, documents, claims, actors, people, conflicts) -> Incident:
    estimates = {}
    for category, prefix in CATEGORIES.items():
        listed, values = [], {}
        for c in (c for c in claims if c[1] == category):
            if c[10]:
                listed.append(CountClaim(*tuple(c)[11:20], min=c[2], max=c[3], qualifier=c[4], update=bool(c[5])))
            if c[7]:  # the article's figure, as consensus counted it
                value = values.setdefault(c[8], {"min": c[8], "max": c[9], "documents": [], "groups": set()})
                if value["max"] is not None:
                    value["max"] = None if c[9] is None else max(value["max"], c[9])
                value["documents"].append(c[11])
                value["groups"].add(c[6] or c[11])
        figures = [Figure(v["min"], v["max"], v["documents"], len(v["groups"])) for _, v in sorted(values.items())]
        estimates[category] = Estimate(row[f"{prefix}_low"], row[f"{prefix}_best_{policy}"], row[f"{prefix}_high"], listed, figures)
    located = any(row[k] is not None for k in ("location", "facility", "country", "latitude", "geo_precision"))
    return Incident(
        id=row["id"], type=row["event_type"], status=row["event_status"],
        date=None if row["event_date"] is None else DateInterval(row["event_date"], row["event_date_end"], row["date_precision"], row["date_basis"]),
        location=Location(row["location"], row["country"], row["admin1"], row["latitude"], row["longitude"], row["geo_precision"], row["facility"]) if located else None,
        documents=documents, independent_sources=row["n_independent_sources"],
        conflicts=[Conflict(c["field"], c["kind"], c["claims"]) for c in conflicts],
        killed=estimates["killed"], injured=estimates["injured"], arrested=estimates["arrested"],
        actors=[ActorRole(rows[0][2], rows[0][3], rows[0][4], rows[0][5], [Claim(*r[6:15]) for r in rows]) for rows in actors],
        people=[PersonRole(rows[0][2], rows[0][3], [Claim(*r[4:13]) for r in rows]) for rows in people],
    )  # fmt: skip
