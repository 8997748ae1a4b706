"""The information management pages: the reviews due with the overdue report per group,
a person's review, and the decision form with the rules' refusals shown on it."""
from __future__ import annotations

from tests.core.retention.conftest import refresh
from tests.core.web_client import WebClient


def test_the_queue_and_a_decision_on_the_pages(im, client, book):
    pid = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Vera", "family": "Lynde"}]}).json["id"]
    refresh(im.app, pid)
    web = WebClient(im.app).sign_in("info_manager")
    status, html = web.text("/retention/")
    assert status == 200 and 'data-testid="overdue-report"' in html and "Group 3: All other offences" in html
    assert 'data-testid="nothing-due"' in html and ">Reviews<" in html
    status, html = web.text(f"/retention/persons/{pid}")
    assert status == 200 and "All other offences" in html and "Record the decision" in html
    r = web.post(f"/retention/persons/{pid}", {"decision": "keep", "reason": "Open safeguarding concern here", "next_review": "soon"})
    assert r.status_code == 400 and "Enter the next review date as YYYY-MM-DD" in r.get_data(as_text=True)
    r = web.post(f"/retention/persons/{pid}", {"decision": "keep", "reason": "short", "next_review": "2041-05-01"})
    assert r.status_code == 400 and "Give the reason" in r.get_data(as_text=True) and "DPA 2018 s.62" in r.get_data(as_text=True)
    r = web.post(f"/retention/persons/{pid}", {"decision": "keep", "reason": "Open safeguarding concern here", "next_review": "2041-05-01"})
    assert r.status_code == 302
    status, html = web.text("/retention/")
    assert "Kept until 01 May 2041" in html
    assert im.get(f"/api/v1/retention/persons/{pid}", "info_manager").json["next_review_at"].startswith("2041-05-01")


def test_a_live_record_is_refused_on_the_page_and_others_may_not_come_in(im, book):
    det = book()
    web = WebClient(im.app).sign_in("info_manager")
    r = web.post(f"/retention/persons/{det['person_id']}", {"decision": "dispose", "reason": "No policing purpose remains"})
    assert r.status_code == 400 and "live or held" in r.get_data(as_text=True) and "in custody" in r.get_data(as_text=True)
    officer = WebClient(im.app).sign_in("officer")
    assert officer.get("/retention/").status_code == 403
    status, html = officer.text("/search")
    assert ">Reviews<" not in html
