"""The geojson export (being written)."""

from __future__ import annotations


def write_geojson(*args, **kwargs) -> dict:
    raise NotImplementedError("geojson export: not yet written")
