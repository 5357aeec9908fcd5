"""The records that cross stage boundaries (corroborate.model)."""

import json

import pytest

from corroborate.model import PAYLOADS, CasualtyData, Mention, PlaceData


def test_model_mention_payloads_are_typed_and_round_trip(extractor):
    text = (
        "Gunmen killed at least 12 people and wounded 30 at a market in Kabul on Friday, police said.\n\n"
        "A spokesman for the Taliban denied involvement, and the wounded were taken to Emergency Hospital."
    )
    mentions = extractor.extract(text, "2024-03-16")
    assert {m.kind for m in mentions} >= {"incident", "casualty", "place", "date", "actor", "statement"}
    for mention in mentions:
        assert isinstance(mention.data, PAYLOADS[mention.kind])
        stored = json.loads(json.dumps(mention.as_dict()))  # what the mentions table holds
        again = Mention.from_dict(stored)
        assert again.as_dict() == stored and again.data == stored["data"]
    killed = next(m for m in mentions if m.kind == "casualty" and m.data.category == "killed")
    assert (killed.data.min, killed.data.max, killed.data.qualifier) == (12, None, "at_least")
    assert killed.data["min"] == 12 and killed.data.get("alive") is None  # read by key like the JSON


def test_model_payload_flags_are_written_only_when_true():
    data = CasualtyData(category="injured", min=1, max=1, qualifier="exact", quantity="one", alive=True)
    assert data.as_dict() == {"category": "injured", "min": 1, "max": 1, "qualifier": "exact", "quantity": "one", "update": False, "alive": True}
    assert "shot" not in data and data.get("shot") is None
    place = PlaceData.from_dict({"name": "Kabul", "country_code": "AF", "admin1": None, "latitude": 34.5, "longitude": 69.2, "precision": "city"})
    assert place.facility is None and "destination" not in place.as_dict()


def test_model_payload_refuses_unknown_fields():
    with pytest.raises(ValueError, match="no field"):
        CasualtyData.from_dict({"category": "killed", "min": 1, "max": 1, "qualifier": "exact", "quantity": "1", "bogus": 1})
