"""What every export reads: the incidents a query selects, as stored (``model.Incident``)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Incident, IncidentQuery


def incidents(corpus, query: IncidentQuery) -> Iterator[Incident]:
    """The incidents ``query`` selects, in listing order, read in chunks by the store."""
    return corpus.store.records(corpus.store.query_incidents(query), query.policy)
