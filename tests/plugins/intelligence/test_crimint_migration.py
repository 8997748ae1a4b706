"""CrimInt migrates into the intelligence module (issue 16, section 8, CrimInt part): its
adapter maps each log into the published ``intelligence.report`` kind, 5x5x5 grades to
3x5x2 through the force's mapping table, keeping CrimInt's grades and the rows of the
table used; a handling code that forbids sharing migrates restricted; every record is
accounted for, a rerun makes nothing twice, and CrimInt retires only once the module is on
force-wide."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from adapters.crimint import mapping
from core.legacy import lifecycle
from core.legacy.models import LegacyRecord
from core.platform.db import session
from plugins.intelligence.models import DISSEMINATED, SUBMITTED, Report, ReportItem, ReportSubject


@pytest.fixture
def force(simulated_force):
    return simulated_force(60, 4)


def _logs(force):
    with sqlite3.connect(force / "crimint.db") as conn:
        conn.row_factory = sqlite3.Row
        return {r["log_id"]: dict(r) for r in conn.execute("SELECT * FROM intel_logs")}


@pytest.mark.parametrize("grading, item, restricted", [
    ("A11", {"source_evaluation": "1", "assessment": "A", "handling": "P"}, False),
    ("C32", {"source_evaluation": "2", "assessment": "B", "handling": "P"}, False),
    ("D44", {"source_evaluation": "3", "assessment": "D", "handling": "C"}, True),
    ("E55", {"source_evaluation": "2", "assessment": "E", "handling": "C"}, True),
    ("X13", {"source_evaluation": "2", "assessment": "A", "handling": "P"}, False),
])
def test_the_force_mapping_table_maps_5x5x5_to_3x5x2(grading, item, restricted):
    got, used, is_restricted = mapping.grade(grading)
    assert {k: got[k] for k in item} == item and is_restricted == restricted
    assert used["table"] == "crimint-5x5x5-to-3x5x2" and used["source"]["from"] == grading[0]
    assert all(used[s]["cite"] for s in ("source", "intelligence", "handling"))
    if got["handling"] == "C":
        assert got["conditions"] and got["conditions_text"].startswith("CrimInt handling code")


def test_an_unreadable_grading_is_handed_over_ungraded():
    got, used, _ = mapping.grade("Q9")
    assert got["source_evaluation"] == "" and used["source"]["to"] is None


def test_crimint_logs_become_reports_with_every_record_accounted_for(intelligence, app, kernel, force, client, enable):
    logs = _logs(force)
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "crimint")
        assert report["unaccounted"] == 0, report
        held = list(session().scalars(select(LegacyRecord).where(LegacyRecord.system == "crimint")))
        assert {h.kind for h in held} == {"intelligence.report"}
        assert {h.status for h in held} == {"ingested"} and len(held) == len(logs)
        reports = {r.source_key: r for r in session().scalars(select(Report).where(Report.source_system == "crimint"))}
        assert set(reports) == set(logs)
        for key, log in logs.items():
            migrated = reports[key]
            assert migrated.original_grading["as_recorded"] == log["grading"]  # CrimInt's grades kept
            assert migrated.grading_mapping["handling"]["from"] == log["grading"][2]  # the mapping used stored
            forbids = log["grading"][2] in "45"
            assert migrated.restricted == forbids
            assert migrated.state == (SUBMITTED if forbids else DISSEMINATED)
            item = session().scalar(select(ReportItem).where(ReportItem.report_id == migrated.id))
            assert item.handling == ("C" if forbids else "P")
            assert (item.sanitised is None) == forbids
        subjects = session().scalar(select(func.count()).select_from(ReportSubject).where(
            ReportSubject.report_id.in_([r.id for r in reports.values()])))
        assert subjects > 0
        count = session().scalar(select(func.count()).select_from(Report))
        lifecycle.ingest_waiting(session(), kernel, "crimint")  # a rerun makes nothing twice
        assert session().scalar(select(func.count()).select_from(Report)) == count
        session().commit()
    restricted = next(r for r in reports.values() if r.restricted)
    shared = next(r for r in reports.values() if not r.restricted)
    assert intelligence.read(f"/api/v1/intelligence/reports/{restricted.id}", "intel_reader").status_code == 404
    assert intelligence.read(f"/api/v1/intelligence/reports/{restricted.id}", "intel_officer").status_code == 200
    seen = intelligence.read(f"/api/v1/intelligence/reports/{shared.id}", "intel_reader")
    assert seen.status_code == 200 and seen.json["items"][0]["sanitised"] == logs[shared.source_key]["text"]
    assert seen.json["grading_mapping"] is None  # the mapping and CrimInt's grades go with the original only
    full = intelligence.read(f"/api/v1/intelligence/reports/{shared.id}", "intel_officer").json
    assert full["original_grading"]["scheme"] == "5x5x5" and full["grading_mapping"]["table"]
    enable("intelligence", units=["Camden"])  # a pilot: CrimInt cannot retire yet
    refused = client.post("/api/v1/legacy/crimint/retire", "admin")
    assert refused.status_code == 409 and refused.json["code"] == "module_not_force_wide"
    enable("intelligence")
    retired = client.post("/api/v1/legacy/crimint/retire", "admin")
    assert retired.status_code == 200 and retired.json["state"] == "retired"


def test_a_log_whose_grading_cannot_be_read_is_rejected_with_its_rule(intelligence, app, kernel, force):
    with sqlite3.connect(force / "crimint.db") as conn:
        conn.execute("UPDATE intel_logs SET grading = 'Z9' WHERE log_id = (SELECT min(log_id) FROM intel_logs)")
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "crimint")
        assert report["unaccounted"] == 0
        rejected = list(session().scalars(select(LegacyRecord).where(LegacyRecord.system == "crimint",
                                                                      LegacyRecord.status == "rejected")))
        assert len(rejected) == 1 and "3x5x2" in rejected[0].reason
        session().commit()
