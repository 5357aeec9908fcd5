"""GraphML: actors, incidents, places and documents as nodes (a ``type`` attribute), and the edges
between them: an actor's reported role in an incident (claimed, blamed, denied, suspected; with
the speaker who assigned it and a quote), an incident ``located_at`` its place, an incident
``reported_by`` each document, an actor a ``branch_of`` its parent. Written as XML text, streamed;
each shared node (actor, place, document) once, when first met (store.exports.Seen)."""

from __future__ import annotations

import re
from typing import IO
from xml.sax.saxutils import quoteattr

from ..model import IncidentQuery
from ..store.exports import Seen
from .read import Batch, batches, country

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# (id, for, type): GraphML attribute keys (a node key and an edge key may share a name)
NODE_KEYS = (
    ("type", "string"), ("label", "string"), ("kind", "string"), ("date", "string"), ("event_type", "string"),
    ("country", "string"), ("latitude", "double"), ("longitude", "double"), ("killed_best", "int"), ("killed_low", "int"),
    ("killed_high", "int"), ("injured_best", "int"), ("injured_low", "int"), ("injured_high", "int"), ("outlet", "string"),
    ("url", "string"), ("published", "string"),
)  # fmt: skip
EDGE_KEYS = (("relation", "string"), ("speaker", "string"), ("quote", "string"), ("document", "string"), ("statements", "int"))
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")  # not allowed in XML 1.0, even escaped


def _attr(value) -> str:
    return quoteattr(_XML_INVALID.sub("\ufffd", str(value)))


def _data(prefix: str, values: dict) -> str:
    return "".join(
        f"<data key={_attr(prefix + name)}>{_attr(value)[1:-1]}</data>" for name, value in values.items() if value is not None
    )


class GraphWriter:
    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.count = {"nodes": 0, "edges": 0}

    def head(self) -> None:
        keys = [f'<key id="n{name}" for="node" attr.name="{name}" attr.type="{kind}"/>' for name, kind in NODE_KEYS]
        keys += [f'<key id="e{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>' for name, kind in EDGE_KEYS]
        self.stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="{GRAPHML_NS}">\n' + "\n".join(keys)
                          + '\n<graph id="corroborate" edgedefault="directed">\n')  # fmt: skip

    def node(self, node_id: str, values: dict) -> None:
        self.count["nodes"] += 1
        self.stream.write(f"<node id={_attr(node_id)}>{_data('n', values)}</node>\n")

    def edge(self, source: str, target: str, values: dict) -> None:
        self.count["edges"] += 1
        self.stream.write(f'<edge id="e{self.count["edges"]}" source={_attr(source)} target={_attr(target)}>{_data("e", values)}</edge>\n')

    def tail(self) -> None:
        self.stream.write("</graph>\n</graphml>\n")


def _actor_id(actor_id: str | None, name: str) -> str:
    """An actor's node id: its registry id, or org:<name> for an organisation the registry lacks."""
    return "actor:" + actor_id if actor_id else "org:" + " ".join(name.lower().split())


def _place_id(place) -> str | None:
    if place is None or not (place.name or place.facility or place.country_code):
        return None
    return "place:" + "|".join(str(v or "") for v in (place.country_code, place.admin1, place.name, place.facility))


def _shared(batch: Batch) -> dict[str, tuple[dict, list]]:
    """The batch's shared nodes: node id -> (attributes, [edges (target, attributes)]): actors
    (with their parents), places, documents."""
    nodes: dict[str, tuple[dict, list]] = {}

    def actor(actor_id: str | None, name: str) -> None:
        node_id = _actor_id(actor_id, name)
        if node_id in nodes:
            return
        entry = batch.actors.get(actor_id or "") if actor_id else None
        edges = []
        nodes[node_id] = ({"type": "actor", "label": (entry or {}).get("name") or name, "kind": (entry or {}).get("kind")}, edges)
        if entry and entry.get("parent"):
            actor(entry["parent"], entry["parent"])
            edges.append((_actor_id(entry["parent"], entry["parent"]), {"relation": "branch_of"}))

    for incident in batch.incidents:
        for role in incident.actors:
            actor(role.actor_id, role.name)
        place, place_id = incident.location, _place_id(incident.location)
        if place_id:
            label = ", ".join(dict.fromkeys(p for p in (place.facility, place.name, country(place.country_code)[0]) if p))
            nodes[place_id] = ({"type": "place", "label": label, "country": place.country_code, "latitude": place.latitude,
                                "longitude": place.longitude}, [])  # fmt: skip
        for document_id in incident.documents:
            d = batch.documents.get(document_id) or {}
            nodes["document:" + document_id] = ({"type": "document", "label": d.get("title") or document_id, "outlet": d.get("outlet"),
                                                 "url": d.get("url"), "published": d.get("published")}, [])  # fmt: skip
    return nodes


def write_graphml(corpus, stream: IO[str], query: IncidentQuery, policy: str) -> dict:
    graph = GraphWriter(stream)
    graph.head()
    seen = Seen(corpus.store)  # shared nodes already written
    incidents = 0
    try:
        for batch in batches(corpus, query):
            shared = _shared(batch)
            for node_id in seen.new(shared):
                values, edges = shared[node_id]
                graph.node(node_id, values)
                for target, attributes in edges:
                    graph.edge(node_id, target, attributes)
            for incident in batch.incidents:
                incidents += 1
                _incident(graph, incident)
    finally:
        seen.close()
    graph.tail()
    return {"incidents": incidents, **graph.count}


def _incident(graph: GraphWriter, incident) -> None:
    node_id = "incident:" + incident.id
    k, i, date = incident.killed, incident.injured, incident.date
    graph.node(node_id, {
        "type": "incident", "label": incident.id, "event_type": incident.type, "date": date.start if date else None,
        "country": incident.location.country_code if incident.location else None,
        "killed_best": k.best, "killed_low": k.low, "killed_high": k.high, "injured_best": i.best, "injured_low": i.low, "injured_high": i.high,
    })  # fmt: skip
    place_id = _place_id(incident.location)
    if place_id:
        graph.edge(node_id, place_id, {"relation": "located_at"})
    for role in incident.actors:
        first = role.claims[0] if role.claims else None
        graph.edge(_actor_id(role.actor_id, role.name), node_id, {
            "relation": role.role, "speaker": role.by or (first.speaker if first else None),
            "quote": first.quote if first else None, "document": first.document if first else None, "statements": len(role.claims),
        })  # fmt: skip
    for document_id in incident.documents:
        graph.edge(node_id, "document:" + document_id, {"relation": "reported_by"})
