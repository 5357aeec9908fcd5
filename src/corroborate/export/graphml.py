"""GraphML: actors, incidents, places and documents as nodes (a ``type`` attribute), and the edges
between them: an actor's reported role in an incident (claimed, blamed, denied, suspected; with
the speaker who assigned it and a quote), an incident ``located_at`` its place, an incident
``reported_by`` each document, an actor a ``branch_of`` its parent. Written as XML text, streamed;
each shared node (actor, place, document) once, when first met."""

from __future__ import annotations

import re
from typing import IO
from xml.sax.saxutils import quoteattr

from ..model import IncidentQuery
from .read import batches, country

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
        self.seen: set[str] = set()
        self.edges = 0
        self.count = {"nodes": 0, "edges": 0}

    def head(self) -> None:
        keys = [f'<key id="n{name}" for="node" attr.name="{name}" attr.type="{kind}"/>' for name, kind in NODE_KEYS]
        keys += [f'<key id="e{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>' for name, kind in EDGE_KEYS]
        self.stream.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="{GRAPHML_NS}">\n' + "\n".join(keys)
                          + '\n<graph id="corroborate" edgedefault="directed">\n')  # fmt: skip

    def node(self, node_id: str, values: dict) -> None:
        if node_id in self.seen:
            return
        self.seen.add(node_id)
        self.count["nodes"] += 1
        self.stream.write(f"<node id={_attr(node_id)}>{_data('n', values)}</node>\n")

    def edge(self, source: str, target: str, values: dict) -> None:
        self.count["edges"] += 1
        self.stream.write(f'<edge id="e{self.count["edges"]}" source={_attr(source)} target={_attr(target)}>{_data("e", values)}</edge>\n')

    def tail(self) -> None:
        self.stream.write("</graph>\n</graphml>\n")


def _actor(graph: GraphWriter, actor_id: str | None, name: str, actors: dict) -> str:
    """The node id of an actor (a registry id, or org:<name> for one the registry lacks), written
    with its parents the first time."""
    if actor_id is None:
        node_id = "org:" + name.lower()
        graph.node(node_id, {"type": "actor", "label": name})
        return node_id
    entry = actors.get(actor_id) or {"name": name}
    node_id = "actor:" + actor_id
    if node_id not in graph.seen:
        graph.node(node_id, {"type": "actor", "label": entry["name"], "kind": entry.get("kind")})
        if entry.get("parent"):
            parent = _actor(graph, entry["parent"], entry["parent"], actors)
            graph.edge(node_id, parent, {"relation": "branch_of"})
    return node_id


def write_graphml(corpus, stream: IO[str], query: IncidentQuery, policy: str) -> dict:
    graph = GraphWriter(stream)
    graph.head()
    incidents = 0
    for batch in batches(corpus, query):
        for incident in batch.incidents:
            incidents += 1
            node_id = "incident:" + incident.id
            k, i, date = incident.killed, incident.injured, incident.date
            graph.node(node_id, {
                "type": "incident", "label": incident.id, "event_type": incident.type, "date": date.start if date else None,
                "country": incident.location.country_code if incident.location else None,
                "killed_best": k.best, "killed_low": k.low, "killed_high": k.high, "injured_best": i.best, "injured_low": i.low, "injured_high": i.high,
            })  # fmt: skip
            place = incident.location
            if place is not None and (place.name or place.facility or place.country_code):
                key = "|".join(str(v or "") for v in (place.country_code, place.admin1, place.name, place.facility))
                label = ", ".join(dict.fromkeys(p for p in (place.facility, place.name, country(place.country_code)[0]) if p))
                graph.node("place:" + key, {"type": "place", "label": label, "country": place.country_code,
                                            "latitude": place.latitude, "longitude": place.longitude})  # fmt: skip
                graph.edge(node_id, "place:" + key, {"relation": "located_at"})
            for role in incident.actors:
                actor = _actor(graph, role.actor_id, role.name, batch.actors)
                first = role.claims[0] if role.claims else None
                graph.edge(actor, node_id, {
                    "relation": role.role, "speaker": role.by or (first.speaker if first else None),
                    "quote": first.quote if first else None, "document": first.document if first else None, "statements": len(role.claims),
                })  # fmt: skip
            for document_id in incident.documents:
                d = batch.documents.get(document_id) or {}
                graph.node("document:" + document_id, {"type": "document", "label": d.get("title") or document_id,
                                                       "outlet": d.get("outlet"), "url": d.get("url"), "published": d.get("published")})  # fmt: skip
                graph.edge(node_id, "document:" + document_id, {"relation": "reported_by"})
    graph.tail()
    return {"incidents": incidents, **graph.count}
