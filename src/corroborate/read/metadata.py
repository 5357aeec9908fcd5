"""Metadata that comes from outside the article: publication dates and manifests."""

from __future__ import annotations

import csv
import json
import os
from datetime import date, datetime
from pathlib import Path

from ..model import Metadata

MANIFEST_FIELDS = ("url", "title", "outlet", "published")
MANIFEST_KEYS = ("file", "path")


class ManifestError(ValueError):
    """The manifest cannot be used; the message says where and why."""


def normalise_published(value: str | None) -> str | None:
    """An ISO 8601 date (``2024-01-03``) or datetime, or None when the value is not one."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.isoformat()


def load_manifest(path: str | os.PathLike) -> dict[Path, Metadata]:
    """Map each file named in a CSV or JSON manifest to its metadata.

    CSV: a header with ``file`` (or ``path``) and any of url, title, outlet, published.
    JSON: a list of such objects, or an object mapping file name to such an object.
    File names are relative to the manifest's folder.
    """
    manifest = Path(path)
    try:
        raw = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(f"cannot read manifest {manifest}: {error}") from error
    rows = _json_rows(manifest, raw) if manifest.suffix.lower() == ".json" else _csv_rows(manifest, raw)
    entries: dict[Path, Metadata] = {}
    for number, row in rows:
        name = next((row[k] for k in MANIFEST_KEYS if row.get(k)), None)
        if not name:
            raise ManifestError(f"{manifest}: entry {number} has no 'file' column")
        published = row.get("published") or None
        if published and normalise_published(published) is None:
            raise ManifestError(f"{manifest}: entry {number}: published {published!r} is not an ISO 8601 date")
        entries[(manifest.parent / name).resolve()] = Metadata(
            title=row.get("title") or None,
            url=row.get("url") or None,
            outlet=row.get("outlet") or None,
            published=normalise_published(published),
        )
    return entries


def _csv_rows(manifest: Path, raw: str):
    reader = csv.DictReader(raw.splitlines())
    if not reader.fieldnames or not set(MANIFEST_KEYS) & set(reader.fieldnames):
        raise ManifestError(f"{manifest}: the CSV header needs a 'file' column, found {reader.fieldnames}")
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _json_rows(manifest: Path, raw: str):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ManifestError(f"{manifest}: invalid JSON: {error}") from error
    if isinstance(data, dict):
        data = [{"file": name, **(fields or {})} for name, fields in data.items()]
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise ManifestError(f"{manifest}: expected a list of objects or an object of objects")
    return [(number, {k: None if v is None else str(v) for k, v in row.items()}) for number, row in enumerate(data, 1)]
