"""The prosecution pages: my unit's cases with what each file still needs, a case file
with its forms and sources, the warrants outstanding first; a purpose asked first."""
from __future__ import annotations

from tests.core.web_client import WebClient
from tests.plugins.prosecution.conftest import API


def test_my_cases_show_what_each_file_still_needs_and_the_case_its_forms(prosecution, charge):
    charge()
    (case,) = prosecution.get(f"{API}/cases", "case_worker").json
    web = WebClient(prosecution.app).sign_in("case_worker")
    status, html = web.text("/prosecution/")
    assert status == 200 and "Why are you looking" in html  # a purpose first
    status, html = web.text("/prosecution/?purpose=preparing+files")
    assert status == 200 and case["urn"] in html and "LANSBURY, Robert" in html
    assert "File type (anticipated plea and venue)" in html and "MG1 File front sheet: officer in case" in html
    status, html = web.text(f"/prosecution/cases/{case['id']}")
    assert status == 200 and "This file cannot be submitted yet" in html
    assert "Theft from shop (TH68010)" in html and "from custody.charged v1: defendant.dob" in html
    assert 'data-testid="form-MG4"' in html
    audit = prosecution.get(f"/api/v1/audit?entity_type=case_file&entity_id={case['id']}", "auditor").json
    assert any(e["action"] == "consultation" and e["actor"] == "case_worker" for e in audit)


def test_the_warrants_page_lists_outstanding_first(prosecution, suspect):
    made = []
    for kind in ("breach", "recall"):
        r = prosecution.post(f"{API}/warrants", "warrants", json={
            "warrant_type": kind, "person_id": suspect, "court": "Highbury Corner Magistrates' Court",
            "issued_at": "2026-11-01T10:00:00+00:00"})
        assert r.status_code == 201, r.json
        made.append(r.json)
    assert prosecution.post(f"{API}/warrants/{made[0]['id']}/execution", "warrants", json={}).status_code == 201
    status, html = WebClient(prosecution.app).sign_in("pros_reader").text("/prosecution/warrants?purpose=review")
    assert status == 200
    assert html.index(made[1]["warrant_no"]) < html.index(made[0]["warrant_no"])
    assert "Outstanding (received)" in html and "Executed" in html


def test_the_pages_need_a_prosecution_role(prosecution):
    status, _ = WebClient(prosecution.app).sign_in("officer").text("/prosecution/?purpose=x+y")
    assert status == 403
