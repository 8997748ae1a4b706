"""A charge or an arrest on a warrant reaches the system that must act on it, without
anybody re-keying it: the prosecution module when it is on, otherwise COPA / EWMS."""
from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from core.cli import main
from core.legacy.models import LegacyPush
from core.platform.db import session
from tests import mock_plugin

API = "/api/v1/custody"


@pytest.fixture
def force(simulated_force):
    return simulated_force(60, 3)


def _copa(force, sql, *args):
    with sqlite3.connect(force / "copa.db") as conn:
        return conn.execute(sql, args).fetchall()


def _charge(custody, det, offences=None):
    r = custody.post(f"{API}/detentions/{det['id']}/charge", "sergeant",
                     json={"offences": offences or [{"wording": "Theft from shop", "code": "TH68010"}]})
    assert r.status_code == 201, r.json
    return r.json


def test_charge_while_copa_is_live_lands_in_copa(custody, book, force):
    files_before = _copa(force, "SELECT count(*) FROM case_files")[0][0]
    det = book({"names": [{"given": "Mary", "family": "Quinn"}], "dobs": ["1991-07-14"],
                "identifiers": [{"kind": "pnc_id", "value": "91/777777Q"}]})
    mock_plugin.received_events.clear()
    _charge(custody, det)
    assert _copa(force, "SELECT count(*) FROM case_files")[0][0] == files_before + 1
    (urn, status), = _copa(force, "SELECT urn, status FROM case_files WHERE urn LIKE '01MI%'")
    assert status == "Open"
    assert _copa(force, "SELECT surname, forenames, dob, pnc_id FROM defendants WHERE urn = ?", urn) == [
        ("Quinn", "Mary", "14-Jul-1991", "91/0777777Q")]  # PNC ID in its normal form
    assert _copa(force, "SELECT offence_code, wording FROM charges WHERE urn = ?", urn) == [("TH68010", "Theft from shop")]
    with custody.app.app_context():
        push = session().scalar(select(LegacyPush))
        assert push.status == "delivered" and push.legacy_ref == urn and push.system == "copa"
    assert not [e for e in mock_plugin.received_events if e.name == "custody.charged"]


def test_charge_goes_to_the_prosecution_module_when_it_is_on_and_not_to_copa(custody, book, force, enable):
    enable(mock_plugin.NAME)  # the stand-in prosecution module, which consumes custody.charged
    mock_plugin.received_events.clear()
    det = book()
    _charge(custody, det)
    charges = [e for e in mock_plugin.received_events if e.name == "custody.charged"]
    assert len(charges) == 1
    assert charges[0].person_id == det["person_id"] and charges[0].custody_no == det["custody_no"]
    assert charges[0].defendant["family"] == "Lansbury"
    assert _copa(force, "SELECT count(*) FROM case_files WHERE urn LIKE '01MI%'")[0][0] == 0
    with custody.app.app_context():
        assert session().scalar(select(LegacyPush)) is None


def test_a_push_that_fails_waits_and_is_retried(custody, book, force, monkeypatch, app):
    monkeypatch.setenv("MIPS_LEGACY_COPA_URL", f"sqlite:///{force}/missing-dir/copa.db")
    det = book()
    _charge(custody, det)
    with app.app_context():
        push = session().scalar(select(LegacyPush))
        assert push.status == "failed" and push.attempts == 1 and push.last_error
    monkeypatch.delenv("MIPS_LEGACY_COPA_URL")
    monkeypatch.setenv("MIPS_DATABASE_URL", app.extensions["mips"].settings.database_url)
    result = CliRunner().invoke(main, ["legacy", "push"])
    assert result.exit_code == 0, result.output
    assert "1 delivered" in result.output
    assert _copa(force, "SELECT count(*) FROM case_files WHERE urn LIKE '01MI%'")[0][0] == 1


def test_arrest_on_a_warrant_executes_it_in_ewms(custody, book, force):
    with sqlite3.connect(force / "ewms.db") as conn:
        (warrant,) = conn.execute("SELECT warrant_no FROM warrants WHERE status = 'Outstanding' LIMIT 1").fetchone()
    book(warrant_no=warrant)
    with sqlite3.connect(force / "ewms.db") as conn:
        assert conn.execute("SELECT status FROM warrants WHERE warrant_no = ?", (warrant,)).fetchone() == ("Executed",)


def test_a_module_piloted_in_another_unit_does_not_take_the_charge(custody, book, force, enable):
    enable(mock_plugin.NAME, units=["Hackney"])   # the stand-in prosecution module, piloted elsewhere
    mock_plugin.received_events.clear()
    _charge(custody, book())                       # charged in Camden
    assert not [e for e in mock_plugin.received_events if e.name == "custody.charged"]
    assert _copa(force, "SELECT count(*) FROM case_files WHERE urn LIKE '01MI%'")[0][0] == 1
