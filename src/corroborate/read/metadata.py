"""Metadata that comes from outside the article: publication dates and manifests."""

from __future__ import annotations

import csv
import json
import os
import re
from datetime import date, datetime
from pathlib import Path

from ..model import Metadata

MANIFEST_FIELDS = ("url", "title", "outlet", "published")
MANIFEST_KEYS = ("file", "path")
# A date known to the month or the year only ("2023-08", "2023"), kept at that precision.
PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")
DATE_FORMS = "2024-01-03, 2024-01 or 2024"
MAX_FIELD_CHARS = 10_000  # a URL, title or outlet is far shorter: a longer field is a broken row


class ManifestError(ValueError):
    """The manifest cannot be used; the message says where and why."""


class Manifest(dict):
    """Each file named in a manifest (resolved path) -> its Metadata; ``problems`` names every
    row that could not be used, with its line (CSV) or entry (JSON), so the rest still loads."""

    def __init__(self, path: Path, entries: dict[Path, Metadata] | None = None, problems: list[str] | None = None):
        super().__init__(entries or {})
        self.path = path
        self.problems = problems or []


def normalise_published(value: str | None, *, partial: bool = False) -> str | None:
    """An ISO 8601 date (``2024-01-03``) or datetime, or None when the value is not one.

    With ``partial``, a month or a year alone (``2023-08``, ``2023``) is kept as it is: a
    publication date known to that precision (what a manifest or a feed may give). Filters
    (``--since``) keep the default: they need a day.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if partial and PARTIAL_DATE.fullmatch(text):
        return text
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.isoformat()


def load_manifest(path: str | os.PathLike | Manifest) -> Manifest:
    """Map each file named in a CSV or JSON manifest to its metadata.

    CSV: a header with ``file`` (or ``path``) and any of url, title, outlet, published.
    JSON: a list of such objects, or an object mapping file name to such an object.
    File names are relative to the manifest's folder. A row without a file name or with a date
    that is not one is skipped and named in ``problems``; a manifest that cannot be read, has no
    file column, or has rows but none usable raises ManifestError. A Manifest is returned as is.
    """
    if isinstance(path, Manifest):
        return path
    manifest = Path(path)
    try:
        data = manifest.read_bytes()
    except OSError as error:
        raise ManifestError(f"cannot read manifest {manifest}: {error.strerror or error}") from error
    if b"\x00" in data:
        raise ManifestError(f"{manifest} is not a text file (it holds NUL bytes): a manifest is CSV or JSON")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ManifestError(f"{manifest} is not UTF-8 text ({error.reason} at byte {error.start}): a manifest is CSV or JSON") from None
    is_json = manifest.suffix.lower() == ".json" or raw.lstrip()[:1] in ("[", "{")
    rows = _json_rows(manifest, raw) if is_json else _csv_rows(manifest, raw)
    loaded = Manifest(manifest)
    for where, row in rows:
        entry = row if isinstance(row, str) else _entry(manifest, row)  # a str: why the row is unusable
        if isinstance(entry, str):
            loaded.problems.append(f"{where}: {entry}")
        else:
            loaded[entry[0]] = entry[1]
    if loaded.problems and not loaded:  # nothing in it is a manifest row: the wrong file
        first = loaded.problems[0]
        count = len(loaded.problems)
        raise ManifestError(f"no usable row in {manifest}: {first}" if count == 1 else f"no usable row in {manifest} ({count} rows); the first, {first}")
    return loaded


def _entry(manifest: Path, row: dict) -> tuple[Path, Metadata] | str:
    """A row as (resolved file, metadata), or why it cannot be used."""
    name = next((row[k] for k in MANIFEST_KEYS if row.get(k)), None)
    if not name:
        return "no file name (a 'file' column)"
    long = next((k for k in (*MANIFEST_KEYS, *MANIFEST_FIELDS) if len(row.get(k) or "") > MAX_FIELD_CHARS), None)
    if long:
        return f"{long} is {len(row[long]):,} characters long (at most {MAX_FIELD_CHARS:,})"
    published = row.get("published") or None
    if published and normalise_published(published, partial=True) is None:
        return f"published {published!r} is not an ISO 8601 date ({DATE_FORMS})"
    try:
        file = (manifest.parent / name).resolve()
    except (OSError, RuntimeError) as error:  # a link loop, a name too long
        return f"file {name!r} cannot be resolved ({error})"
    return file, Metadata(
        title=row.get("title") or None,
        url=row.get("url") or None,
        outlet=row.get("outlet") or None,
        published=normalise_published(published, partial=True),
    )


def _csv_rows(manifest: Path, raw: str) -> list[tuple[str, dict]]:
    reader = csv.DictReader(raw.splitlines())
    try:
        fieldnames = reader.fieldnames
        if not fieldnames or not set(MANIFEST_KEYS) & {(name or "").strip() for name in fieldnames}:
            raise ManifestError(f"{manifest}: the CSV header needs a 'file' column, found {fieldnames}")
        reader.fieldnames = [(name or "").strip() for name in fieldnames]
        return [(f"{manifest}:{reader.line_num}", row) for row in reader]
    except csv.Error as error:  # a field over csv's own size limit (a process-wide setting)
        raise ManifestError(f"{manifest}:{reader.line_num + 1}: not CSV ({error})") from None


def _json_rows(manifest: Path, raw: str) -> list[tuple[str, dict | str]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ManifestError(f"{manifest}: invalid JSON: {error}") from error
    if isinstance(data, dict):
        data = [{"file": name, **fields} if isinstance(fields, dict) else fields if fields is not None else {"file": name}
                for name, fields in data.items()]  # fmt: skip
    if not isinstance(data, list):
        raise ManifestError(f"{manifest}: expected a list of objects or an object of objects, found {type(data).__name__}")
    rows: list[tuple[str, dict | str]] = []
    for number, row in enumerate(data, 1):
        if not isinstance(row, dict):
            rows.append((f"{manifest} entry {number}", f"{type(row).__name__} is not an object (expected a list of objects or an object of objects)"))
        elif any(isinstance(row.get(k), (dict, list)) for k in (*MANIFEST_KEYS, *MANIFEST_FIELDS)):
            rows.append((f"{manifest} entry {number}", "a field holds a list or an object, not text"))
        else:
            rows.append((f"{manifest} entry {number}", {k: None if v is None else str(v) for k, v in row.items()}))
    return rows
