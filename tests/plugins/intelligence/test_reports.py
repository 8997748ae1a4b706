"""Submitting intelligence (issue 16, section 1): each item graded 3x5x2 with its meaning
and source, a covert source only by reference, subjects resolved to the one person, a
gap-free report number, the history in a journal; bad input a 4xx with its rule, and
nothing half-written."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.plugins.intelligence.conftest import PERSON, c_item, item


def _counts(app):
    from core.platform.db import session
    from plugins.intelligence.models import Report, ReportEntry, ReportItem, ReportSubject, Source
    from core.persons.models import Person

    with app.app_context():
        out = {m.__tablename__: session().scalar(select(func.count()).select_from(m))
               for m in (Report, ReportItem, ReportSubject, ReportEntry, Source, Person)}
        session().rollback()
    return out


def test_a_report_is_numbered_graded_and_journalled(intelligence, submit):
    made = submit([item(), c_item()])
    assert made["number"].startswith("IR/") and made["number"].endswith("/000001") and made["state"] == "submitted"
    again = submit([item()])
    assert again["number"].endswith("/000002")
    r = intelligence.read(f"/api/v1/intelligence/reports/{made['id']}", "intel_officer")
    assert r.status_code == 200, r.json
    body = r.json
    first, second = body["items"]
    assert first["grading"]["code"] == "2BP"
    assert first["grading"]["source_evaluation"] == {
        "grade": "2", "meaning": "Untested", "cite": first["grading"]["source_evaluation"]["cite"]}
    assert "3x5x2" in first["grading"]["intelligence_assessment"]["cite"]
    assert first["grading"]["intelligence_assessment"]["meaning"] == "Known indirectly to the source but corroborated"
    assert second["handling"] == "C" and second["conditions"] == ["public_protection"]
    assert second["conditions_text"].startswith("Share only with public protection")
    assert body["text"].startswith("Caller said") and body["source_type"] == "member_of_public"
    assert [h["kind"] for h in body["history"]] == ["submitted"]
    assert body["history"][0]["data"]["grades"] == ["2BP", "1AC"]
    kinds = {s["kind"]: s for s in body["subjects"]}
    assert kinds["vehicle"]["value"] == "LB07 XYZ" and kinds["person"]["person_id"]


def test_a_subject_resolves_to_the_one_person(intelligence, submit, client):
    person = client.post("/api/v1/persons", "officer", json=PERSON | {"source": {"system": "test", "key": "h1"}})
    assert person.status_code == 201, person.json
    made = submit([item()], subjects=[{"kind": "person", "person_id": person.json["id"]}])
    body = intelligence.read(f"/api/v1/intelligence/reports/{made['id']}", "intel_officer").json
    assert body["subjects"][0]["person_id"] == person.json["id"]


@pytest.mark.parametrize("bad, code, cite_has", [
    (item(grade=("4", "B", "P")), "grade_outside_3x5x2", "source evaluation"),
    (item(grade=("1", "F", "P")), "grade_outside_3x5x2", "intelligence assessment"),
    (item(grade=("1", "A", "X")), "grade_outside_3x5x2", "handling code"),
    (item(grade=("1", "A", "C")), "conditions_required", "conditions"),
    (item(grade=("1", "A", "C"), conditions=["public_protection"]), "conditions_required", "conditions"),
    (item(grade=("1", "A", "C"), conditions=["tea_only"], conditions_text="x"), "unknown_condition", "handling"),
    (item(conditions=["police_only"], conditions_text="x"), "conditions_on_p", "handling"),
])
def test_bad_grades_are_refused_with_their_rule_and_nothing_is_written(intelligence, submit, app, bad, code, cite_has):
    before = _counts(app)
    refused = submit([item(), bad], status=422)
    assert refused["code"] == code and cite_has in refused["errors"]["cite"]
    assert _counts(app) == before


def test_a_covert_source_is_given_by_reference_only(intelligence, submit, app):
    before = _counts(app)
    named = submit(source={"type": "chis", "reference": "CHIS-0042", "name": "Barry Coles"}, status=422)
    assert named["code"] == "covert_source_named" and "Covert Human Intelligence Sources" in named["errors"]["cite"]
    unknown = submit(source={"type": "chis", "reference": "CHIS-0042"}, status=422)
    assert unknown["code"] == "unknown_source"
    assert _counts(app) == before
    r = intelligence.post("/api/v1/intelligence/sources", "intel_officer",
                          json={"type": "chis", "reference": "CHIS-0042", "name": "Barry Coles"})
    assert r.status_code == 201 and r.json["covert"] is True and "name" not in r.json
    overt = submit(source={"type": "member_of_public", "reference": "CHIS-0042"}, status=422)
    assert overt["code"] == "unknown_source"  # an overt report cannot point at the covert source
    made = submit(source={"type": "chis", "reference": "CHIS-0042"})
    body = intelligence.read(f"/api/v1/intelligence/reports/{made['id']}", "intel_officer").json
    assert body["source_type"] == "chis" and "CHIS-0042" not in str(body) and "Coles" not in str(body)


def test_an_unknown_source_type_and_a_reader_registering_sources_are_refused(intelligence, submit):
    assert submit(source={"type": "psychic"}, status=422)["code"] == "unknown_source_type"
    r = intelligence.post("/api/v1/intelligence/sources", "intel_reader", json={"type": "chis", "reference": "X-1"})
    assert r.status_code == 403


def test_an_officer_without_an_intelligence_role_cannot_submit(intelligence):
    r = intelligence.post("/api/v1/intelligence/reports", "officer", json={})
    assert r.status_code == 403
