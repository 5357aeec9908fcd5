"""The incident tables: what resolution writes reads back as the record consensus builds, filters are
SQL, and read commands load neither spaCy nor the gazetteer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

import corroborate
from conftest import EXAMPLES
from corroborate.consensus import POLICIES, Source, build


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("records") / "examples.db"
    with corroborate.open(db) as corpus:
        corpus.ingest([str(EXAMPLES)], manifest=str(EXAMPLES / "manifest.csv"))
        corpus.extract()
        corpus.resolve()
    return db


@pytest.mark.parametrize("policy", POLICIES)
def test_store_records_read_back_equal_what_consensus_builds(example_db, policy):
    with corroborate.open(example_db, readonly=True) as corpus:
        store = corpus.store
        ids = store.query_incidents()
        members = store.incident_members(ids)
        sources = {row[0]: Source(*row) for row in store.sources({d for rows in members.values() for d, _ in rows})}
        records = list(store.records(ids, policy))
    assert len(records) == len(ids) > 20
    for record in records:
        assert record.as_dict() == build(record.id, members[record.id], sources, policy)


def test_store_incident_columns_are_plain_values(example_db):
    conn = sqlite3.connect(example_db)
    row = conn.execute(
        "SELECT event_date, location, country, latitude, fatalities_best, fatalities_best_ucdp, n_independent_sources "
        "FROM incidents WHERE fatalities_best IS NOT NULL AND latitude IS NOT NULL ORDER BY seq LIMIT 1"
    ).fetchone()
    assert row is not None and isinstance(row[3], float) and isinstance(row[4], int)
    quote, words, start, end, text = conn.execute(
        "SELECT c.quote, c.words, c.char_start, c.char_end, d.text FROM claims c JOIN documents d ON d.id = c.document_id LIMIT 1"
    ).fetchone()
    assert text[start:end] == words and words in quote


def test_store_filters_match_the_records(example_db):
    with corroborate.open(example_db, readonly=True) as corpus:
        everything = list(corpus.incidents())
        pakistan = list(corpus.incidents(country="Pakistan"))
        assert pakistan and pakistan == [r for r in everything if r.location and r.location.country_code == "PK"]
        assert list(corpus.incidents(country="pk")) == pakistan
        deadly = list(corpus.incidents(min_killed=10, policy="ucdp"))
        assert deadly == [r for r in corpus.incidents(policy="ucdp") if (r.killed.best or 0) >= 10]
        page = [r.id for r in corpus.incidents(limit=5, offset=5)]
        assert page == [r.id for r in everything][5:10]
        conflicted = {r.id for r in corpus.incidents(has_conflict=True)}
        assert conflicted == {r.id for r in everything if any(c.kind != "refinement" for c in r.conflicts)}
        with pytest.raises(ValueError):
            list(corpus.incidents(country="Narnia"))


def test_store_actor_filter_takes_names_aliases_and_branches(example_db):
    with corroborate.open(example_db, readonly=True) as corpus:
        store = corpus.store
        parent, child = store.conn.execute(
            "SELECT a.parent_id, a.id FROM actors a JOIN incident_actors ia ON ia.actor_id = a.id WHERE a.parent_id IS NOT NULL LIMIT 1"
        ).fetchone()
        alias = store.conn.execute("SELECT alias FROM actor_aliases WHERE actor_id = ? LIMIT 1", (child,)).fetchone()[0]
        by_child = {r.id for r in corpus.incidents(actor=child)}
        assert by_child and by_child <= {r.id for r in corpus.incidents(actor=parent)}
        assert by_child == {r.id for r in corpus.incidents(actor=alias.upper())}


def test_store_read_commands_load_no_model(example_db, tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from corroborate.cli import app\n"
        "for argv in (['incidents'], ['conflicts'], ['export', '-o', sys.argv[2]]):\n"
        "    result = CliRunner().invoke(app, argv + ['--db', sys.argv[1]])\n"
        "    assert result.exit_code == 0, result.output\n"
        "from corroborate.extract.gazetteer import gazetteer\n"
        "assert 'spacy' not in sys.modules and gazetteer.cache_info().currsize == 0\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(example_db), str(tmp_path / "out.json")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_store_sqlite_implements_the_store_interface(tmp_path):
    import inspect

    from corroborate.store import SQLiteStore
    from corroborate.store.interface import Store

    store = SQLiteStore(tmp_path / "i.db")
    try:
        assert isinstance(store, Store)
        wanted = {name for klass in Store.__mro__ if klass.__module__.startswith("corroborate") for name, value in vars(klass).items()
                  if callable(value) and not name.startswith("_")}  # fmt: skip
        missing = [name for name in wanted if not callable(getattr(store, name, None))]
        assert missing == []
        for name in wanted:  # the parameters the protocol names exist on the implementation too
            declared = next(vars(k)[name] for k in Store.__mro__ if name in vars(k))
            have = inspect.signature(getattr(store, name)).parameters
            assert all(p in have or p == "self" or p == "filters" for p in inspect.signature(declared).parameters), name
    finally:
        store.close()


def test_store_export_schema_agrees_with_the_typed_records():
    """Every field of model.Incident and of what it holds is a property of the published schema, and
    every property the schema requires is a field."""
    import dataclasses
    import json

    from conftest import ROOT
    from corroborate import model

    schema = json.loads((ROOT / "schema" / "corroborate-export.schema.json").read_text(encoding="utf-8"))
    defs = schema["$defs"]

    def properties(definition: dict) -> tuple[set, set]:
        props, required = set(definition.get("properties", {})), set(definition.get("required", []))
        for part in definition.get("allOf", []):
            more = defs[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
            p, r = properties(more)
            props, required = props | p, required | r
        return props, required

    incident = defs["incident"]["properties"]
    pairs = [
        (model.Incident, defs["incident"]), (model.Claim, defs["claim"]), (model.CountClaim, defs["countClaim"]),
        (model.Estimate, defs["count"]), (model.Figure, defs["count"]["properties"]["values"]["items"]),
        (model.DateInterval, defs["date"]), (model.Location, defs["location"]),
        (model.ActorRole, incident["actors"]["items"]), (model.PersonRole, incident["people"]["items"]),
        (model.Conflict, incident["conflicts"]["items"]),
    ]  # fmt: skip
    for record, definition in pairs:
        fields = {f.name for f in dataclasses.fields(record)}
        props, required = properties(definition)
        assert fields == props, (record.__name__, fields ^ props)
        assert required <= fields, (record.__name__, required - fields)
