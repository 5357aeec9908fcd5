"""Arbitrary input never raises at the edge, and normalisation is a fixed point."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st

from corroborate import dedup
from corroborate.model import RawDocument, Rejection
from corroborate.read.decode import Decoded, decode
from corroborate.read.formats import read_html, read_jsonl, read_txt


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_properties_decode_any_bytes_returns_text_or_reason(data):
    result = decode(data)
    assert isinstance(result, (Decoded, str))


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_properties_readers_never_raise(data):
    assert isinstance(read_txt("x", data), (RawDocument, Rejection))
    assert isinstance(read_html("x", data), (RawDocument, Rejection))
    assert all(isinstance(r, (RawDocument, Rejection)) for r in read_jsonl("x", io.BytesIO(data), lambda n: None))


@given(st.text(max_size=500))
@settings(max_examples=300, deadline=None)
def test_properties_normalise_is_idempotent_and_hash_stable(text):
    once = dedup.normalise(text)
    assert dedup.normalise(once) == once
    assert dedup.content_id(once) == dedup.content_id(dedup.normalise(text))
