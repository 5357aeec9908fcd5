"""The graphml export (being written)."""

from __future__ import annotations


def write_graphml(*args, **kwargs) -> dict:
    raise NotImplementedError("graphml export: not yet written")
