"""Turning command-line paths (files, folders, globs, "-") into the files to read, or rejections."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Rejection, Status

STDIN = "-"
GLOB_CHARS = frozenset("*?[")
SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".warc.gz": "warc",
}


def format_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, fmt in SUFFIXES.items():
        if name.endswith(suffix):
            return fmt
    return None


def expand(paths: Iterable[str]) -> Iterator[Path | Rejection]:
    """Named files (any suffix), folders (recursively, known suffixes only), globs and stdin.

    Symbolic links to folders are not followed inside folders or ``**``, so a link loop cannot
    make a run endless; a named path may itself be a link.
    """
    for raw in paths:
        if raw == STDIN:
            yield Path(STDIN)
        elif GLOB_CHARS & set(raw) and not os.path.exists(raw):
            matches = sorted(_glob(raw))
            if not matches:
                yield Rejection(raw, "not_found:glob_matched_nothing")
            for match in matches:
                yield from _expand_one(match, named=False)
        else:
            found = False
            for item in _expand_one(Path(raw), named=True):
                found = True
                yield item
            if not found:
                yield Rejection(raw, "no_articles:no_readable_files_in_folder", Status.SKIPPED)


def _glob(pattern: str) -> Iterator[Path]:
    """Glob without following symbolic links to folders (``glob.glob`` follows them with ``**``)."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if GLOB_CHARS & set(part)), len(parts))
    base = Path(*parts[:fixed]) if fixed else Path(".")
    rest = parts[fixed:]
    regex = re.compile(_translate(rest))
    if not base.is_dir():
        return
    for root, dirs, files in os.walk(base, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(root, name)
            relative = path.relative_to(base).as_posix()
            if regex.fullmatch(relative):
                yield path if fixed else Path(relative)


def _translate(parts: tuple[str, ...]) -> str:
    pieces = []
    for index, part in enumerate(parts):
        if part == "**" and index == len(parts) - 1:
            pieces.append(".*/")  # a trailing "**" matches everything below
        elif part == "**":
            pieces.append("(?:.*/)?")
        else:
            body = fnmatch.translate(part).removesuffix(r"\Z").removeprefix("(?s:").removesuffix(")")
            pieces.append(body.replace(".*", "[^/]*") + "/")  # "*" stays within one folder
    return "".join(pieces).removesuffix("/")


def _expand_one(path: Path, named: bool) -> Iterator[Path | Rejection]:
    if path.is_dir() and (named or not path.is_symlink()):
        yield from _walk(path)
    elif path.is_file():
        if named or format_of(path):
            yield path
    elif os.path.lexists(path) and not path.exists():
        yield Rejection(str(path), "not_found:broken_link")
    elif not path.exists():
        yield Rejection(str(path), "not_found")
    elif named or format_of(path):
        yield Rejection(str(path), "unreadable:not_a_regular_file")


def _walk(folder: Path) -> Iterator[Path | Rejection]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith(".") or not format_of(path):
                continue
            if path.is_file():
                yield path
            elif not path.exists():
                yield Rejection(str(path), "not_found:broken_link")
            else:
                yield Rejection(str(path), "unreadable:not_a_regular_file")  # a FIFO or device would block
        while errors:
            error = errors.pop()
            yield Rejection(str(error.filename or folder), f"unreadable:{type(error).__name__}")
