"""Running the extractor over many documents, in this process or in worker processes.

Each worker loads spaCy once (pool initializer) and extracts whole batches; the parent only
stores results, in input order. At most two batches per worker are in flight, so memory stays
flat however many documents are pending.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import islice

Item = tuple[str, str, str | None]  # document id, text, published
Result = list[dict] | str  # mentions as dicts, or the reason extraction failed

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


def _extract_batch(extractor, batch: list[Item]) -> list[Result]:
    """Mentions per document; if the batch fails, documents are retried one by one."""
    pairs = [(text, published) for _, text, published in batch]
    try:
        return [[m.as_dict() for m in mentions] for mentions in extractor.pipe(pairs)]
    except Exception:  # find the document at fault; the others still get their mentions
        results: list[Result] = []
        for pair in pairs:
            try:
                results.append([m.as_dict() for m in extractor.extract(*pair)])
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
