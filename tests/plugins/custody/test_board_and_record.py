"""The custody board, the printable record, and custody in the person view and search."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.plugins.custody.conftest import ago

API = "/api/v1/custody"


def _person(given, family, dob):
    return {"names": [{"given": given, "family": family}], "dobs": [dob]}


def test_board_lists_the_suite_overdue_first_then_soonest(custody, book):
    late = book(_person("Ann", "Overdue", "1980-01-01"), arrest=timedelta(hours=8), arrival=timedelta(hours=7))
    fresh = book(_person("Ben", "Fresh", "1981-02-02"), arrest=timedelta(hours=1), arrival=timedelta(minutes=30))
    middle = book(_person("Cat", "Middle", "1982-03-03"), arrest=timedelta(hours=4), arrival=timedelta(hours=3))
    book(_person("Dan", "Elsewhere", "1983-04-04"), suite="HAC")
    released = book(_person("Eve", "Gone", "1984-05-05"))
    custody.post(f"{API}/detentions/{released['id']}/release", "sergeant", json={"outcome": "no_further_action"})
    board = custody.get(f"{API}/suites/CAM/board", "custody_reader")
    assert board.status_code == 200, board.json
    rows = board.json["detainees"]
    assert [r["custody_no"] for r in rows] == [late["custody_no"], middle["custody_no"], fresh["custody_no"]]
    assert rows[0]["clock"]["overdue"] and not rows[1]["clock"]["overdue"]
    assert board.json["overdue"] == 1
    assert rows[0]["name"] == "OVERDUE, Ann"
    soonest = [datetime.fromisoformat(r["soonest"]) for r in rows[1:]]
    assert soonest == sorted(soonest)
    assert custody.get(f"{API}/suites/CAM/board", "officer").status_code == 403


def test_board_for_a_moment_in_the_future_shows_what_will_be_overdue(custody, book):
    book(arrest=timedelta(hours=1), arrival=timedelta(minutes=30))
    later = (ago(minutes=0) + timedelta(hours=6)).isoformat()
    board = custody.get(f"{API}/suites/CAM/board", "custody_reader", query_string={"at": later}).json
    assert any("review overdue" in o for o in board["detainees"][0]["clock"]["overdue"])


def test_printable_record_html_and_pdf(custody, book):
    det = book()
    url = f"{API}/detentions/{det['id']}"
    custody.post(f"{url}/entries", "sergeant", json={"kind": "rights", "text": "Rights given & understood <ok>"})
    page = custody.read(f"{url}/record", "custody_reader")
    assert page.status_code == 200 and page.content_type.startswith("text/html")
    html = page.get_data(as_text=True)
    assert det["custody_no"] in html and "LANSBURY, Robert" in html
    assert "Rights given &amp; understood &lt;ok&gt;" in html      # escaped, never injected
    assert "PACE 1984 s.41(2)(d)" in html
    pdf = custody.read(f"{url}/record", "custody_reader", query_string={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content_type == "application/pdf"
    assert pdf.data.startswith(b"%PDF-") and len(pdf.data) > 2000
    assert custody.get(f"{url}/record", "custody_reader").status_code == 400  # a read must say why


def test_custody_in_the_person_view_and_search(custody, book):
    det = book()
    person = custody.read(f"/api/v1/persons/{det['person_id']}", "custody_reader")
    assert person.status_code == 200
    section = next(p for p in person.json["profiles"] if p["module"] == "custody")
    assert section["items"][0]["custody_no"] == det["custody_no"]
    assert section["timeline"][0]["ref"] == det["custody_no"]
    plain = custody.read(f"/api/v1/persons/{det['person_id']}", "officer")
    assert not [p for p in plain.json.get("profiles", []) if p["module"] == "custody"]
    hits = custody.read("/api/v1/search", "custody_reader", query_string={"q": det["custody_no"]})
    assert hits.status_code == 200, hits.json
    assert any(h["type"] == "detention" and h["id"] == det["id"] for h in hits.json)


def test_a_board_read_is_logged_with_the_purpose_given_else_the_duty_and_role_it_serves(app, custody, book):
    """Issue 21: the board's justification was hard-coded ("custody board CAM") whoever read
    it and why; it is the purpose the reader gives, else the standing duty in their role."""
    from sqlalchemy import select

    from core.audit.models import AuditEntry
    from core.platform.db import session

    book()
    custody.get(f"{API}/suites/CAM/board", "custody_reader", headers={"X-MiPS-Purpose": "Op Lantern welfare check"})
    custody.get(f"{API}/suites/CAM/board", "sergeant")
    with app.app_context():
        why = {e.actor: e.justification for e in session().scalars(select(AuditEntry).where(
            AuditEntry.entity_type == "custody_board", AuditEntry.action == "consultation"))}
    assert why["custody_reader"] == "Op Lantern welfare check"
    assert why["sergeant"] == "custody duty as custody_officer: the CAM board"
