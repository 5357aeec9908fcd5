"""The text of a parsed document, computed once.

spaCy builds ``Doc.text`` from its tokens on every access, so slicing it per claim or speaker
costs time linear in the document; the rules read it through ``doc_text`` instead.
"""

from __future__ import annotations

_KEY = "corroborate.text"


def doc_text(doc) -> str:
    """``doc.text``, kept in ``doc.user_data`` after the first call."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
