"""Corroborate: a traceable incident database built from news reports.

    import corroborate
    with corroborate.open("corroborate.db") as corpus:
        summary = corpus.ingest(["examples/corpus"])
        for document in corpus.documents(status="ok"):
            print(document.id[:12], document.title)
"""

from .corpus import Corpus, NotFound, open
from .model import Document, InputResult, IngestSummary, Metadata, Status
from .read import ManifestError
from .store import StoreError

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "Document",
    "IngestSummary",
    "InputResult",
    "ManifestError",
    "NotFound",
    "Metadata",
    "Status",
    "StoreError",
    "__version__",
    "open",
]
