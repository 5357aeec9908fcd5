"""A database of the sample corpus for the export tests, built once per test module."""

from __future__ import annotations

from pathlib import Path

import corroborate
from conftest import EXAMPLES

LATE = "2025-03-10_daily-lantern_peshawar-toll-revised.txt"  # a later report of an incident already stored


def build(folder: Path, *, all_but_late: bool = False) -> Path:
    """The sample corpus ingested into ``folder/examples.db`` (without LATE when asked)."""
    db = folder / "examples.db"
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.txt")) if not (all_but_late and p.name == LATE)] if all_but_late else [str(EXAMPLES)]
    with corroborate.open(db) as corpus:
        corpus.ingest(paths, manifest=str(EXAMPLES / "manifest.csv"))
    return db


def ingest_late(db: Path) -> None:
    with corroborate.open(db) as corpus:
        corpus.ingest([str(EXAMPLES / LATE)], manifest=str(EXAMPLES / "manifest.csv"))
