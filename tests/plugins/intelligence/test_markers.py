"""Warning markers raised from intelligence (issue 16, section 3): on a person the report
is about, with its source report and review date, shown through the kernel's markers
wherever the person is shown, the justification only to the intelligence unit, and told
at once to a page listening on the person's channel (server push)."""
from __future__ import annotations

from sqlalchemy import func, select

from tests.core.web_client import WebClient
from tests.plugins.intelligence.conftest import later


def _report_and_person(intelligence, submit):
    made = submit()
    body = intelligence.read(f"/api/v1/intelligence/reports/{made['id']}", "intel_officer").json
    return made, next(s["person_id"] for s in body["subjects"] if s["kind"] == "person")


def _raise(intelligence, report_id, subject, user="intel_officer", **extra):
    body = {"person_id": subject, "marker": "weapons", "justification": "Knife seen by a reliable source",
            "review_at": later(days=180)} | extra
    return intelligence.post(f"/api/v1/intelligence/reports/{report_id}/markers", user, json=body)


def test_a_marker_is_raised_with_its_source_and_review_date(intelligence, submit):
    made, person_id = _report_and_person(intelligence, submit)
    r = _raise(intelligence, made["id"], person_id)
    assert r.status_code == 201, r.json
    assert r.json["report_id"] == made["id"] and r.json["marker"] == "weapons"
    view = intelligence.read(f"/api/v1/persons/{person_id}/view", "officer").json  # any officer: officer safety
    marker = next(m for m in view["markers"] if m["marker"] == "weapons")
    assert made["number"] in marker["detail"] and "review by" in marker["detail"]
    assert marker["source_system"] == "intelligence"
    assert "Knife seen" not in str(view)  # the justification is not shown to an officer without the right
    unit = intelligence.read(f"/api/v1/persons/{person_id}/view", "analyst").json
    section = next(s for s in unit["sections"] if s["module"] == "intelligence")
    assert section["items"][0] == {"kind": "marker", "marker": "weapons", "report": made["number"],
                                   "review_at": section["items"][0]["review_at"],
                                   "justification": "Knife seen by a reliable source"}
    reader = intelligence.read(f"/api/v1/persons/{person_id}/view", "intel_reader").json
    section = next(s for s in reader["sections"] if s["module"] == "intelligence")
    assert section["items"][0]["kind"] == "marker" and section["items"][0]["justification"] is None
    history = intelligence.read(f"/api/v1/intelligence/reports/{made['id']}", "intel_officer").json["history"]
    assert [h["kind"] for h in history] == ["submitted", "marker_raised"]


def test_bad_markers_are_refused_with_their_rule_and_nothing_is_written(intelligence, submit, client, app):
    made, person_id = _report_and_person(intelligence, submit)
    other = client.post("/api/v1/persons", "officer", json={"names": [{"given": "Ann", "family": "Other"}]}).json["id"]
    cases = [({"marker": "grumpy"}, "unknown_marker", "PNC"),
             ({"review_at": later(days=-1)}, "review_date", "review"),
             ({"review_at": later(days=800)}, "review_date", "review"),
             ({"person_id": other}, "marker_without_source", "PNC")]
    for extra, code, cite in cases:
        r = _raise(intelligence, made["id"], person_id, **extra)
        assert r.status_code == 422 and r.json["code"] == code, (extra, r.json)
        assert cite in r.json["errors"]["cite"]
    from core.persons.models import WarningMarker
    from core.platform.db import session
    from plugins.intelligence.models import RaisedMarker

    with app.app_context():
        assert session().scalar(select(func.count()).select_from(WarningMarker)) == 0
        assert session().scalar(select(func.count()).select_from(RaisedMarker)) == 0
        session().rollback()
    assert _raise(intelligence, made["id"], person_id, user="analyst").status_code == 403
    missing = intelligence.post("/api/v1/intelligence/reports/nope/markers", "intel_officer",
                                json={"person_id": person_id, "marker": "weapons", "justification": "x y z",
                                      "review_at": later(days=10)})
    assert missing.status_code == 404


def test_an_officer_viewing_the_person_is_told_of_the_marker(intelligence, submit, app):
    made, person_id = _report_and_person(intelligence, submit)
    web = WebClient(app).sign_in("officer")
    response = web.http.get(f"/push/intelligence.person.{person_id}", buffered=False)
    chunks = iter(response.response)
    assert response.status_code == 200 and next(chunks).startswith(b"retry:")
    assert _raise(intelligence, made["id"], person_id).status_code == 201
    message = next(chunks).decode()
    assert message.startswith("id: ") and '"kind": "marker"' in message and '"marker": "weapons"' in message
    response.close()
    assert WebClient(app).sign_in("nobody").get(f"/push/intelligence.person.{person_id}").status_code in (403, 404)
