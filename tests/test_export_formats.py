"""Exports: CSV columns and empty cells, the long tables, Parquet, GeoJSON, GraphML read back by
networkx, filters honoured, an empty database; all through corroborate.export.write and the CLI."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest

import corroborate
from corroborate.export import FORMATS, TABLES, ExportError, write
from corroborate.export.tables import COLUMNS
from corroborate.model import IncidentQuery
from export_support import build

INCIDENT_COLUMNS = (
    "incident_id, event_date, date_precision, country, iso3, admin1, location, latitude, longitude, geo_precision, event_type, "
    "perpetrator, perpetrator_uncertain, claimed, fatalities_low, fatalities_best, fatalities_high, injured_low, injured_best, "
    "injured_high, n_sources, n_independent_sources, conflicts"
).split(", ")


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("export"))


@pytest.fixture(scope="module")
def corpus(example_db):
    with corroborate.open(example_db, readonly=True) as opened:
        yield opened


def _csv(corpus, **kwargs) -> list[dict]:
    stream = io.StringIO()
    write("csv", corpus, stream, **kwargs)
    return list(csv.DictReader(io.StringIO(stream.getvalue())))


def test_export_csv_has_exactly_the_research_columns_and_one_row_per_incident(corpus):
    rows = _csv(corpus)
    records = list(corpus.incidents())
    assert list(rows[0]) == INCIDENT_COLUMNS
    assert [r["incident_id"] for r in rows] == [r.id for r in records]
    for row, record in zip(rows, records):
        assert row["fatalities_best"] == ("" if record.killed.best is None else str(record.killed.best))
        assert row["injured_high"] == ("" if record.injured.high is None else str(record.injured.high))
        assert row["n_sources"] == str(len(record.documents))
        assert row["n_independent_sources"] == str(record.independent_sources)


def test_export_csv_unknown_is_an_empty_cell_never_a_sentinel(corpus):
    rows = _csv(corpus)
    records = {r.id: r for r in corpus.incidents()}
    no_injured = [r for r in rows if records[r["incident_id"]].injured.best is None]
    assert no_injured and all(r["injured_best"] == r["injured_low"] == r["injured_high"] == "" for r in no_injured)
    unplaced = [r for r in rows if records[r["incident_id"]].location is None or records[r["incident_id"]].location.latitude is None]
    assert unplaced and all(r["latitude"] == r["longitude"] == "" for r in unplaced)
    assert not any(v in ("-99", "-1", "None", "null") for row in rows for v in row.values())


def test_export_csv_perpetrator_claimed_and_uncertain(corpus):
    rows = {r["incident_id"]: r for r in _csv(corpus)}
    for record in corpus.incidents():
        row, roles = rows[record.id], {a.role for a in record.actors}
        assert row["claimed"] == ("true" if "claimed" in roles else "false")
        if "claimed" not in roles and not roles & {"blamed", "suspected"}:
            assert row["perpetrator"] == row["perpetrator_uncertain"] == ""
        elif "claimed" not in roles:
            assert row["perpetrator"] and row["perpetrator_uncertain"] == "true"
    assert any(r["claimed"] == "true" and r["perpetrator_uncertain"] == "false" for r in rows.values())


def test_export_long_tables_keep_every_claim_actor_and_document(corpus):
    records = list(corpus.incidents())
    claims = _csv(corpus, table="claims")
    assert list(claims[0]) == [c for c, _ in COLUMNS["claims"]]
    counted = sum(len(e.claims) for r in records for e in (r.killed, r.injured, r.arrested))
    assert sum(1 for c in claims if c["field"] in ("killed", "injured", "arrested")) == counted
    assert sum(1 for c in claims if c["field"] == "perpetrator") == sum(len(a.claims) for r in records for a in r.actors)
    for claim in claims:
        assert claim["independent_group"] and claim["document"] and claim["quote"]
        assert claim["text"] in claim["quote"] or claim["field"] != "killed"
    actors = _csv(corpus, table="actors")
    assert len(actors) == sum(len(r.actors) for r in records)
    documents = _csv(corpus, table="documents")
    pairs = {(d["incident_id"], d["document_id"]) for d in documents if d["incident_id"]}
    assert pairs == {(r.id, d) for r in records for d in r.documents}
    assert {d["document_id"] for d in documents} == {d.id for d in corpus.documents()}  # unfiltered: every document


@pytest.mark.parametrize("table", TABLES)
def test_export_parquet_matches_csv(corpus, table):
    binary = io.BytesIO()
    count = write("parquet", corpus, binary, table=table)
    frame = pq.read_table(io.BytesIO(binary.getvalue()))
    assert frame.column_names == [c for c, _ in COLUMNS[table]]
    assert frame.num_rows == count["rows"] == len(_csv(corpus, table=table))
    if table == "incidents":
        killed = frame.column("fatalities_best").to_pylist()
        assert killed == [r.killed.best for r in corpus.incidents()]  # None, not 0, where unknown


def test_export_geojson_points_with_properties_and_the_unplaced_counted(corpus):
    stream = io.StringIO()
    count = write("geojson", corpus, stream)
    collection = json.loads(stream.getvalue())
    records = list(corpus.incidents())
    placed = [r for r in records if r.location and r.location.latitude is not None and r.location.longitude is not None]
    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == [r.id for r in placed]
    assert count["without_coordinates"] == len(records) - len(placed) > 0
    for feature, record in zip(collection["features"], placed):
        assert feature["geometry"] == {"type": "Point", "coordinates": [record.location.longitude, record.location.latitude]}
        props = feature["properties"]
        assert props["url"] == f"/incidents/{record.id}"
        assert (props["killed_best"], props["killed_low"], props["killed_high"]) == (record.killed.best, record.killed.low, record.killed.high)
        assert props["sources"] == len(record.documents)


def test_export_graphml_reads_back_with_networkx(corpus):
    stream = io.StringIO()
    count = write("graphml", corpus, stream)
    graph = nx.read_graphml(io.StringIO(stream.getvalue()))
    assert graph.number_of_nodes() == count["nodes"] and graph.number_of_edges() == count["edges"]
    types = {data["type"] for _, data in graph.nodes(data=True)}
    assert types == {"actor", "incident", "place", "document"}
    records = list(corpus.incidents())
    incidents = [n for n, d in graph.nodes(data=True) if d["type"] == "incident"]
    assert len(incidents) == len(records)
    relations = [d["relation"] for _, _, d in graph.edges(data=True)]
    assert relations.count("reported_by") == sum(len(r.documents) for r in records)
    assert relations.count("claimed") == sum(1 for r in records for a in r.actors if a.role == "claimed") > 0
    claimed = next((u, v, d) for u, v, d in graph.edges(data=True) if d["relation"] == "claimed")
    assert graph.nodes[claimed[0]]["type"] == "actor" and graph.nodes[claimed[1]]["type"] == "incident" and claimed[2]["quote"]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_export_filters_are_honoured(corpus, fmt):
    pakistan = [r.id for r in corpus.incidents(country="PK")]
    assert 0 < len(pakistan) < len(list(corpus.incidents()))
    stream = io.StringIO()
    count = write(fmt, corpus, stream, query=IncidentQuery(countries=("PK",)))
    assert count["incidents"] == len(pakistan)
    text = stream.getvalue()
    others = [r.id for r in corpus.incidents() if r.id not in pakistan]
    shown = pakistan if fmt != "geojson" else [r.id for r in corpus.incidents(country="PK") if r.location.latitude is not None]
    assert shown and all(i in text for i in shown) and not any(i in text for i in others)


def test_export_filter_limit_and_min_killed(corpus):
    deadly = [r.id for r in corpus.incidents(min_killed=10)]
    assert [r["incident_id"] for r in _csv(corpus, query=IncidentQuery(min_killed=10))] == deadly
    assert [r["incident_id"] for r in _csv(corpus, query=IncidentQuery(limit=3, offset=2))] == [r.id for r in corpus.incidents()][2:5]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_empty_database(tmp_path, fmt):
    with corroborate.open(tmp_path / "empty.db") as corpus:
        stream = io.BytesIO() if FORMATS[fmt].binary else io.StringIO()
        count = write(fmt, corpus, stream)
    assert count["incidents"] == 0
    if fmt == "parquet":
        assert pq.read_table(io.BytesIO(stream.getvalue())).num_rows == 0
    elif fmt == "csv":
        assert stream.getvalue().splitlines() == [",".join(INCIDENT_COLUMNS)]
    elif fmt == "graphml":
        assert nx.read_graphml(io.StringIO(stream.getvalue())).number_of_nodes() == 0
    else:
        json.loads(stream.getvalue())


def test_export_refuses_unknown_format_table_and_policy(corpus):
    for args in (("xml", "incidents", "latest"), ("stix", "claims", "latest"), ("csv", "incidents", "bravest")):
        with pytest.raises(ExportError):
            write(args[0], corpus, io.StringIO(), table=args[1], policy=args[2])


def test_export_cli_writes_each_format_to_a_file(example_db, tmp_path, cli):
    for fmt in FORMATS:
        target = tmp_path / f"out{FORMATS[fmt].suffix}"
        result = cli("export", "--format", fmt, "--country", "Pakistan", "-o", str(target), "--db", str(example_db), with_db=False)
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0 and not (tmp_path / f"{target.name}.partial").exists()
    result = cli("export", "--format", "stix", "--table", "claims", "--db", str(example_db), with_db=False)
    assert result.exit_code == 2 and "--table" in result.output


def test_export_cli_csv_to_stdout_and_geojson_note(example_db, cli):
    result = cli("export", "--format", "csv", "--table", "claims", "--db", str(example_db), with_db=False)
    assert result.exit_code == 0 and result.output.startswith("incident_id,field,min,max")
    result = cli("export", "--format", "geojson", "--db", str(example_db), with_db=False)
    assert result.exit_code == 0 and "without coordinates left out" in result.output


def test_export_graphml_hostile_text_stays_data():
    from corroborate.export.graphml import GraphWriter

    stream = io.StringIO()
    graph = GraphWriter(stream)
    graph.head()
    hostile = 'Bomb "kills" <script>alert(1)</script> & \x01\x0bthe rest'
    graph.node("document:x", {"type": "document", "label": hostile, "url": "javascript:alert(1)"})
    graph.node("incident:y", {"type": "incident", "label": "y"})
    graph.edge("incident:y", "document:x", {"relation": "reported_by", "quote": hostile})
    graph.tail()
    read = nx.read_graphml(io.StringIO(stream.getvalue()))
    assert read.nodes["document:x"]["label"] == hostile.replace("\x01", "\ufffd").replace("\x0b", "\ufffd")
    assert "<script>" not in stream.getvalue()


@pytest.mark.parametrize("query", [None, IncidentQuery(countries=("PK",))])
def test_export_json_follows_the_published_schema(corpus, query):
    jsonschema = pytest.importorskip("jsonschema")
    from conftest import ROOT

    stream = io.StringIO()
    count = write("json", corpus, stream, query=query)
    document = json.loads(stream.getvalue())
    jsonschema.validate(document, json.loads((ROOT / "schema" / "corroborate-export.schema.json").read_text()))
    reported = {d for i in document["incidents"] for d in i["documents"]}
    assert len(document["incidents"]) == count["incidents"]
    if query is None:
        assert len(document["documents"]) == len(list(corpus.documents()))
    else:
        assert {d["id"] for d in document["documents"]} == reported
