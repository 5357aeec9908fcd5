"""The JSON export: one document following schema/corroborate-export.schema.json, streamed."""

from __future__ import annotations

import json
from typing import IO

from ..model import IncidentQuery
from ..store.exports import all_document_rows, documents_of_incidents
from .read import unfiltered

# The keys of a document, as `documents --json` gives them (Document.summary) plus external_id and url.
SUMMARY = ("id", "source", "title", "outlet", "published", "language", "status", "reason", "syndication_group", "external_id", "url")
SCHEMA = "https://github.com/corroborate/corroborate/schema/corroborate-export.schema.json"


def write_json(corpus, stream: IO[str], query: IncidentQuery, policy: str) -> dict:
    """Incidents, then the documents that report them (every document when nothing is filtered),
    then the actors they name. Returns the counts written."""
    from .. import __version__

    head = {"schema": SCHEMA, "corroborate": __version__, "policy": policy}
    stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "incidents": [')
    count = {"incidents": 0, "documents": 0}
    named: set[str] = set()
    ids = corpus.store.query_incidents(query)
    for number, incident in enumerate(corpus.store.records(ids, policy)):
        stream.write(("," if number else "") + "\n  " + json.dumps(incident.as_dict(), ensure_ascii=False))
        named |= {a.actor_id for a in incident.actors if a.actor_id}
        named |= {c.speaker_actor for e in (incident.killed, incident.injured, incident.arrested) for c in e.claims if c.speaker_actor}
        count["incidents"] += 1
    stream.write('\n], "documents": [')
    documents = all_document_rows(corpus.store) if unfiltered(query) else documents_of_incidents(corpus.store, ids)
    for d in documents:
        row = {key: d[key] for key in SUMMARY}
        stream.write(("," if count["documents"] else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        count["documents"] += 1
    stream.write('\n], "actors": ' + json.dumps(corpus.store.actor_entries(named), ensure_ascii=False) + "}\n")
    return count

