"""Running the extractor over many documents, in this process or in worker processes.

Each worker loads spaCy once (pool initializer) and extracts whole batches; the parent only
stores results, in input order. At most two batches per worker are in flight, so memory stays
flat however many documents are pending.
"""

from __future__ import annotations

import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice

Item = tuple[str, str, str | None]  # document id, text, published
Result = list[dict] | str  # mentions as dicts, or the reason extraction failed
# Seconds one document may take (spaCy plus rules run at about 10-20 documents a second; a
# document near spaCy's 1,000,000-character limit takes well under this).
DOCUMENT_TIME_LIMIT = 120.0

_worker_extractor = None


def extract_all(items: Iterable[Item], workers: int = 1, batch_size: int = 16) -> Iterator[tuple[str, Result]]:
    batches = _batches(items, batch_size)
    if workers <= 1:
        extractor = shared_extractor()
        for batch in batches:
            yield from zip((doc_id for doc_id, _, _ in batch), _extract_batch(extractor, batch))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker) as pool:
        in_flight: deque = deque()
        for batch in batches:
            in_flight.append((batch, pool.submit(_worker_batch, batch)))
            if len(in_flight) >= 2 * workers:
                yield from _collect(in_flight.popleft())
        while in_flight:
            yield from _collect(in_flight.popleft())


def _collect(entry) -> Iterator[tuple[str, Result]]:
    batch, future = entry
    yield from zip((doc_id for doc_id, _, _ in batch), future.result())


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class ExtractionTimeout(Exception):
    """A document took longer than its time limit (a rule looping, a pathological parse)."""


@contextmanager
def time_limit(seconds: float):
    """Raise ExtractionTimeout in this thread after ``seconds``. Only the main thread of a
    process can take signals; elsewhere (and where SIGALRM does not exist) no limit applies."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ExtractionTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _extract_batch(extractor, batch: list[Item], limit: float | None = None) -> list[Result]:
    """Mentions per document; if the batch fails or overruns, documents are retried one by one,
    each with its own time limit, so one bad document costs only its own result."""
    limit = DOCUMENT_TIME_LIMIT if limit is None else limit
    pairs = [(text, published) for _, text, published in batch]
    try:
        with time_limit(limit * len(pairs)):
            return [[m.as_dict() for m in mentions] for mentions in extractor.pipe(pairs)]
    except Exception:  # find the document at fault; the others still get their mentions
        results: list[Result] = []
        for pair in pairs:
            try:
                with time_limit(limit):
                    results.append([m.as_dict() for m in extractor.extract(*pair)])
            except ExtractionTimeout as error:
                results.append(f"extract:timeout:{error}")
            except Exception as error:
                results.append(f"extract:{type(error).__name__}:{error}"[:300])
        return results


@lru_cache(maxsize=1)
def shared_extractor():
    """This process's extractor: spaCy and the lexicons load once, however many runs follow."""
    from . import Extractor

    return Extractor()


def _init_worker() -> None:
    global _worker_extractor
    _worker_extractor = shared_extractor()


def _worker_batch(batch: list[Item]) -> list[Result]:
    return _extract_batch(_worker_extractor, batch)
