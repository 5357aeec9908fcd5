import codecs

import pytest

from corroborate.read.decode import MAX_DOCUMENT_BYTES, Decoded, decode, sniff_binary, too_large

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200)


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_decode_empty_is_named(data):
    assert decode(data) == "empty"


@pytest.mark.parametrize("data,name", [(PNG, "png"), (ZIP, "zip"), (b"%PDF-1.7\n...", "pdf"), (b"abc\x00def", "unknown")])
def test_decode_binary_is_rejected_with_its_format(data, name):
    assert sniff_binary(data) == name
    assert decode(data) == f"binary:{name}"


def test_decode_utf8_plain():
    decoded = decode("Twin blasts in Kermān killed 91 — officials.".encode())
    assert decoded == Decoded("Twin blasts in Kermān killed 91 — officials.", "utf-8")


def test_decode_utf8_with_stray_bad_bytes_is_kept_and_counted():
    text = ("Officials in Kermān said the blast — near the café — killed dozens. " * 20).encode()
    data = text.replace(b"killed", b"kil\xff\xfeled", 1)
    decoded = decode(data)
    assert isinstance(decoded, Decoded)
    assert decoded.encoding == "utf-8"
    assert decoded.note == "utf-8:2_invalid_bytes_replaced"
    assert "\ufffd" in decoded.text


def test_decode_latin1_is_detected_and_recorded():
    data = ("Le préfet a déclaré que l'explosion près du marché a tué plusieurs personnes à Nîmes. " * 5).encode("latin-1")
    decoded = decode(data)
    assert isinstance(decoded, Decoded)
    assert "préfet" in decoded.text and "Nîmes" in decoded.text
    assert decoded.note.startswith("decoded:")


def test_decode_cp1251_is_detected_and_recorded():
    source = "Взрыв произошёл в концертном зале, погибли десятки людей, сообщили власти. " * 5
    decoded = decode(source.encode("cp1251"))
    assert isinstance(decoded, Decoded)
    assert decoded.text == source
    assert decoded.note == "decoded:cp1251"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_decode_bom_texts(encoding):
    decoded = decode("Gunmen attacked the hotel on Friday.".encode(encoding))
    assert decoded.text.lstrip("\ufeff") == "Gunmen attacked the hotel on Friday."


def test_decode_bom_with_garbage_is_an_encoding_failure():
    assert decode(codecs.BOM_UTF8 + b"ok \xff\xff bad").startswith("encoding:")


def test_too_large_names_size_and_limit():
    assert too_large(MAX_DOCUMENT_BYTES) is None
    assert too_large(50 * 1_048_576) == "too_large:50.0MB>10MB"


@pytest.mark.parametrize(
    "text,encoding",
    [
        ("Gunmen attacked the hotel on Friday, killing 12.\n", "utf-16-le"),
        ("Gunmen attacked the hotel on Friday, killing 12.\n", "utf-16-be"),
        ("Swiss police in Zürich said the café blast — 3 dead.", "utf-16-le"),
        ("Взрыв в Москве: 12 погибших, сообщили власти.", "utf-16-le"),
        ("انفجار في بغداد يقتل 12 شخصا", "utf-16-be"),
    ],
)
def test_decode_utf16_without_bom_is_read_and_recorded(text, encoding):
    data = text.encode(encoding)
    assert sniff_binary(data) is None
    assert decode(data) == Decoded(text, encoding, note=f"decoded:{encoding}")


@pytest.mark.parametrize("data", [b"abc\x00def", bytes([1, 0, 2, 0, 3, 0]) * 20, bytes(4000), "odd".encode("utf-16-le") + b"x"])
def test_decode_nul_bytes_that_are_not_utf16_stay_binary(data):
    assert decode(data) == "binary:unknown"
