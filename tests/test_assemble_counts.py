"""Per-document counts (assemble.document_counts): the claim an article gives for its incident."""

import pytest

from corroborate.assemble import document_counts


def figures(extractor, text, published="2024-05-01"):
    counts = document_counts(extractor.extract(text, published))
    return {k: (None if v is None else (v.low, v.best, v.high)) for k, v in counts.items()}


@pytest.mark.parametrize(
    "text,killed,injured",
    [
        # people shot include those who died of it (injured = shot and not killed)
        ("Three people were shot on Main Street on Friday night. One of them died at the hospital.", (1, 1, 1), (2, 2, 2)),
        ("A man was shot outside a bar on Friday. He was pronounced dead at the scene.", (1, 1, 1), (0, 0, 0)),
        # a count of *other* people shot is left whole
        ("A teenager was killed in a shooting on Friday. Another teen was shot in the foot.", (1, 1, 1), (1, 1, 1)),
        # people said to be alive are not among the dead
        ("A man was shot and killed on Friday. A woman was shot in the arm; she is in stable condition.", (1, 1, 1), (1, 1, 1)),
        ("A teenager was found shot to death. His friend was shot and survived.", (1, 1, 1), (1, 1, 1)),
        # a count of people wounded outranks a count of people shot
        ("Five people were shot at a party; four were wounded and one was killed.", (1, 1, 1), (4, 4, 4)),
        # an update supersedes the first figure
        ("Twelve people were killed in the bombing. Later the death toll rose to 15.", (15, 15, 15), None),
        ("Police are still searching for the gunman.", None, None),
    ],
)
def test_document_counts(extractor, text, killed, injured):
    found = figures(extractor, text)
    assert found["killed"] == killed
    assert found["injured"] == injured


def test_document_counts_a_superseded_toll_never_wins(extractor):
    # the earlier figure of a toll that moved inside one sentence, written first and exact
    text = "Initial reports spoke of 25 dead in the market bombing in Quetta on Monday; the toll later rose to 31."
    counts = document_counts(extractor.extract(text, "2025-03-04"))
    assert counts["killed"].best == 31
