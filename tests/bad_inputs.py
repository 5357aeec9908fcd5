"""A corpus of bad inputs, built in a folder, with what ingest must record for each.

Binary files under text names, legacy and BOM-less encodings, empty and huge files, hostile
HTML, broken JSONL and WARC, and non-English text: none may crash a run or change what is
already stored, and every one gets a ledger row with a reason.

    python tests/bad_inputs.py OUTDIR     # write the corpus, print what each should become
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from pathlib import Path

ENGLISH = (
    "Gunmen opened fire on a crowded market in the northern city on Monday evening, killing at "
    "least twelve people and wounding dozens more, police said. Witnesses described panic as "
    "traders fled. The interior ministry blamed militants and promised an investigation. "
)

# name -> (content, expected status, expected start of the reason). A JSONL file gives one
# ledger row per line: its expectations are listed per source "name:LINE".
Expected = tuple[str, str]


def corpus() -> dict[str, tuple[bytes | int, dict[str, Expected]]]:
    """Each file's bytes (or, for an int, the size of a sparse file) and the rows it must give."""
    rng = random.Random(20240103)
    html_page = "<html><head><title>{title}</title></head><body>{body}</body></html>"
    nested = "<div>" * 3000 + "x" + "</div>" * 3000
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><html><body><p>&lol3;</p></body></html>'
    )
    jsonl = b"\n".join(
        [
            b"{not json",
            b"[1, 2, 3]",
            json.dumps({"title": "no text field"}).encode(),
            json.dumps({"text": "   "}).encode(),
            json.dumps({"text": ENGLISH, "published": "sometime"}).encode(),
            b"\xff\xfe\x00garbage",
        ]
    )
    files: dict[str, tuple[bytes | int, dict[str, Expected]]] = {
        "png.txt": (b"\x89PNG\r\n\x1a\n" + bytes(64), {"": ("failed", "binary:png")}),
        "pdf.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", {"": ("failed", "binary:pdf")}),
        "elf.txt": (b"\x7fELF\x02\x01\x01" + bytes(100), {"": ("failed", "binary:elf")}),
        "zip.html": (b"PK\x03\x04\x14\x00" + bytes(100), {"": ("failed", "binary:zip")}),
        "gzip.txt": (gzip.compress(ENGLISH.encode()), {"": ("failed", "binary:gzip")}),
        "random.txt": (rng.randbytes(4096), {"": ("failed", "binary:")}),
        "nul_in_text.txt": (ENGLISH.encode()[:100] + b"\x00\x00" + ENGLISH.encode(), {"": ("failed", "binary:unknown")}),
        "empty.txt": (b"", {"": ("skipped", "empty")}),
        "blank.txt": (b" \n\t\r\n   ", {"": ("skipped", "empty")}),
        "huge.txt": (11 * 1024 * 1024, {"": ("failed", "too_large:")}),
        "utf16le_no_bom.txt": (("Quetta blast\n\n" + ENGLISH).encode("utf-16-le"), {"": ("ok", "decoded:utf-16-le")}),
        "utf16be_no_bom.txt": (("Kabul attack\n\n" + ENGLISH).encode("utf-16-be"), {"": ("ok", "decoded:utf-16-be")}),
        "latin1_english.txt": (("Zürich parcel bomb\n\n" + ENGLISH).encode("latin-1"), {"": ("ok", "decoded:cp1252")}),
        "bad_utf8_bytes.txt": ((ENGLISH * 4).encode().replace(b"market", b"mar\xffket", 1) + "café".encode(),
                               {"": ("ok", "utf-8:1_invalid_bytes_replaced")}),  # fmt: skip
        "russian_cp1251.txt": (
            ("Взрыв произошёл в концертном зале, погибли десятки людей, сообщили власти города. " * 4).encode("cp1251"),
            {"": ("skipped", "language:ru")},
        ),
        "russian_utf16le.txt": (
            ("Боевики напали на гостиницу в столице, есть погибшие и раненые, заявила полиция. " * 4).encode("utf-16-le"),
            {"": ("skipped", "language:ru")},
        ),
        "french.txt": (("Des hommes armés ont tué douze personnes mardi dans un marché de Kaboul, selon la police. " * 3).encode(),
                       {"": ("skipped", "language:fr")}),  # fmt: skip
        "arabic.txt": ("قتل اثنا عشر شخصا على الأقل في انفجار سيارة مفخخة في سوق مزدحم في بغداد يوم الاثنين. ".encode() * 3,
                       {"": ("skipped", "language:ar")}),  # fmt: skip
        "chinese.txt": ("星期一晚上，枪手在北部城市一个拥挤的市场开枪，造成至少十二人死亡，数十人受伤。".encode() * 3,
                        {"": ("skipped", "language:zh")}),  # fmt: skip
        "digits.txt": (b"1234 5678 -- 90 !!! ??? 42", {"": ("skipped", "language:und")}),
        "script_only.html": (html_page.format(title="x", body="<script>alert(1)</script><style>p{}</style>").encode(),
                             {"": ("skipped", "html:no_main_text")}),  # fmt: skip
        "nested.html": (html_page.format(title="deep", body=nested).encode(), {"": ("skipped", "html:no_main_text")}),
        "entities.html": (laughs.encode(), {"": ("skipped", "html:no_main_text")}),
        "broken.jsonl": (
            jsonl,
            {
                ":1": ("failed", "jsonl:invalid_json:"),
                ":2": ("failed", "jsonl:not_an_object:list"),
                ":3": ("failed", "jsonl:no_text_field"),
                ":4": ("skipped", "empty"),
                ":5": ("ok", "published:unparsed:sometime"),
                ":6": ("failed", "jsonl:invalid_json:"),
            },
        ),
        "garbage.warc": (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort", {"#0": ("failed", "warc:unreadable:")}),
        "not_a_warc.warc": (b"hello, this is not an archive", {"": ("failed", "warc:not_a_warc_file")}),
        "truncated.warc.gz": (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" * 50)[:60], {"#0": ("failed", "warc:unreadable:")}),
    }
    return files


def build(folder: Path) -> dict[str, Expected]:
    """Write the corpus into ``folder``; return source -> (status, reason prefix) for every row."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    for name, (content, rows) in corpus().items():
        path = folder / name
        if isinstance(content, int):
            with path.open("wb") as handle:
                handle.truncate(content)  # sparse: large on paper, nothing on disk
        else:
            path.write_bytes(content)
        for suffix, outcome in rows.items():
            expected[f"{path}{suffix}"] = outcome
    return expected


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for source, (status, reason) in build(Path(sys.argv[1])).items():
        print(f"{status:8} {reason:30} {source}")
