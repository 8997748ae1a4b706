"""The custody desk in the browser (without JavaScript, as a form post): booking in from
the one search, every act as a form validated by the API's own schema, refusals shown
with their citation, and nothing written when a form is refused."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tests.core.web_client import WebClient
from tests.plugins.custody.conftest import PERSON

LONDON_FMT = "%Y-%m-%dT%H:%M"


def _local(delta: timedelta) -> str:
    from zoneinfo import ZoneInfo

    return (datetime.now(timezone.utc) - delta).astimezone(ZoneInfo("Europe/London")).strftime(LONDON_FMT)


def _entries(custody, detention_id):
    return custody.read(f"/api/v1/custody/detentions/{detention_id}", "custody_reader").json["entries"]


def _book_in_form(web, **extra):
    form = {"person_id": "new", "person.given": "Dana", "person.family": "Reeve", "person.dob": "14/02/1990",
            "suite": "cam", "arrest_at": _local(timedelta(hours=1)), "arrest_place": "Camden Town",
            "arresting_officer": "pc.lee", "officer_in_case": "dc.ng", "grounds": "Seen taking a bike",
            "offences": "Theft of a pedal cycle", "case": "usual"} | extra
    return web.post("/custody/book-in", form)


def test_a_whole_detention_at_the_desk(custody, app):
    web = WebClient(app).sign_in("sergeant")
    status, html = web.text("/custody/")
    assert "Book someone in" in html
    r = _book_in_form(web)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    detention_id = re.search(r"/detentions/(\w+)", r.headers["Location"]).group(1)
    status, html = web.text(r.headers["Location"])
    assert status == 200 and "REEVE, Dana" in html and "Outstanding" in html and "Decide on detention" in html

    def act(name, form, user=web):
        r = user.post(f"/custody/detentions/{detention_id}/do/{name}", form)
        assert r.status_code == 302, r.get_data(as_text=True)[:3000]

    act("decision", {"decision": "authorise", "reason": "To obtain evidence by questioning"})
    act("rights", {"notice_given": "yes", "legal_advice_requested": "yes", "solicitor": "duty solicitor"})
    act("risk", {"observation_level": "2", "intoxicated": "yes", "risks": "alcohol\nhead injury"})
    gaoler = WebClient(app).sign_in("gaoler")
    gaoler.get(f"/custody/detentions/{detention_id}", query_string={"purpose": "cell checks"})
    act("checks", {"condition": "asleep, breathing normally", "roused": "yes"}, gaoler)
    act("entries", {"kind": "cell", "data.cell": "C4", "text": "Moved nearer the desk"})
    act("charge", {"offences": "Theft of a pedal cycle", "wording": "On 3 December 2026 stole a pedal cycle"})
    act("release", {"outcome": "bailed", "text": "Bailed to Highbury Corner Magistrates' Court"})
    entries = _entries(custody, detention_id)
    assert [e["kind"] for e in entries] == ["arrival", "authorised", "rights", "risk_assessment", "check", "cell",
                                            "charge", "release"]
    check = next(e for e in entries if e["kind"] == "check")
    assert check["data"] == {"roused": True, "condition": "asleep, breathing normally"} and check["by"] == "gaoler"
    assert next(e for e in entries if e["kind"] == "risk_assessment")["data"]["risks"] == ["alcohol", "head injury"]
    status, html = web.text(f"/custody/detentions/{detention_id}")
    assert "Ended: bailed" in html


def test_booking_in_someone_known_chooses_them_from_the_search_with_their_markers(custody, book, app, client):
    known = book(PERSON, authorise=True)
    client.post(f"/api/v1/custody/detentions/{known['id']}/release", "sergeant", json={"outcome": "no_further_action"})
    marked = client.post(f"/api/v1/persons/{known['person_id']}/markers", "officer", json={"marker": "violent", "detail": "spat"})
    assert marked.status_code == 201, marked.json
    web = WebClient(app).sign_in("sergeant")
    status, html = web.text("/custody/book-in", query_string={"q": "Robert Lansbury 02/03/1984"})
    assert status == 200 and "LANSBURY, Robert" in html
    assert html.index("violent") < html.index("LANSBURY, Robert")  # the marker comes first
    r = _book_in_form(web, person_id=known["person_id"])
    assert r.status_code == 302
    detentions = client.read(f"/api/v1/custody/detentions?person_id={known['person_id']}", "custody_reader").json
    assert len(detentions) == 2  # the same person, not a new one


def test_a_form_refused_by_the_schema_shows_each_problem_and_writes_nothing(custody, app):
    web = WebClient(app).sign_in("sergeant")
    r = _book_in_form(web, arrest_at="", suite="camden!")
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "There is a problem" in html
    assert 'href="#arrest_at"' in html and 'href="#suite"' in html
    r = _book_in_form(web, arrest_at="yesterday")
    assert r.status_code == 400 and "Enter a real date and time" in r.get_data(as_text=True)
    assert custody.read("/api/v1/custody/detentions", "custody_reader").json == []


def test_a_refusal_by_the_law_is_shown_with_its_citation(custody, book, app):
    det = book(arresting_officer="inspector")
    web = WebClient(app).sign_in("inspector")
    web.get(f"/custody/detentions/{det['id']}", query_string={"purpose": "review"})
    r = web.post(f"/custody/detentions/{det['id']}/do/reviews", {"decision": "continue", "notes": "ok"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "PACE 1984 s.40(1)(b)" in html
    assert [e["kind"] for e in _entries(custody, det["id"])] == ["arrival", "authorised"]


def test_an_act_needs_its_own_right(custody, book, app):
    det = book()
    gaoler = WebClient(app).sign_in("gaoler")
    gaoler.get(f"/custody/detentions/{det['id']}", query_string={"purpose": "checks"})
    assert gaoler.get(f"/custody/detentions/{det['id']}/do/charge").status_code == 403
    assert gaoler.post(f"/custody/detentions/{det['id']}/do/charge", {}).status_code == 403
    assert gaoler.get(f"/custody/detentions/{det['id']}/do/checks").status_code == 200
    assert gaoler.get(f"/custody/detentions/{det['id']}/do/no-such-act").status_code == 404
