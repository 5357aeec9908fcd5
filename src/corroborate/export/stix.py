"""The stix export (being written)."""

from __future__ import annotations


def write_stix(*args, **kwargs) -> dict:
    raise NotImplementedError("stix export: not yet written")
