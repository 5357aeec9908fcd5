"""The tables export (being written)."""

from __future__ import annotations


def write_table(*args, **kwargs) -> dict:
    raise NotImplementedError("tables export: not yet written")
