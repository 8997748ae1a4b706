"""The intelligence pages (issue 16, section 7, in part): submit a report from the form,
the evaluation queue, the sanitisation screen with the original beside the sanitised
text, and a report's page with its grading explained, each showing what the access rules
allow and no more."""
from __future__ import annotations

from tests.core.web_client import WebClient

FORM = {"source_type": "member_of_public", "source_name": "Alice Trenton", "text": "Harker keeps a knife in his car",
        "source_evaluation": "2", "assessment": "B", "handling": "P", "given": "Dwayne", "family": "Harker",
        "dob": "1991-02-14", "vehicle": "LB07 XYZ"}


def _submitted(app, intelligence):
    web = WebClient(app).sign_in("intel_reader")
    status, html = web.text("/intelligence/reports/new")
    assert status == 200 and "Known indirectly to the source but corroborated" in html and "3x5x2" in html
    r = web.post("/intelligence/reports/new", FORM)
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    return web


def test_a_report_submitted_on_the_form_is_graded_and_queued(intelligence, app):
    _submitted(app, intelligence)
    officer = WebClient(app).sign_in("intel_officer")
    status, html = officer.text("/intelligence/queue")
    assert status == 200 and "/000001" in html and "Submitted" in html


def test_a_bad_grade_on_the_form_is_refused_with_its_rule(intelligence, app):
    web = WebClient(app).sign_in("intel_reader")
    r = web.post("/intelligence/reports/new", FORM | {"handling": "C"})
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and "needs its conditions" in html and "College of Policing APP" in html
    assert "Harker keeps a knife in his car" in html  # what was typed is kept


def test_the_sanitisation_screen_shows_the_original_beside_the_sanitised_text(intelligence, app):
    _submitted(app, intelligence)
    report_id = intelligence.get("/api/v1/audit?entity_type=intelligence_report_entry", "auditor").json[0]["entity_id"]
    report_id = report_id.split("#")[0]
    officer = WebClient(app).sign_in("intel_officer")
    page = f"/intelligence/reports/{report_id}/sanitise?purpose=evaluating+new+intelligence"
    status, html = officer.text(page)
    assert status == 200 and 'data-testid="original-1"' in html and "Harker keeps a knife in his car" in html
    leak = officer.post(page, {"action": "sanitise", "item-1": "Alice Trenton says a man keeps a knife"})
    assert leak.status_code == 400 and "identifies the source" in leak.get_data(as_text=True)
    assert officer.post(page, {"action": "sanitise", "item-1": "A man keeps a knife in a car"}).status_code == 302
    assert officer.post(page, {"action": "disseminate"}).status_code == 302
    reader = WebClient(app).sign_in("intel_reader")
    status, html = reader.text(f"/intelligence/reports/{report_id}?purpose=briefing+before+a+visit")
    assert status == 200 and "A man keeps a knife in a car" in html
    assert "Harker keeps a knife in his car" not in html and 'data-testid="original-1"' not in html
    assert "Known indirectly to the source but corroborated" in html  # the grading explained
    assert reader.get(f"/intelligence/reports/{report_id}/sanitise?purpose=x+y+z").status_code == 403
