"""The auditor's desk: land on the audit after signing in, find a person by name, date of
birth or reference (the finding audited too), see who looked at them, when and why, with
names rather than ids, filter by officer and dates, and take the entries away as a CSV a
spreadsheet cannot run."""
from __future__ import annotations

import csv
import io
import re

import pytest

from core.audit import personal
from core.persons import service as persons
from core.platform.db import commit, session
from tests.core.test_web import audit_rows
from tests.core.web_client import WebClient


@pytest.fixture
def web(app):
    return lambda user=None: WebClient(app).sign_in(user) if user else WebClient(app)


@pytest.fixture
def emma(app):
    """A person known to CRIS as a suspect in one crime report."""
    with app.app_context():
        person = persons.create(session(), {"names": [{"given": "Emma", "family": "Moss"}], "dobs": ["1990-12-03"]},
                                system="cris", key="cris:CR/0000017/24#1:suspect").person
        commit()
        return person.id


def test_an_auditor_lands_on_the_audit_and_no_access_is_denied(app):
    browser = WebClient(app)
    browser.get("/sign-in")
    r = browser.post("/sign-in", {"username": "auditor", "password": "correct-horse-battery"})
    assert r.status_code == 302 and r.headers["Location"] == "/audit"
    assert browser.get("/").headers["Location"] == "/audit"
    status, page = browser.text("/audit")
    assert status == 200 and "Find a person" in page and ">Search<" not in page
    assert audit_rows(app, action="access_denied") == []


@pytest.mark.parametrize("text", ["Emma Moss", "emam moss", "03/12/1990", "CR/0000017/24"])
def test_an_auditor_finds_a_person_by_name_date_or_reference_and_the_finding_is_audited(app, web, emma, text):
    status, page = web("auditor").text("/audit", query_string={"q": text, "reason": "Audit case 12"})
    assert status == 200
    found = page[page.index('data-testid="found-persons"'):]
    assert "Emma Moss" in found and f"entity_id={emma}" in found
    finds = audit_rows(app, action="consultation", entity_type="audit_log", entity_id="person_find")
    assert finds[-1].details["audit_find"] == {"personal": personal.digest(text)}  # the chain holds the digest
    with app.app_context():
        held = personal.held(session(), [finds[-1].seq])[finds[-1].seq]
    assert held["audit_find"] == text and finds[-1].justification == "Audit case 12"  # the text, erasable, beside it
    looked = audit_rows(app, action="consultation", entity_type="person", entity_id=emma)
    assert looked[-1].actor == "auditor" and looked[-1].justification == "Audit case 12"


def test_finding_needs_a_reason_and_a_finding_of_nobody_is_still_recorded(app, web):
    status, page = web("auditor").text("/audit", query_string={"q": "Emma Moss", "reason": ""})
    assert status == 400 and "govuk-error-summary" in page and "Enter why you are looking" in page
    status, page = web("auditor").text("/audit", query_string={"q": "Zebedee Quark", "reason": "Audit case 13"})
    assert status == 200 and "Nobody you may see matches" in page
    assert audit_rows(app, entity_id="person_find")[-1].details["found"] == 0


def test_who_looked_at_a_person_shows_names_when_and_why(app, web, emma):
    web("officer").get(f"/persons/{emma}?purpose=CAD+77+street+check")
    status, page = web("auditor").text(f"/audit?entity_type=person&entity_id={emma}")
    assert status == 200
    assert "Everything about <strong>Emma Moss</strong>" in page
    rows = page[page.index('data-testid="audit-entries"'):]
    assert "CAD 77 street check" in rows and ">Emma Moss</a>" in rows and "officer" in rows


def test_filter_by_officer_and_dates(app, web, emma):
    web("officer").get(f"/persons/{emma}?purpose=CAD+1")
    web("vetted").get(f"/persons/{emma}?purpose=CAD+2")
    auditor = web("auditor")
    page = auditor.text(f"/audit?entity_type=person&entity_id={emma}&officer=vetted")[1]
    assert "CAD 2" in page and "CAD 1" not in page
    page = auditor.text(f"/audit?entity_type=person&entity_id={emma}&officer=nobody-by-that-name")[1]
    assert "0 entries" in page
    assert "0 entries" in auditor.text(f"/audit?entity_id={emma}&since=01/01/2999")[1]
    status, page = auditor.text("/audit?since=02/03/2026&until=01/03/2026")
    assert status == 400 and "The last day must be the same as or after the first day" in page
    status, page = auditor.text("/audit?until=31/02/2026")
    assert status == 400 and 'href="#until"' in page


def test_the_csv_export_is_filtered_named_audited_and_safe_to_open(app, web, emma):
    web("officer").get(f"/persons/{emma}", query_string={"purpose": '=HYPERLINK("http://evil","x")'})
    r = web("auditor").get(f"/audit/export.csv?entity_type=person&entity_id={emma}")
    assert r.status_code == 200 and r.mimetype == "text/csv" and "attachment" in r.headers["Content-Disposition"]
    table = list(csv.reader(io.StringIO(r.get_data(as_text=True))))
    header, rows = table[0], table[1:]
    assert header[:4] == ["seq", "when (UK time)", "user", "user's name"]
    looked = [row for row in rows if row[header.index("why")].startswith("'=HYPERLINK")]
    assert looked and looked[0][header.index("record name")] == "Emma Moss"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert all(row[header.index("record id")] == emma for row in rows)
    export = audit_rows(app, entity_type="audit_log", entity_id="export")
    assert export[-1].actor == "auditor" and export[-1].details["format"] == "csv"
    assert web("auditor").get("/audit/export.csv?since=never").status_code == 400
    assert web("officer").get("/audit/export.csv").status_code == 403


def test_the_csv_cells_that_would_be_formulas_are_quoted():
    from core.audit.csv_export import safe_cell

    assert [safe_cell(v) for v in ("=1+1", "+44", "-2", "@SUM(A1)", "\tx", "plain", None, 7)] == \
        ["'=1+1", "'+44", "'-2", "'@SUM(A1)", "'\tx", "plain", "", "7"]
