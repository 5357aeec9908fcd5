"""STIX 2.1: a bundle with a ``report`` per article, a ``threat-actor`` (or ``identity``) per
actor, a ``location`` per place, an ``incident`` per incident carrying its figures and claims in a
property extension (schema/corroborate-stix-incident-extension.schema.json), and relationships:
``attributed-to`` (the speaker and quote in the description), ``located-at``, ``targets``.

Ids are UUIDv4 given once per object and stored (store.identifiers), so they stay the same
across exports and ingests; objects' ``created``/``modified`` are when their id was given.
Written object by object: each shared object (actor, place, report) when first met (store.exports.Seen)."""

from __future__ import annotations

import json
import tomllib
import uuid
from functools import lru_cache
from importlib import resources
from typing import IO

from ..model import Incident, IncidentQuery
from ..store.exports import Seen, incidents_of_documents
from ..store.identifiers import ExportIds
from .read import Batch, batches, country

HTTP = ("http://", "https://")


@lru_cache(maxsize=1)
def settings() -> dict:
    return tomllib.loads(resources.files("corroborate.data").joinpath("stix.toml").read_text(encoding="utf-8"))


def place_key(location) -> str | None:
    """A place's natural key; None when STIX cannot locate it (no country, no coordinates)."""
    if location is None or (not location.country_code and location.latitude is None):
        return None
    return "|".join(str(v if v is not None else "") for v in (location.country_code, location.admin1, location.name,
                                                             location.facility, location.latitude, location.longitude))  # fmt: skip


def actor_key(actor_id: str | None, name: str) -> str:
    return actor_id or "org:" + " ".join(name.lower().split())


