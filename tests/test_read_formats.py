import io
import json

from corroborate.model import RawDocument, Rejection, Status
from corroborate.read.formats import read_html, read_jsonl, read_txt, read_warc

PAGE = """<!doctype html><html><head>
<title>Gunmen storm hotel in Mogadishu | Meridian Wire</title>
<meta property="og:site_name" content="Meridian Wire">
<meta property="og:title" content="Gunmen storm hotel in Mogadishu">
<meta property="article:published_time" content="2024-03-15T08:30:00Z">
<link rel="canonical" href="https://meridian.example/2024/03/15/hotel">
<style>body {{ color: red }}</style><script>var tracking = "<p>not text</p>";</script>
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie">We use cookies. Accept?</div>
<article><h1>Gunmen storm hotel in Mogadishu</h1>
<p>Gunmen stormed a hotel in the Somali capital on Thursday night, killing at least twelve people, police said.</p>
<p>Al-Shabaab said in a statement that its fighters carried out the attack, which lasted for several hours.</p>
<p>Security forces ended the siege early on Friday after a gun battle that left three soldiers dead.</p>
{extra}</article>
<footer>Copyright Meridian Wire. All rights reserved.</footer></body></html>"""


def test_read_txt_takes_headline_from_first_short_line():
    doc = read_txt("a.txt", b"Blast hits market\n\nA bomb exploded on Monday.\n")
    assert isinstance(doc, RawDocument)
    assert doc.meta.title == "Blast hits market"
    assert doc.text.startswith("Blast hits market")


def test_read_txt_first_sentence_is_not_a_headline():
    doc = read_txt("a.txt", b"A bomb exploded on Monday, police said.\n\nMore text.")
    assert doc.meta.title is None


def test_read_html_main_text_and_metadata():
    doc = read_html("page.html", PAGE.format(extra="").encode())
    assert isinstance(doc, RawDocument)
    assert doc.meta.title == "Gunmen storm hotel in Mogadishu"
    assert doc.meta.outlet == "Meridian Wire"
    assert doc.meta.url == "https://meridian.example/2024/03/15/hotel"
    assert doc.meta.published == "2024-03-15"
    assert "killing at least twelve people" in doc.text
    assert "cookies" not in doc.text and "tracking" not in doc.text and "color" not in doc.text


def test_read_html_only_scripts_and_styles_is_skipped_with_reason():
    page = b"<html><head><style>p{}</style></head><body><script>alert(1)</script></body></html>"
    rejection = read_html("empty.html", page)
    assert rejection == Rejection("empty.html", "html:no_main_text", Status.SKIPPED)


def test_read_html_deeply_nested_does_not_crash():
    deep = "<div>" * 50_000 + "<p>Gunmen opened fire at a checkpoint on Monday, killing four soldiers.</p>" + "</div>" * 50_000
    page = PAGE.format(extra=deep).encode()
    result = read_html("deep.html", page)
    assert isinstance(result, (RawDocument, Rejection))
    if isinstance(result, RawDocument):
        assert "Gunmen stormed a hotel" in result.text


def test_read_html_binary_with_html_extension_fails():
    result = read_html("fake.html", b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert result == Rejection("fake.html", "binary:png", Status.FAILED)


def test_read_jsonl_bad_line_is_reported_by_number_and_others_load():
    lines = [
        json.dumps({"id": "a1", "title": "One", "text": "First article text.", "published": "2024-01-04", "outlet": "X"}),
        '{"id": "a2", "text": "broken',
        "",
        json.dumps({"content": "Third article text.", "url": "https://x.example/3"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Dated badly.", "published": "last Tuesday"}),
    ]
    results = list(read_jsonl("feed.jsonl", io.BytesIO("\n".join(lines).encode()), lambda n: None))
    assert [r.source for r in results] == [f"feed.jsonl:{n}" for n in (1, 2, 4, 5, 6, 7)]
    first, broken, third, array, no_text, dated = results
    assert first.external_id == "a1" and first.meta.published == "2024-01-04" and first.meta.outlet == "X"
    assert broken.status is Status.FAILED and broken.reason.startswith("jsonl:invalid_json:")
    assert third.text == "Third article text." and third.meta.url == "https://x.example/3"
    assert array.reason == "jsonl:not_an_object:list"
    assert no_text.reason == "jsonl:no_text_field"
    assert dated.meta.published is None and dated.note == "published:unparsed:last Tuesday"


def test_read_jsonl_overlong_line_is_rejected_and_reading_continues(monkeypatch):
    from corroborate.read import formats

    monkeypatch.setattr(formats, "MAX_DOCUMENT_BYTES", 1000)
    data = (json.dumps({"text": "x" * 5000}) + "\n" + json.dumps({"text": "Fine article."}) + "\n").encode()
    results = list(read_jsonl("f.jsonl", io.BytesIO(data), lambda n: None))
    assert results[0].reason.startswith("too_large:") and results[0].source == "f.jsonl:1"
    assert results[1].text == "Fine article."


def make_warc(pages: list[tuple[str, str, str]], gzip: bool = True) -> bytes:
    """A WARC file of (url, content type, body) response records plus a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, body in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return buffer.getvalue()


def test_read_warc_each_html_response_is_a_document():
    data = make_warc(
        [
            ("https://a.example/1", "text/html; charset=utf-8", PAGE.format(extra="")),
            ("https://a.example/logo.png", "image/png", "PNGDATA"),
            ("https://a.example/2", "text/html", PAGE.format(extra="<p>Funerals were held on Saturday.</p>")),
        ]
    )
    results = list(read_warc("crawl.warc.gz", io.BytesIO(data), lambda n: None))
    assert len(results) == 2
    assert all(isinstance(r, RawDocument) and r.format == "warc" for r in results)
    assert results[0].source.startswith("crawl.warc.gz#")
    assert "Funerals" in results[1].text


def test_read_warc_truncated_keeps_records_before_damage():
    page = PAGE.format(extra="")
    first = make_warc([("https://a.example/1", "text/html", page)])
    second = make_warc([("https://a.example/2", "text/html", page + " ")])
    truncated = first + second[: len(second) // 2]
    results = list(read_warc("bad.warc.gz", io.BytesIO(truncated), lambda n: None))
    assert isinstance(results[0], RawDocument)
    assert results[1] == Rejection(results[1].source, "warc:truncated_record", Status.FAILED)
    assert len(results) == 2


def test_read_warc_not_a_warc_fails_with_reason():
    results = list(read_warc("x.warc", io.BytesIO(b"this is not a warc file at all"), lambda n: None))
    assert results == [Rejection("x.warc", "warc:not_a_warc_file", Status.FAILED)]
    garbage = list(read_warc("y.warc.gz", io.BytesIO(b"\x1f\x8b\x08garbage"), lambda n: None))
    assert len(garbage) == 1 and garbage[0].reason.startswith("warc:unreadable")


def test_read_warc_without_html_is_skipped_with_reason():
    data = make_warc([("https://a.example/logo.png", "image/png", "PNGDATA")])
    results = list(read_warc("img.warc.gz", io.BytesIO(data), lambda n: None))
    assert results == [Rejection("img.warc.gz", "warc:no_html_responses", Status.SKIPPED)]
