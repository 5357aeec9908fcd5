"""GeoJSON (RFC 7946): a FeatureCollection of the incidents that have coordinates, as Points.
Incidents without coordinates are left out and counted (``without_coordinates``)."""

from __future__ import annotations

import json
from typing import IO

from ..model import IncidentQuery
from .read import batches, country

INCIDENT_PAGE = "/incidents/{id}"  # the web UI's incident page, relative to the server


def feature(incident, batch) -> dict:
    place, date = incident.location, incident.date
    parts = list(dict.fromkeys(p for p in (place.facility, place.name, country(place.country_code)[0]) if p))
    k, i = incident.killed, incident.injured
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": {
            "id": incident.id, "date": date.start if date else None, "date_end": date.end if date else None,
            "date_precision": date.precision if date else None, "type": incident.type, "status": incident.status,
            "place": ", ".join(parts) or None, "country_code": place.country_code, "geo_precision": place.precision,
            "killed_best": k.best, "killed_low": k.low, "killed_high": k.high,
            "injured_best": i.best, "injured_low": i.low, "injured_high": i.high,
            "sources": len(incident.documents), "independent_sources": incident.independent_sources,
            "url": INCIDENT_PAGE.format(id=incident.id),
        },
    }  # fmt: skip


def write_geojson(corpus, stream: IO[str], query: IncidentQuery, policy: str) -> dict:
    count = {"incidents": 0, "features": 0, "without_coordinates": 0}
    stream.write('{"type": "FeatureCollection", "features": [')
    for batch in batches(corpus, query):
        for incident in batch.incidents:
            count["incidents"] += 1
            place = incident.location
            if place is None or place.latitude is None or place.longitude is None:
                count["without_coordinates"] += 1
                continue
            stream.write(("," if count["features"] else "") + "\n  " + json.dumps(feature(incident, batch), ensure_ascii=False))
            count["features"] += 1
    stream.write("\n]}\n")
    return count