class BundleWriter:
    def __init__(self, corpus, stream: IO[str], policy: str):
        self.corpus, self.stream, self.policy = corpus, stream, policy
        self.ids = ExportIds(corpus.store)
        self.seen = Seen(corpus.store)  # shared objects (actors, places, reports) already written
        self.count = {"incidents": 0, "objects": 0}
        self.config = settings()

    def emit(self, obj: dict) -> None:
        self.stream.write(("," if self.count["objects"] else "") + "\n  " + json.dumps(obj, ensure_ascii=False))
        self.count["objects"] += 1
        kind = obj["type"]
        self.count[kind] = self.count.get(kind, 0) + 1

    def head(self) -> None:
        self.stream.write(json.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}"})[:-1] + ', "objects": [')
        producer, extension = self.config["producer"], self.config["extension"]
        self.emit({"type": "identity", "spec_version": "2.1", "id": producer["id"], "created": producer["created"],
                   "modified": producer["created"], "name": producer["name"], "identity_class": producer["identity_class"],
                   "description": producer["description"]})  # fmt: skip
        self.emit({"type": "extension-definition", "spec_version": "2.1", "id": extension["id"], "created_by_ref": producer["id"],
                   "created": extension["created"], "modified": extension["created"], "name": extension["name"],
                   "description": extension["description"], "schema": extension["schema"], "version": extension["version"],
                   "extension_types": ["property-extension"]})  # fmt: skip

    def tail(self) -> None:
        self.stream.write("\n]}\n")
        self.ids.close()
        self.seen.close()

    # -- one batch of incidents ---------------------------------------------------------

    def batch(self, batch: Batch) -> None:
        kinds = self.config["actor_kinds"]
        actors = {}  # actor key -> (stix type, registry entry or None, name)
        for incident in batch.incidents:
            for role in incident.actors:
                entry = batch.actors.get(role.actor_id or "")
                kind = (entry or {}).get("kind") if role.actor_id else "unregistered"
                stix_type = kinds.get(kind or "", kinds["unregistered"] if entry is None else {"type": "identity"})["type"]
                actors[actor_key(role.actor_id, role.name)] = (stix_type, entry, role.name, kind)
        places = {place_key(i.location): i.location for i in batch.incidents if place_key(i.location)}
        documents = list(dict.fromkeys(d for i in batch.incidents for d in i.documents))
        relations = self._relations(batch)
        ids = {
            "incident": self.ids.ids("incident", [i.id for i in batch.incidents]),
            "threat-actor": self.ids.ids("threat-actor", [k for k, v in actors.items() if v[0] == "threat-actor"]),
            "identity": self.ids.ids("identity", [k for k, v in actors.items() if v[0] == "identity"]),
            "location": self.ids.ids("location", list(places)),
            "report": self.ids.ids("report", documents),
            "relationship": self.ids.ids("relationship", [r[0] for r in relations]),
        }
        self.stix_ids = {kind: {key: f"{kind}--{value[0]}" for key, value in found.items()} for kind, found in ids.items()}
        self.created = {kind: {key: value[1] for key, value in found.items()} for kind, found in ids.items()}
        fresh = set(self.seen.new([f"{v[0]} {k}" for k, v in actors.items()] + [f"location {k}" for k in places]))
        for key, (stix_type, entry, name, kind) in actors.items():
            if f"{stix_type} {key}" in fresh:
                self._actor(key, stix_type, entry, name, kinds.get(kind or "", {}))
        for key, location in places.items():
            if f"location {key}" in fresh:
                self._location(key, location)
        for incident in batch.incidents:
            self.emit(self._incident(incident, batch))
            self.count["incidents"] += 1
        for key, kind, source, target, description in relations:
            self._relationship(key, kind, source, target, description)
        self._reports(documents, batch)

    def _relations(self, batch: Batch) -> list[tuple]:
        """(natural key, relationship type, (source kind, key), (target kind, key), description) of the batch."""
        kinds, roles, out = self.config["actor_kinds"], self.config["roles"], []
        for incident in batch.incidents:
            where = place_key(incident.location)
            if where:
                out.append((f"{incident.id}|located-at|{where}", "located-at", ("incident", incident.id), ("location", where), None))
            for role in incident.actors:
                key = actor_key(role.actor_id, role.name)
                entry = batch.actors.get(role.actor_id or "")
                kind = (entry or {}).get("kind") if role.actor_id else "unregistered"
                target_type = kinds.get(kind or "", kinds["unregistered"] if entry is None else {"type": "identity"})["type"]
                relation = roles.get(role.role, "related-to")
                said = [f"{c.speaker or role.by or 'the report'} ({', '.join(x for x in (c.outlet, (c.published or '')[:10]) if x) or 'undated'}): "
                        f"\u201c{c.quote}\u201d" for c in role.claims]  # fmt: skip
                by = (batch.actors.get(role.by or "") or {}).get("name") or role.by
                description = f"{role.name}: {role.role}" + (f" by {by}" if by else "") + ". " + " | ".join(said)
                out.append((f"{incident.id}|{relation}|{key}|{role.role}|{role.by or ''}", relation, ("incident", incident.id),
                            (target_type, key), description))  # fmt: skip
                if role.role == "claimed" and where and target_type == "threat-actor":
                    out.append((f"{incident.id}|targets|{key}|{where}", "targets", (target_type, key), ("location", where),
                                f"{role.name} claimed the attack here (incident {incident.id})."))  # fmt: skip
        return out

    def _stamp(self, kind: str, key: str) -> dict:
        created = self.created[kind][key]
        return {"spec_version": "2.1", "id": self.stix_ids[kind][key], "created": created, "modified": created}

    def _actor(self, key: str, stix_type: str, entry: dict | None, name: str, how: dict) -> None:
        obj = {"type": stix_type, **self._stamp(stix_type, key), "name": (entry or {}).get("name") or name}
        aliases = [a for a in (entry or {}).get("aliases", []) if a != obj["name"]]
        if stix_type == "threat-actor":
            obj["threat_actor_types"] = list(how.get("threat_actor_types", ["unknown"]))
            if aliases:
                obj["aliases"] = aliases
        else:
            obj["identity_class"] = "organization"
            if how.get("sectors"):
                obj["sectors"] = list(how["sectors"])
        if entry and entry.get("parent"):
            obj["description"] = f"A branch of {entry['parent']} (Corroborate actor registry id {entry['id']})."
        elif entry:
            obj["description"] = f"Corroborate actor registry id {entry['id']}."
        self.emit(obj)

    def _location(self, key: str, location) -> None:
        name = ", ".join(dict.fromkeys(p for p in (location.facility, location.name, country(location.country_code)[0]) if p))
        obj = {"type": "location", **self._stamp("location", key), "name": name or key}
        if location.country_code:
            obj["country"] = location.country_code
        if location.admin1:
            obj["administrative_area"] = location.admin1
        if location.name and location.precision in ("city", "facility"):
            obj["city"] = location.name
        if location.latitude is not None and location.longitude is not None:
            obj["latitude"], obj["longitude"] = location.latitude, location.longitude
        self.emit(obj)

    def _incident(self, incident: Incident, batch: Batch) -> dict:
        place, date = incident.location, incident.date
        where = ", ".join(dict.fromkeys(p for p in ((place.facility, place.name, country(place.country_code)[0]) if place else ()) if p))
        name = " ".join(x for x in (incident.type.replace("_", " "), f"in {where}" if where else None, f"on {date.start}" if date else None) if x)
        reports = self.stix_ids["report"]
        claims = []
        for field, estimate in (("killed", incident.killed), ("injured", incident.injured), ("arrested", incident.arrested)):
            for c in estimate.claims:
                claims.append({k: v for k, v in {
                    "field": field, "min": c.min, "max": c.max, "qualifier": c.qualifier, "update": c.update or None, "text": c.text,
                    "quote": c.quote, "start": c.start, "end": c.end, "speaker": c.speaker, "speaker_actor": c.speaker_actor,
                    "outlet": c.outlet, "published": c.published, "report_ref": reports[c.document],
                }.items() if v is not None})  # fmt: skip

        def figures(e) -> dict:
            return {k: v for k, v in (("low", e.low), ("best", e.best), ("high", e.high)) if v is not None}

        extension = {k: v for k, v in {
            "extension_type": "property-extension", "corroborate_id": incident.id, "event_type": incident.type,
            "event_status": incident.status, "event_date": date.start if date else None, "event_date_end": date.end if date else None,
            "date_precision": date.precision if date else None, "policy": self.policy,
            "killed": figures(incident.killed), "injured": figures(incident.injured), "arrested": figures(incident.arrested),
            "sources": len(incident.documents), "independent_sources": incident.independent_sources,
            "conflicts": [{"field": c.field, "kind": c.kind} for c in incident.conflicts], "claims": claims,
        }.items() if v is not None and v != [] and v != {}}  # fmt: skip  (STIX allows no empty list)
        return {"type": "incident", **self._stamp("incident", incident.id), "name": name or incident.id,
                "description": _summary(incident), "extensions": {self.config["extension"]["id"]: extension}}  # fmt: skip

    def _relationship(self, key: str, kind: str, source: tuple, target: tuple, description: str | None) -> None:
        obj = {"type": "relationship", **self._stamp("relationship", key), "relationship_type": kind,
               "source_ref": self.stix_ids[source[0]][source[1]], "target_ref": self.stix_ids[target[0]][target[1]]}  # fmt: skip
        if description:
            obj["description"] = description
        self.emit(obj)

    def _reports(self, documents: list[str], batch: Batch) -> None:
        new = [key.split(" ", 1)[1] for key in self.seen.new(f"report {d}" for d in documents)]
        if not new:
            return
        reported = incidents_of_documents(self.corpus.store, new)
        incident_ids = self.ids.ids("incident", [i for d in new for i in reported.get(d, [])])
        for document_id in new:
            d = batch.documents.get(document_id) or {"id": document_id}
            reference = {"source_name": d.get("outlet") or "article", "hashes": {"SHA-256": document_id}, "external_id": document_id}
            if (d.get("url") or "").lower().startswith(HTTP):
                reference["url"] = d["url"]
            refs = [f"incident--{incident_ids[i][0]}" for i in reported.get(document_id, []) if i in incident_ids]
            obj = {"type": "report", **self._stamp("report", document_id), "name": d.get("title") or f"article {document_id[:12]}",
                   "published": _timestamp(d.get("published") or d.get("ingested_at")) or self.created["report"][document_id],
                   "report_types": ["threat-report"], "object_refs": refs or [self.stix_ids["report"][document_id]],
                   "external_references": [reference]}  # fmt: skip
            self.emit(obj)


def _summary(incident: Incident) -> str:
    parts = []
    for label, e in (("killed", incident.killed), ("injured", incident.injured)):
        if e.best is not None:
            parts.append(f"{label} {e.best}" + (f" ({e.low}-{e.high})" if e.low != e.high else ""))
    sources = f"{len(incident.documents)} report(s), {incident.independent_sources} independent source(s)"
    return "; ".join(parts + [sources]) + "."


def _timestamp(value: str | None) -> str | None:
    """An ISO 8601 date or date-time as a STIX timestamp (UTC, Z)."""
    if not value:
        return None
    from datetime import datetime, timezone

    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def write_stix(corpus, stream: IO[str], query: IncidentQuery, policy: str) -> dict:
    writer = BundleWriter(corpus, stream, policy)
    writer.head()
    try:
        for batch in batches(corpus, query):
            writer.batch(batch)
    finally:
        writer.tail()
    return writer.count
