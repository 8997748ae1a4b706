"""CRIS migrates into the investigation module: its adapter maps each report into the
published ``investigation.crime`` kind (offence wording to an HOCR code), the module
validates and records it to the counting rules, every record is accounted for, and CRIS
retires only once the module is on force-wide."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from core.platform.db import session
from core.legacy import lifecycle
from core.legacy.models import LegacyRecord
from plugins.investigation.models import Crime, CrimeParty


@pytest.fixture
def force(simulated_force):
    return simulated_force(60, 4)


def _reports(force):
    with sqlite3.connect(force / "cris.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM crime_reports ORDER BY crime_ref")]


def test_cris_reports_become_crimes_with_every_record_accounted_for(investigation, app, kernel, force, client, enable):
    reports = _reports(force)
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "cris")
        assert report["unaccounted"] == 0, report
        held = {h.key: h for h in session().scalars(select(LegacyRecord).where(LegacyRecord.system == "cris"))}
        assert {h.kind for h in held.values()} == {"investigation.crime"}
        ingested = [h for h in held.values() if h.status == "ingested"]
        rejected = [h for h in held.values() if h.status == "rejected"]
        assert len(ingested) + len(rejected) == len(reports) and ingested
        assert not [h.reason for h in rejected if "not a classification MiPS records" not in h.reason]
        sample = next(r for r in reports if r["offence"] == "Burglary dwelling")
        crime = session().scalar(select(Crime).where(Crime.source_system == "cris", Crime.source_key.like(f"{sample['crime_ref']}#%")))
        expected = "28A" if sample["reported"][-4:] < "2017" or (sample["reported"][-4:] == "2017" and
                                                                 sample["reported"][3:5] < "04") else "28E"
        assert crime.classification == expected and crime.within_standard is None  # recording time never known
        roles = set(session().scalars(select(CrimeParty.role).where(CrimeParty.crime_id == crime.id)))
        assert "victim" in roles
        count = session().scalar(select(func.count()).select_from(Crime))
        lifecycle.ingest_waiting(session(), kernel, "cris")  # a rerun makes nothing twice
        assert session().scalar(select(func.count()).select_from(Crime)) == count
    enable("investigation", units=["Camden"])  # a pilot: CRIS cannot retire yet
    refused = client.post("/api/v1/legacy/cris/retire", "admin")
    assert refused.status_code == 409 and refused.json["code"] == "module_not_force_wide"
    enable("investigation")
    retired = client.post("/api/v1/legacy/cris/retire", "admin")
    assert retired.status_code == 200 and retired.json["state"] == "retired"
