"""The STIX 2.1 bundle: valid for the OASIS validator (zero errors; the warnings docs/exports.md
lists), every object kind the issue asks for, and ids that stay the same across exports and
across a later ingest."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

import corroborate
from corroborate.export import write
from corroborate.model import IncidentQuery
from export_support import build, ingest_late

# Warnings the validator gives and docs/exports.md explains: {202} an incident as the source of
# located-at / attributed-to (the spec suggests these for other sources; the issue asks for them).
DOCUMENTED_WARNINGS = {"202"}


@pytest.fixture(scope="module")
def late_db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("stix"), all_but_late=True)


def _bundle(db: Path, **kwargs) -> dict:
    stream = io.StringIO()
    with corroborate.open(db, readonly=True) as corpus:
        write("stix", corpus, stream, **kwargs)
    return json.loads(stream.getvalue())


def _validator():
    import stix2validator

    if not (Path(stix2validator.__file__).parent / "schemas-2.1").is_dir():
        message = "the installed stix2-validator ships without its STIX 2.1 schemas (3.3.1 does: pin 3.2.0)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return stix2validator


def test_export_stix_bundle_validates_with_zero_errors(late_db):
    validator = _validator()
    bundle = _bundle(late_db)
    results = validator.validate_string(json.dumps(bundle), validator.ValidationOptions(version="2.1", enforce_refs=True))
    errors = [str(e) for o in results.object_results for e in o.errors] if hasattr(results, "object_results") else [str(e) for e in results.errors]
    warnings = [str(w) for o in getattr(results, "object_results", [results]) for w in o.warnings or []]
    assert errors == [] and results.is_valid
    assert {re.search(r"\{(\d+)\}", w).group(1) for w in warnings} <= DOCUMENTED_WARNINGS


def test_export_stix_has_every_kind_of_object(late_db):
    objects = _bundle(late_db)["objects"]
    kinds = {o["type"] for o in objects}
    assert {"report", "threat-actor", "identity", "location", "incident", "relationship", "extension-definition"} <= kinds
    relations = {o["relationship_type"] for o in objects if o["type"] == "relationship"}
    assert {"attributed-to", "located-at", "targets"} <= relations
    with corroborate.open(late_db, readonly=True) as corpus:
        records = list(corpus.incidents())
        documents = {d.id: d for d in corpus.documents()}
    reports = [o for o in objects if o["type"] == "report"]
    assert {r["external_references"][0]["hashes"]["SHA-256"] for r in reports} == {d for r in records for d in r.documents}
    for report in reports:
        reference = report["external_references"][0]
        assert reference.get("url", "").startswith("http") and report["published"].endswith("Z")
        assert report["name"] == documents[reference["hashes"]["SHA-256"]].title
    groups = [o for o in objects if o["type"] == "threat-actor" and o["threat_actor_types"] == ["terrorist"]]
    assert groups and any(o.get("aliases") for o in groups)
    extension_id = next(o["id"] for o in objects if o["type"] == "extension-definition")
    incidents = [o for o in objects if o["type"] == "incident"]
    assert len(incidents) == len(records)
    by_id = {i["extensions"][extension_id]["corroborate_id"]: i["extensions"][extension_id] for i in incidents}
    for record in records:
        extension = by_id[record.id]
        assert extension["extension_type"] == "property-extension"
        assert extension.get("killed", {}).get("best") == record.killed.best
        assert len(extension.get("claims", [])) == sum(len(e.claims) for e in (record.killed, record.injured, record.arrested))
    attributed = [o for o in objects if o["type"] == "relationship" and o["relationship_type"] == "attributed-to"]
    assert attributed and all("\u201c" in o["description"] for o in attributed)  # the quote, with its speaker


def test_export_stix_schema_document_describes_the_extension():
    from corroborate.export.stix import settings

    schema = json.loads((Path(__file__).parent.parent / "schema" / "corroborate-stix-incident-extension.schema.json").read_text())
    assert settings()["extension"]["schema"].endswith("schema/corroborate-stix-incident-extension.schema.json")
    assert {"killed", "injured", "claims", "extension_type"} <= set(schema["properties"])


def _ids(bundle: dict) -> dict[str, str]:
    """{natural key: STIX id} of incidents, reports, actors and places."""
    extension = next(o["id"] for o in bundle["objects"] if o["type"] == "extension-definition")
    out = {}
    for o in bundle["objects"]:
        if o["type"] == "incident":
            out["incident " + o["extensions"][extension]["corroborate_id"]] = o["id"]
        elif o["type"] == "report":
            out["report " + o["external_references"][0]["hashes"]["SHA-256"]] = o["id"]
        elif o["type"] in ("threat-actor", "identity", "location") and o.get("name") != "Corroborate":
            out[f"{o['type']} {o['name']}"] = o["id"]
    return out


@pytest.mark.slow  # its own database, ingested twice
def test_export_stix_ids_are_stable_across_exports_and_a_later_ingest(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("stable"), all_but_late=True)
    first, again = _bundle(db), _bundle(db)
    assert _ids(first) == _ids(again) and first["id"] != again["id"]  # each bundle is new; its objects are not
    assert all(re.fullmatch(r"[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", o["id"]) for o in first["objects"])
    ingest_late(db)
    later = _ids(_bundle(db))
    kept = {k: v for k, v in _ids(first).items() if k.startswith(("incident ", "report ")) and k in later}
    assert kept and all(later[k] == v for k, v in kept.items())
    assert len(later) > len(kept)  # the new report


def test_export_stix_filtered_bundle_holds_only_those_incidents(late_db):
    objects = _bundle(late_db, query=IncidentQuery(countries=("PK",)))["objects"]
    with corroborate.open(late_db, readonly=True) as corpus:
        wanted = {r.id for r in corpus.incidents(country="PK")}
    incidents = [o for o in objects if o["type"] == "incident"]
    assert len(incidents) == len(wanted) and all(o["description"] for o in incidents)


def test_export_stix_two_exports_name_objects_alike(late_db):
    first, again = _bundle(late_db), _bundle(late_db)
    assert _ids(first) == _ids(again)
    assert [o["id"] for o in first["objects"]] == [o["id"] for o in again["objects"]]
