"""NSPIS retired into the custody module: its history becomes custody records beside new ones."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from core.cli import main
from core.legacy import lifecycle
from core.legacy.models import LegacyRecord
from core.platform.db import commit, session
from plugins.custody.models import CustodyEntry, Detention


@pytest.fixture
def force(simulated_force):
    return simulated_force(150, 5)


def _nspis(force):
    with sqlite3.connect(force / "nspis.db") as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("SELECT * FROM custody_records ORDER BY custody_no")]


def test_nspis_history_becomes_custody_records(custody, app, kernel, force):
    rows = _nspis(force)
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "nspis")
        assert report["records"]["ingested"] == len(rows) and report["unaccounted"] == 0
        dets = {d.custody_no: d for d in session().scalars(select(Detention))}
        assert set(dets) == {r["custody_no"] for r in rows}
        sample = rows[0]
        det = dets[sample["custody_no"]]
        assert det.source_system == "nspis" and det.state == "closed" and det.suite == sample["suite"]
        assert det.offences[0]["wording"] == sample["offences"]
        assert det.arrival_at.strftime("%Y-%m-%d %H:%M") != "" and det.arrival_at.utcoffset() is not None
        kinds = session().scalars(select(CustodyEntry.kind).where(CustodyEntry.detention_id == det.id)
                                  .order_by(CustodyEntry.seq)).all()
        assert kinds == ["arrival", "release"]
        # the adapter handed over custody's published kind, not NSPIS's columns
        doc = session().scalar(select(LegacyRecord).where(LegacyRecord.key == sample["custody_no"]))
        assert doc.kind == "custody.detention" and doc.document["version"] == 1
        assert doc.document["arrival_at"].endswith(("+00:00", "+01:00"))  # local NSPIS time, now with its offset
        # a rerun of the ingest makes nothing twice
        assert kernel.ingest(kind=doc.kind, document=doc.document,
                             source={"system": "nspis", "key": sample["custody_no"]}) == det.id
        assert session().scalar(select(func.count()).select_from(Detention)) == len(rows)
        person_id = det.person_id
    person = custody.read(f"/api/v1/persons/{person_id}", "custody_reader").json
    section = next(p for p in person["profiles"] if p["module"] == "custody")
    assert any(i["custody_no"] == sample["custody_no"] and "NSPIS" in i["source"] for i in section["items"])


def test_records_that_waited_for_the_module_are_ingested_when_it_is_on(app, kernel, force, enable, monkeypatch):
    rows = _nspis(force)
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "nspis")
        assert report["records"]["waiting_for_module"] == len(rows)
    enable("custody")
    monkeypatch.setenv("MIPS_DATABASE_URL", kernel.settings.database_url)
    result = CliRunner().invoke(main, ["legacy", "ingest", "nspis"])
    assert result.exit_code == 0, result.output
    assert f"{len(rows):,} ingested" in result.output
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(Detention)) == len(rows)


def test_a_record_changed_in_nspis_after_the_module_took_it_is_kept_and_listed(custody, app, kernel, force):
    with app.app_context():
        lifecycle.migrate(session(), kernel, "nspis")
    with sqlite3.connect(force / "nspis.db") as conn:
        custody_no, = conn.execute("SELECT custody_no FROM custody_records ORDER BY custody_no LIMIT 1").fetchone()
        conn.execute("UPDATE custody_records SET offences = 'Theft (amended in NSPIS)' WHERE custody_no = ?", (custody_no,))
    with app.app_context():
        made = session().scalar(select(Detention).where(Detention.custody_no == custody_no))
        wording = made.offences[0]["wording"]
        report = lifecycle.migrate(session(), kernel, "nspis")
        assert report["unaccounted"] == 0
        assert report["records"]["changed_since_taken"] == 1
        assert report["records"]["changed_after_ingest"] == [custody_no]
        held = session().scalar(select(LegacyRecord).where(LegacyRecord.system == "nspis", LegacyRecord.key == custody_no))
        assert held.document["offences"][0]["wording"] == "Theft (amended in NSPIS)" and held.status == "ingested"
        # the custody record made from it stands, and nothing was made twice
        session().expire_all()
        assert session().scalar(select(Detention).where(Detention.custody_no == custody_no)).offences[0]["wording"] == wording
        assert session().scalar(select(func.count()).select_from(Detention)) == len(_nspis(force))


def test_a_document_that_breaks_custodys_schema_is_refused_with_the_reason(custody, app, kernel, force):
    """The module validates what the adapter hands over with its own schema: a record whose
    arrival time NSPIS cannot give is rejected with the field named, and nothing is made."""
    with sqlite3.connect(force / "nspis.db") as conn:
        custody_no, = conn.execute("SELECT custody_no FROM custody_records ORDER BY custody_no LIMIT 1").fetchone()
        conn.execute("UPDATE custody_records SET arrival_time = '31/31/2019' WHERE custody_no = ?", (custody_no,))
    with app.app_context():
        report = lifecycle.migrate(session(), kernel, "nspis")
        assert report["unaccounted"] == 0
        held = session().scalar(select(LegacyRecord).where(LegacyRecord.system == "nspis", LegacyRecord.key == custody_no))
        assert held.status == "rejected" and "arrival_at" in held.reason
        assert session().scalar(select(Detention).where(Detention.custody_no == custody_no)) is None


def test_documents_held_in_the_old_shape_are_taken_in_the_published_kind(app, kernel, force, enable):
    """Records that waited for the module before custody published ``custody.detention``
    were held as NSPIS's raw row; the adapter maps them when they are handed over."""
    rows = _nspis(force)
    with app.app_context():
        lifecycle.migrate(session(), kernel, "nspis")
        for held in session().scalars(select(LegacyRecord).where(LegacyRecord.system == "nspis")):
            row = next(r for r in rows if r["custody_no"] == held.key)
            held.kind, held.document = "custody.custody_records", {"row": row, "children": {}}
        commit()
    enable("custody")
    with app.app_context():
        assert lifecycle.ingest_waiting(session(), kernel, "nspis")["ingested"] == len(rows)
        commit()
        assert session().scalar(select(func.count()).select_from(Detention)) == len(rows)
