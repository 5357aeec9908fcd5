"""Offline language identification (py3langid, whose model ships inside the package)."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from importlib import resources

# Enough text to decide; identification cost grows with length and gains nothing beyond this.
SAMPLE_CHARS = 4000
UNDETERMINED = "und"
# A headline or one-sentence flash carries few character n-grams: py3langid calls "Quetta blast
# kills 9." Swedish. Below this many words, a Latin-script text is only declared non-English when
# the identifier is confident; otherwise it is read as English (the product's language).
SHORT_TEXT_WORDS = 30
SHORT_TEXT_CONFIDENCE = 0.5
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_allowed_languages())
    return identifier


def _allowed_languages() -> list[str]:
    text = resources.files("corroborate.data").joinpath("languages.txt").read_text(encoding="utf-8")
    return [code for line in text.splitlines() if not line.startswith("#") for code in line.split()]


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little to tell."""
    sample = text[:SAMPLE_CHARS]
    if next(islice(_LETTER.finditer(sample), 2, None), None) is None:  # fewer than 3 letters
        return UNDETERMINED
    language, confidence = _identifier().classify(sample)
    if language == "en" or len(sample.split()) >= SHORT_TEXT_WORDS or confidence >= SHORT_TEXT_CONFIDENCE:
        return language
    letters = _LETTER.findall(sample)
    latin = sum(1 for c in letters if _LATIN.match(c))
    return "en" if latin >= 0.9 * len(letters) else language
