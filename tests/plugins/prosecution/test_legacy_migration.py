"""COPA and EWMS migrate into the prosecution module: their adapters map each file and
warrant into the module's published kinds (``prosecution.case_file``,
``prosecution.warrant``), URNs and warrant numbers kept, every record accounted for; a
rerun makes nothing twice; a migrated warrant is executed by a booking in custody."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from core.legacy import lifecycle
from core.legacy.models import LegacyRecord
from core.platform.db import session
from plugins.prosecution.models import CaseFile, CaseForm, Warrant
from tests.plugins.prosecution.conftest import API


@pytest.fixture
def force(simulated_force):
    return simulated_force(60, 4)


def _rows(force, db, sql):
    with sqlite3.connect(force / db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def test_copa_files_become_case_files_with_their_urns_and_every_record_accounted_for(prosecution, app, kernel, force):
    defendants = _rows(force, "copa.db", "SELECT d.*, f.status FROM defendants d JOIN case_files f USING (urn)")
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "copa")
        assert report["unaccounted"] == 0, report
        held = list(session().scalars(select(LegacyRecord).where(LegacyRecord.system == "copa")))
        assert {h.kind for h in held} == {"prosecution.case_file"} and {h.status for h in held} == {"ingested"}
        cases = list(session().scalars(select(CaseFile).where(CaseFile.source_system == "copa")))
        assert len(cases) == len(defendants)
        sample = defendants[0]
        case = next(c for c in cases if c.urn == sample["urn"] and c.defendant_no == sample["defendant_no"])
        assert case.state == ("finalised" if sample["status"] == "Finalised" else "building")
        charges = _rows(force, "copa.db", f"SELECT * FROM charges WHERE urn = '{sample['urn']}' "
                                          f"AND defendant_no = {sample['defendant_no']}")
        assert case.charges == [{"code": c["offence_code"], "wording": c["wording"]} for c in charges]
        mg4 = session().scalar(select(CaseForm.fields).where(CaseForm.case_id == case.id, CaseForm.form == "MG4"))
        assert mg4["defendant"]["value"].startswith(sample["surname"].upper())
        assert mg4["charges"]["source"] == {"from": "copa", "record": f"{sample['urn']}#{sample['defendant_no']}",
                                            "field": "offences[].wording, offences[].code"}
        count = session().scalar(select(func.count()).select_from(CaseFile))
        lifecycle.ingest_waiting(session(), kernel, "copa")  # a rerun makes nothing twice
        assert session().scalar(select(func.count()).select_from(CaseFile)) == count
        session().commit()
    hits = prosecution.read(f"/api/v1/search?q={sample['urn']}", "pros_reader").json
    assert any(h["source"] == "prosecution" and h["title"] == f"Case {sample['urn']}" for h in hits)


def test_ewms_warrants_keep_their_numbers_and_states(prosecution, app, kernel, force):
    rows = _rows(force, "ewms.db", "SELECT * FROM warrants ORDER BY warrant_no")
    states = {"Outstanding": "circulated", "Executed": "executed", "Withdrawn": "withdrawn"}
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "ewms")
        assert report["unaccounted"] == 0, report
        kept = {w.warrant_no: w for w in session().scalars(select(Warrant))}
        assert set(kept) == {r["warrant_no"] for r in rows}
        for r in rows:
            assert kept[r["warrant_no"]].state == states[r["status"]]
        assert {w.warrant_type for w in kept.values()} <= {"fail_to_appear_not_backed", "fine_default"}
        session().commit()
    outstanding = [r for r in rows if r["status"] == "Outstanding"]
    listed = prosecution.get(f"{API}/warrants?limit=500", "pros_reader").json
    assert {w["warrant_no"] for w in listed} == {r["warrant_no"] for r in outstanding}


def test_a_migrated_warrant_is_executed_when_custody_books_the_person_in(prosecution, app, kernel, force, charge):
    from datetime import datetime, timedelta, timezone

    with app.app_context():
        lifecycle.migrate(session(), kernel, "ewms")
        session().commit()
    (w,) = prosecution.get(f"{API}/warrants?limit=1", "pros_reader").json
    now = datetime.now(timezone.utc)
    charge()  # custody on, and a first detention (charged) for the fixture's person
    r = prosecution.post("/api/v1/custody/detentions", "sergeant", json={
        "suite": "CAM", "person_id": w["person_id"], "arrest_at": (now - timedelta(hours=1)).isoformat(),
        "arrival_at": (now - timedelta(minutes=30)).isoformat(), "grounds": "Arrested on warrant",
        "offences": [{"wording": "Failure to surrender"}], "warrant_no": w["warrant_no"]})
    assert r.status_code == 201, r.json
    got = prosecution.read(f"{API}/warrants/{w['id']}", "pros_reader").json
    assert got["state"] == "executed" and got["custody_no"] == r.json["custody_no"]
    with sqlite3.connect(force / "ewms.db") as conn:  # the module took it: EWMS was not pushed
        assert conn.execute("SELECT status FROM warrants WHERE warrant_no = ?", (w["warrant_no"],)).fetchone() == (
            "Outstanding",)
