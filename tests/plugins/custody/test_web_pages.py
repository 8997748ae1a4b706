"""The custody pages of the officer web UI: the board, the record, logging a check."""
from __future__ import annotations

from datetime import timedelta

from tests.core.web_client import WebClient


def test_board_page_shows_overdue_plainly_and_refreshes(custody, book, app):
    late = book({"names": [{"given": "Ann", "family": "Late"}], "dobs": ["1980-01-01"]},
                arrest=timedelta(hours=8), arrival=timedelta(hours=7))
    book({"names": [{"given": "Ben", "family": "Fine"}], "dobs": ["1981-01-01"]})
    web = WebClient(app).sign_in("custody_reader")
    status, html = web.text("/custody/suites/CAM")
    assert status == 200
    assert 'http-equiv="refresh"' in html
    assert "LATE, Ann" in html and "FINE, Ben" in html
    assert html.index("LATE, Ann") < html.index("FINE, Ben")       # overdue first
    assert "review overdue since" in html and "1 overdue" in html
    assert late["custody_no"] in html
    assert "Log check" not in html                                   # a reader may not log checks
    status, index = web.text("/custody/")
    assert status == 200 and "CAM custody board" in index


def test_logging_a_check_from_the_board(custody, book, app):
    det = book()
    web = WebClient(app).sign_in("gaoler")
    status, html = web.text("/custody/suites/CAM")
    assert "Log check" in html
    r = web.post(f"/custody/detentions/{det['id']}/checks", {"condition": "asleep, breathing"})
    assert r.status_code == 302
    record = custody.read(f"/api/v1/custody/detentions/{det['id']}", "custody_reader").json
    assert record["entries"][-1]["kind"] == "check" and record["entries"][-1]["by"] == "gaoler"
    assert web.post(f"/custody/detentions/{det['id']}/checks", {}, csrf=False).status_code == 400


def test_record_page_asks_why_then_shows_the_record(custody, book, app):
    det = book()
    web = WebClient(app).sign_in("custody_reader")
    status, html = web.text(f"/custody/detentions/{det['id']}")
    assert status == 200 and "Why are you looking" in html
    status, html = web.text(f"/custody/detentions/{det['id']}", query_string={"purpose": "review of custody"})
    assert status == 200 and det["custody_no"] in html and "authorised" in html
    r = web.http.get(f"/custody/detentions/{det['id']}/print", query_string={"format": "pdf"})
    assert r.status_code == 200 and r.data.startswith(b"%PDF-")


def test_custody_pages_go_when_the_module_is_off(custody, book, app, enable):
    web = WebClient(app).sign_in("custody_reader")
    assert web.get("/custody/suites/CAM").status_code == 200
    enable("custody", enabled=False)
    r = web.get("/custody/suites/CAM")
    assert r.status_code == 404 and "not switched on" in r.get_data(as_text=True)
